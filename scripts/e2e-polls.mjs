#!/usr/bin/env node
// Polls and faults in a real n8n (`node scripts/e2e-polls.mjs [--n8n=1] [--keep]`).
//
// 1. Overlapping polls: the AWS Cognito Trigger (Changes, a poll every 5 s) reads moto through a
//    proxy adding SLOW_LATENCY_MS to every answer, so that each poll outlasts the poll interval;
//    the pool is changed while polls overlap. Every change must be emitted exactly once, and n8n's
//    log must show the skipped polls.
// 2. What the user sees: webhook-started workflows whose AWS Cognito node meets an endpoint that
//    refuses connections, one that resets them, one that never answers, one that throttles every
//    call, one that throttles every other call, and bad credential fields; then n8n restarted with
//    N8N_COGNITO_LIMITER_REDIS_URL pointing at a closed port. Each execution's error message and
//    description are read from n8n's public API (/executions/<id>?includeData=true), as the editor
//    shows them, and printed.
//
// scripts/e2e.mjs runs the same phases on its n8n (pollsPhases).
import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	AdminDisableUserCommand,
	AdminEnableUserCommand,
	AdminRemoveUserFromGroupCommand,
	AdminUpdateUserAttributesCommand,
	CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from './lib/checks.mjs';
import { FAST_POLL } from './lib/e2e-workflows.mjs';
import { ACTION_NODE, TRIGGER_NODE, cognitoCredential } from './lib/examples.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import {
	api,
	createApiKey,
	freePort,
	importCredentials,
	importWorkflows,
	login,
	makeUserFolder,
	n8nEnv,
	rest,
	setupOwner,
	startN8n,
} from './lib/n8n-process.mjs';
import { DEFAULT_N8N_MAJOR, n8nMajorFromArgs } from './lib/n8n-version.mjs';
import { startMoto } from './lib/moto.mjs';
import { answerThrottled, startQuotaProxy } from './lib/quota-proxy.mjs';
import { SEED_KEYS, cognitoClient, seedOrganisation } from './lib/seed.mjs';
import { runStandalone } from './lib/standalone.mjs';

/** Added to every answer of the slow endpoint: a poll (about three round trips) then takes 9–12 s. */
const SLOW_LATENCY_MS = 3000;
/** n8n's text for a refused or reset connection, which must not replace ours. */
const N8N_GENERIC = /perhaps it is offline|The connection to the server was closed unexpectedly/i;
/** How long a workflow meeting a fault may take to fail (8 attempts with backoff; a hung endpoint's timeout). */
const FAULT_BOUND_MS = 150_000;
const UNFINISHED = ['new', 'running', 'waiting'];
const TRIGGER_ID = 'e2ePollsOverlap1';
const REDIS_TRIGGER_ID = 'e2ePollsRedisDn1';
const REDIS_ENV = 'N8N_COGNITO_LIMITER_REDIS_URL';

const sorted = (values) => [...values].sort();

// ── Loopback fault servers ───────────────────────────────────────────────────────────────────

/** A TCP server on 127.0.0.1 that does `onSocket` with each connection; stop() destroys them all. */
async function tcpServer(onSocket) {
	const sockets = new Set();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		onSocket(socket);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `http://127.0.0.1:${server.address().port}`,
		stop: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/** Answers every request as AWS answers over quota, or every other one when `forwardTo` is given. */
async function throttlingServer(forwardTo) {
	const target = forwardTo ? new URL(forwardTo) : undefined;
	let requests = 0;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('error', () => res.destroy());
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			if (!target || requests++ % 2 === 0) return answerThrottled(res);
			const upstream = http.request(
				{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', () => res.destroy());
			upstream.end(Buffer.concat(chunks));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `http://127.0.0.1:${server.address().port}`,
		requests: () => requests,
		stop: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

// ── Workflows ────────────────────────────────────────────────────────────────────────────────

const credentialRef = (id) => ({ awsCognitoApi: { id, name: `[e2e polls] ${id}` } });

/** Webhook (answered at once) → AWS Cognito User → Get Many (5 users) with the credential `credentialId`. */
function faultWorkflow(fault, userPoolId) {
	return {
		id: fault.workflowId,
		name: `[e2e faults] ${fault.name}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${fault.workflowId}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${fault.workflowId}-webhook`,
				parameters: { httpMethod: 'POST', path: `fault-${fault.key}`, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${fault.workflowId}-cognito`,
				name: 'List users',
				type: ACTION_NODE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'user',
					operation: 'getAll',
					userPool: { __rl: true, mode: 'id', value: userPoolId },
					returnAll: false,
					limit: 5,
				},
				credentials: credentialRef(fault.credentialId),
			},
		],
		connections: { Webhook: { main: [[{ node: 'List users', type: 'main', index: 0 }]] } },
	};
}

function changesTrigger(id, credentialId, userPoolId) {
	return {
		id,
		name: `[e2e polls] changes, every 5 s (${credentialId})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Pool changes',
				type: TRIGGER_NODE,
				typeVersion: 1,
				position: [0, 0],
				credentials: credentialRef(credentialId),
				parameters: {
					pollTimes: FAST_POLL,
					userPool: { __rl: true, mode: 'id', value: userPoolId },
					emit: 'changes',
					options: {},
				},
			},
		],
		connections: {},
	};
}

// ── The phases ───────────────────────────────────────────────────────────────────────────────

/** The error an execution shows in the editor: the failing node's, else the run's. */
function executionError(execution) {
	const runData = execution?.data?.resultData?.runData ?? {};
	const nodeError = Object.values(runData)
		.flat()
		.find((run) => run?.error)?.error;
	const error = nodeError ?? execution?.data?.resultData?.error;
	return error ? { message: error.message ?? '', description: error.description ?? '' } : undefined;
}

function itemsOf(execution, nodeName) {
	return execution?.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** POSTs to a production webhook; 2.x registers it just after activation, so a 404 is tried again for a while. */
async function callWebhook(baseUrl, webhookPath) {
	let status;
	await waitFor(
		async () => {
			status = (await fetch(`${baseUrl}/webhook/${webhookPath}`, { method: 'POST' })).status;
			return status !== 404;
		},
		{ timeoutMs: 20_000, intervalMs: 250 },
	);
	return status;
}

/** A started n8n with an owner and an API key: {baseUrl, apiKey, output(), stop()}. */
async function startServer(env, { cleanup, log }) {
	const started = await startN8n(env, { log });
	cleanup.add(() => started.stop());
	const { cookie } = await setupOwnerOrLogin(started.baseUrl);
	const { apiKey } = await createApiKey(started.baseUrl, cookie, { label: `e2e polls ${Date.now()}` });
	return { ...started, apiKey, cookie };
}

const OWNER = { email: 'polls-owner@example.com', password: 'Polls-Owner-2025' };
/** The first start sets the owner up; a restart on the same user folder logs in. */
async function setupOwnerOrLogin(baseUrl) {
	try {
		return await setupOwner(baseUrl, OWNER);
	} catch {
		return await login(baseUrl, OWNER.email, OWNER.password);
	}
}

/**
 * The polls and faults phases on n8n `n8n` (resolveN8n()), against `moto`; everything started is
 * registered with `cleanup`; n8n's user folder goes under `folder`.
 */
export async function pollsPhases({ n8n, moto, checks, log, cleanup, folder }) {
	const ctx = {};
	await checks.phase(
		'polls: pool, slow proxy, fault servers, credentials, workflows',
		async () => {
			ctx.client = cognitoClient(moto.endpoint);
			const { userPoolId, truth } = await seedOrganisation(ctx.client, { poolName: 'northwind-e2e-polls' });
			Object.assign(ctx, { userPoolId, truth });
			ctx.slow = await startQuotaProxy(moto.endpoint, { latencyMs: SLOW_LATENCY_MS });
			cleanup.add(() => ctx.slow.stop());
			const reset = await tcpServer((socket) => (socket.resetAndDestroy ? socket.resetAndDestroy() : socket.destroy()));
			const hung = await tcpServer(() => undefined); // reads the request, never answers
			const throttled = await throttlingServer();
			const storm = await throttlingServer(moto.endpoint);
			for (const server of [reset, hung, throttled, storm]) cleanup.add(() => server.stop());
			ctx.storm = storm;
			const closed = `http://127.0.0.1:${await freePort()}`;
			const good = { endpoint: moto.endpoint, userPoolId, keys: SEED_KEYS };
			const credential = (id, fields = {}, data = {}) => {
				const base = cognitoCredential({ ...good, ...fields, id, name: `[e2e polls] ${id}` });
				return { ...base, data: { ...base.data, ...data } };
			};
			// Each fault: its credential, what the user must see, and a label for docs/faults.md.
			ctx.faults = [
				{
					key: 'refused',
					name: 'connection refused (closed port)',
					endpoint: closed,
					expect: `Could not reach Cognito at ${closed}`,
				},
				{
					key: 'reset',
					name: 'connection reset',
					endpoint: reset.endpoint,
					expect: `Could not reach Cognito at ${reset.endpoint}`,
				},
				{
					key: 'hung',
					name: 'endpoint never answers',
					endpoint: hung.endpoint,
					expect: `Cognito at ${hung.endpoint}`,
					waitsOutBudget: true,
				},
				{
					key: 'throttled',
					name: '100% throttled',
					endpoint: throttled.endpoint,
					expect: 'Cognito throttled ListUsers on user pool ',
					waitsOutBudget: true,
				},
				{ key: 'storm', name: '50% throttled (every other call)', endpoint: storm.endpoint, succeeds: true },
				{
					key: 'region',
					name: 'credential: Region "moon-1"',
					data: { region: 'moon-1' },
					expect: 'Region is not an AWS region name',
				},
				{
					key: 'nokey',
					name: 'credential: Access Key ID empty',
					data: { accessKeyId: '' },
					expect: 'Access Key ID is empty',
				},
				{
					key: 'ftp',
					name: 'credential: Custom Endpoint ftp://',
					data: { endpoint: 'ftp://127.0.0.1:21' },
					expect: 'Custom Endpoint must start with http:// or https://',
				},
			]
				.map((fault, i) => ({
					...fault,
					credentialId: `e2ePollsCred${String(i).padStart(4, '0')}`,
					workflowId: `e2ePollsFault${String(i).padStart(3, '0')}`,
				}))
				// The legacy check leaves out the two that wait out the 120 s call budget (two minutes of
				// CI): their message takes the same path to the user as the refused connection's.
				.filter((fault) => !fault.waitsOutBudget || n8n.major === DEFAULT_N8N_MAJOR);
			const credentials = [
				credential('e2ePollsSlow0001', { endpoint: ctx.slow.endpoint }),
				credential('e2ePollsGood0001'),
				...ctx.faults.map((f) => credential(f.credentialId, f.endpoint ? { endpoint: f.endpoint } : {}, f.data)),
			];
			const workflows = [
				changesTrigger(TRIGGER_ID, 'e2ePollsSlow0001', userPoolId),
				changesTrigger(REDIS_TRIGGER_ID, 'e2ePollsGood0001', userPoolId),
				...ctx.faults.map((f) => faultWorkflow(f, userPoolId)),
				faultWorkflow(
					{
						key: 'redis',
						name: 'shared limiter Redis unreachable',
						workflowId: 'e2ePollsRedisWf1',
						credentialId: 'e2ePollsGood0001',
					},
					userPoolId,
				),
			];
			const userFolder = path.join(folder, 'polls');
			ctx.env = await n8nEnv({ userFolder, bin: n8n.bin, extra: n8n.env });
			await installPackageInto(userFolder, { log });
			await importCredentials(ctx.env, credentials);
			await importWorkflows(ctx.env, workflows);
			log(`pool ${userPoolId}; slow proxy ${ctx.slow.endpoint} (+${SLOW_LATENCY_MS} ms a call)`);
		},
		{ fatal: true },
	);

	const server = await checks.phase('polls: n8n start', () => startServer(ctx.env, { cleanup, log }), { fatal: true });
	const executionsOf = async (workflowId) =>
		(await api(server.baseUrl, server.apiKey, 'GET', `/executions?workflowId=${workflowId}&includeData=true&limit=250`))
			.data ?? [];

	// The fault workflows start first: two of them wait out the 120 s call budget, which the overlap
	// phase then runs alongside (each credential has an endpoint, hence a limiter, of its own).
	await checks.phase('faults: every fault workflow started', async () => {
		for (const fault of ctx.faults)
			await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${fault.workflowId}/activate`);
		ctx.faultsStarted = Date.now();
		await Promise.all(
			ctx.faults.map(async (fault) => {
				fault.webhookStatus = await callWebhook(server.baseUrl, `fault-${fault.key}`);
			}),
		);
	});

	await checks.phase('polls: overlapping polls behind a slow endpoint, changes made meanwhile', async () => {
		const { client, userPoolId, truth } = ctx;
		const t = Date.now();
		await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${TRIGGER_ID}/activate`);
		const baseline = await waitFor(
			async () =>
				(await api(server.baseUrl, server.apiKey, 'GET', `/workflows/${TRIGGER_ID}`)).staticData?.['node:Pool changes']
					?.fingerprint,
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		if (!checks.ok('overlap: the baseline poll records a fingerprint', baseline?.pool === userPoolId)) return;
		log(`baseline recorded ${((Date.now() - t) / 1000).toFixed(1)} s after activation`);

		// Four different enabled users: one with groups to leave, one missing a group to join.
		const enabled = truth.users.filter((u) => u.enabled);
		const toLeave = enabled.find((u) => u.groups.length > 0);
		const toJoin = enabled.find((u) => u !== toLeave && !u.groups.includes('finance'));
		const [toDisable, toUpdate] = enabled.filter((u) => u !== toLeave && u !== toJoin);
		const leaveGroup = toLeave.groups[0];
		const joinGroup = 'finance';
		const toEnable = truth.users.find((u) => !u.enabled);
		const UserPoolId = userPoolId;
		const changes = [
			[
				`user.created|poll.newcomer|`,
				() =>
					client.send(
						new AdminCreateUserCommand({
							UserPoolId,
							Username: 'poll.newcomer',
							MessageAction: 'SUPPRESS',
							UserAttributes: [{ Name: 'email', Value: 'poll.newcomer@northwind.example.com' }],
						}),
					),
			],
			[
				`user.disabled|${toDisable.username}|`,
				() => client.send(new AdminDisableUserCommand({ UserPoolId, Username: toDisable.username })),
			],
			[
				`membership.added|${toJoin.username}|${joinGroup}`,
				() =>
					client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: toJoin.username, GroupName: joinGroup })),
			],
			[
				`user.updated|${toUpdate.username}|`,
				() =>
					client.send(
						new AdminUpdateUserAttributesCommand({
							UserPoolId,
							Username: toUpdate.username,
							UserAttributes: [{ Name: 'custom:department', Value: 'Polling' }],
						}),
					),
			],
			[
				`group.created||poll-reviewers`,
				() => client.send(new CreateGroupCommand({ UserPoolId, GroupName: 'poll-reviewers' })),
			],
			[
				`membership.removed|${toLeave.username}|${leaveGroup}`,
				() =>
					client.send(
						new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: toLeave.username, GroupName: leaveGroup }),
					),
			],
			[
				`user.enabled|${toEnable.username}|`,
				() => client.send(new AdminEnableUserCommand({ UserPoolId, Username: toEnable.username })),
			],
		];
		const changedFrom = Date.now();
		// One change every 2.5 s for about 17 s: several polls start, overlap and finish meanwhile.
		for (const [, change] of changes) {
			await change();
			await new Promise((resolve) => setTimeout(resolve, 2500));
		}
		const expected = sorted(changes.map(([event]) => event));
		const eventsOf = (executions) =>
			executions.flatMap((e) =>
				itemsOf(e, 'Pool changes').map(
					(i) => `${i.json.event}|${i.json.username ?? i.json.sub ?? ''}|${i.json.group ?? ''}`,
				),
			);
		await waitFor(async () => eventsOf(await executionsOf(TRIGGER_ID)).length >= expected.length, {
			timeoutMs: 60_000,
			intervalMs: 1000,
		});
		// Two more poll durations: a duplicate would come now.
		await new Promise((resolve) => setTimeout(resolve, 4 * SLOW_LATENCY_MS + 5000));
		await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${TRIGGER_ID}/deactivate`);
		const executions = await executionsOf(TRIGGER_ID);
		const seen = sorted(eventsOf(executions));
		const skipped = (server.output().match(/the previous poll is still running, this one is skipped/g) ?? []).length;
		const requests = ctx.slow.requests().filter((r) => r.operation === 'ListUsers' && r.at >= changedFrom);
		log(
			`overlap: ${executions.length} executions, ${seen.length} events, ${skipped} polls skipped, ${requests.length} ListUsers calls since the first change`,
		);
		checks.equal('overlap: every change is emitted exactly once', seen, expected);
		checks.ok(
			`overlap: n8n's log shows skipped polls (${skipped}), so polls did come while one ran`,
			skipped >= 2,
			server.output().slice(-2000),
		);
		checks.equal('overlap: every execution succeeded', sorted(new Set(executions.map((e) => e.status))), ['success']);
		ctx.overlap = { executions: executions.length, events: seen.length, skipped };
	});

	await checks.phase(
		`faults: what the user sees (${n8n.major === DEFAULT_N8N_MAJOR ? 'refused, reset, hung, throttled' : 'refused, reset'}, bad credential fields)`,
		async () => {
			const started = ctx.faultsStarted ?? Date.now();
			await Promise.all(
				ctx.faults.map(async (fault) => {
					fault.execution = await waitFor(
						async () => (await executionsOf(fault.workflowId)).find((e) => !UNFINISHED.includes(e.status)),
						{ timeoutMs: Math.max(0, started + FAULT_BOUND_MS - Date.now()), intervalMs: 1000 },
					);
					fault.seconds = (Date.now() - started) / 1000;
				}),
			);
			for (const fault of ctx.faults) {
				const error = executionError(fault.execution);
				fault.seen = error;
				if (!fault.execution) {
					const all = await executionsOf(fault.workflowId);
					log(
						`${fault.name}: webhook HTTP ${fault.webhookStatus}; executions: ${all.map((e) => e.status).join(', ') || 'none'}`,
					);
				}
				log(
					`${fault.name}: ${fault.execution?.status ?? `not finished after ${FAULT_BOUND_MS / 1000} s`}${error ? `\n       message:     ${error.message}\n       description: ${error.description}` : ''}`,
				);
				if (fault.succeeds) {
					checks.equal(
						`fault ${fault.name}: the workflow succeeds with 5 users (retries absorb the throttling)`,
						[fault.execution?.status, itemsOf(fault.execution, 'List users').length],
						['success', 5],
					);
					continue;
				}
				checks.ok(
					`fault ${fault.name}: fails within ${FAULT_BOUND_MS / 1000} s`,
					fault.execution?.status === 'error',
					fault.execution?.status ?? 'still running',
				);
				checks.ok(
					`fault ${fault.name}: the user sees "${fault.expect}…", not n8n's generic text`,
					error && error.message.includes(fault.expect) && !N8N_GENERIC.test(error.message),
					JSON.stringify(error),
				);
			}
			for (const fault of ctx.faults)
				await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${fault.workflowId}/deactivate`);
		},
	);
	await server.stop();

	await checks.phase(`faults: ${REDIS_ENV} names a Redis that is down`, async () => {
		const closed = await freePort();
		const redisUrl = `redis://127.0.0.1:${closed}/0`;
		const restarted = await startServer({ ...ctx.env, [REDIS_ENV]: redisUrl }, { cleanup, log });
		const executions = async (workflowId) =>
			(
				await api(
					restarted.baseUrl,
					restarted.apiKey,
					'GET',
					`/executions?workflowId=${workflowId}&includeData=true&limit=20`,
				)
			).data ?? [];
		try {
			await api(restarted.baseUrl, restarted.apiKey, 'POST', '/workflows/e2ePollsRedisWf1/activate');
			log(`Redis down: webhook HTTP ${await callWebhook(restarted.baseUrl, 'fault-redis')}`);
			const run = await waitFor(
				async () => (await executions('e2ePollsRedisWf1')).find((e) => !UNFINISHED.includes(e.status)),
				{ timeoutMs: 60_000 },
			);
			const error = executionError(run);
			log(
				`action node, Redis down: ${run?.status}\n       message:     ${error?.message}\n       description: ${error?.description}`,
			);
			checks.ok(
				`Redis down: the action node's error names ${REDIS_ENV} and the server, not n8n's generic text`,
				error?.message.includes(REDIS_ENV) &&
					error.message.includes(`127.0.0.1:${closed}`) &&
					!N8N_GENERIC.test(error.message),
				JSON.stringify(error),
			);
			ctx.redisAction = error;

			// The trigger: n8n polls once on activation; a failing first poll is an activation error,
			// which the editor shows on the workflow (a failed later poll is an error execution). n8n 1.x
			// refuses the activation with it (HTTP 400); 2.x activates and records it.
			const activation = await api(
				restarted.baseUrl,
				restarted.apiKey,
				'POST',
				`/workflows/${REDIS_TRIGGER_ID}/activate`,
				undefined,
				{
					full: true,
				},
			);
			const refused =
				activation.status === 400
					? { message: String(activation.body?.message ?? ''), description: '(activation refused)' }
					: undefined;
			const activationError =
				refused ??
				(await waitFor(
					async () => {
						const res = await rest(
							restarted.baseUrl,
							restarted.cookie,
							'GET',
							`/rest/active-workflows/error/${REDIS_TRIGGER_ID}`,
							undefined,
							{ throwOnError: false },
						);
						const failed = (await executions(REDIS_TRIGGER_ID)).find((e) => e.status === 'error');
						return (
							executionError(failed) ??
							(res.body?.data ? { message: String(res.body.data), description: '' } : undefined)
						);
					},
					{ timeoutMs: 30_000 },
				));
			await api(restarted.baseUrl, restarted.apiKey, 'POST', `/workflows/${REDIS_TRIGGER_ID}/deactivate`, undefined, {
				full: true,
			});
			// Else the activation error as n8n logs it (the same text the editor shows on the workflow).
			const logged = /There was a problem activating the workflow: "(.*)"/.exec(restarted.output())?.[1];
			const pollError = activationError ?? { message: logged ?? '', description: "(from n8n's log)" };
			log(
				`trigger, Redis down:\n       message:     ${pollError.message}\n       description: ${pollError.description}`,
			);
			checks.ok(
				`Redis down: the trigger's failed poll names ${REDIS_ENV}, not n8n's generic text`,
				pollError.message.includes(REDIS_ENV) && !N8N_GENERIC.test(pollError.message),
				JSON.stringify(pollError),
			);
			ctx.redisTrigger = pollError;
		} finally {
			await restarted.stop();
		}
	});
	return ctx;
}

// ── Standalone run ───────────────────────────────────────────────────────────────────────────

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const major = n8nMajorFromArgs(process.argv.slice(2));
	process.exit(
		await runStandalone('polls', major, async ({ n8n, checks, log, cleanup, keep }) => {
			const folder = makeUserFolder('cognito-e2e-polls-');
			cleanup.add(() => (keep ? log(`kept ${folder}`) : rmSync(folder, { recursive: true, force: true })));
			const moto = await startMoto({ logFile: path.join(folder, 'moto.log') });
			cleanup.add(() => moto.stop());
			await pollsPhases({ n8n, moto, checks, log, cleanup, folder });
		}),
	);
}
