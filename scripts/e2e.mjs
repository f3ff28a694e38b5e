#!/usr/bin/env node
// End-to-end tests in a real n8n (`npm run test:e2e`): the packed package installed the way n8n
// installs community packages, example workflows run with `n8n execute` and checked against the
// pool through the SDK, the trigger activated under `n8n start`, the credential tester, and the
// editor in a browser. Everything listens on 127.0.0.1; every process is stopped by its own PID.
//
// Then overlapping polls and what the user sees of faults (scripts/e2e-polls.mjs), Users and
// Snapshot as one file (scripts/e2e-file.mjs), and queue mode: a main process and two workers on
// PostgreSQL and Redis (scripts/e2e-queue.mjs).
// What the machine lacks (chromium, redis-server, PostgreSQL) is installed with apt-get when run as
// root, else the run stops at once saying what to install.
//
//   node scripts/e2e.mjs [--keep] [--no-browser] [--no-queue] [--queue-only] [--own-services]
//                        [--update-screenshots] [--n8n=1] [--install-only]
//     --keep          keep the n8n user folder and logs (printed at the end)
//     --no-browser    skip the browser test
//     --no-queue      skip queue mode; --queue-only: run only queue mode
//     --own-services  queue mode on a throwaway PostgreSQL and Redis even where 5432/6379 answer
//     --update-screenshots  write the browser screenshots to docs/screenshots (default n8n only)
//     --n8n=1         the legacy check: n8n 1.x on Node 20 instead of 2.x on Node 24, without queue mode
//     --install-only  install that n8n (and its Node) into .cache and stop: CI runs it in the background
import {
	AdminGetUserCommand,
	AdminListGroupsForUserCommand,
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	AdminDisableUserCommand,
	ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ensureBuilt } from './lib/build.mjs';
import { createCleanup } from './lib/cleanup.mjs';
import { Checks, waitFor } from './lib/checks.mjs';
import { IDS, SCENARIO, headlessWorkflows, triggerWorkflows } from './lib/e2e-workflows.mjs';
import { cognitoCredential, loadExamples } from './lib/examples.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import {
	api,
	createApiKey,
	executeWorkflow,
	freePort,
	importCredentials,
	importWorkflows,
	makeUserFolder,
	n8nEnv,
	nodeItems,
	nodeTypeNames,
	rest,
	setupOwner,
	startN8n,
	testCredential,
} from './lib/n8n-process.mjs';
import { DEFAULT_N8N_MAJOR, n8nMajorFromArgs, reexecForN8n, resolveN8n } from './lib/n8n-version.mjs';
import { startMoto } from './lib/moto.mjs';
import { CHROMIUM, ensurePrerequisites } from './lib/prerequisites.mjs';
import { SEED_KEYS, cognitoClient, seedOrganisation } from './lib/seed.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const withBrowser = !argv.includes('--no-browser');
// Only an explicit request rewrites the README's screenshots; a plain run keeps its own.
const updateScreenshots = argv.includes('--update-screenshots');
const major = n8nMajorFromArgs(argv);
const queueOnly = argv.includes('--queue-only');
// Queue mode runs on the default n8n; the legacy check runs the rest of the suite.
const withQueue = queueOnly || (major === DEFAULT_N8N_MAJOR && !argv.includes('--no-queue'));
const ownServices = argv.includes('--own-services');
const installOnly = argv.includes('--install-only');

const t0 = Date.now();
const log = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}`);

// What the machine must provide, found or installed before anything long starts; else one line and stop.
if (!installOnly) {
	try {
		await ensurePrerequisites(
			[
				'moto',
				...(withBrowser && !queueOnly ? ['chromium'] : []),
				...(withQueue ? ['queueRedis', 'queuePostgres'] : []),
			],
			{
				log,
				skipHint: { chromium: 'pass --no-browser', queueRedis: 'pass --no-queue', queuePostgres: 'pass --no-queue' },
			},
		);
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}

// Each n8n major has its Node: when this is not it, the whole run happens in a child under that Node.
const childExit = await reexecForN8n(major, { log });
if (childExit !== null) process.exit(childExit);
if (installOnly) {
	const { version, bin } = await resolveN8n(major, { log });
	log(`n8n ${version} installed: ${path.relative(process.cwd(), bin)}`);
	process.exit(0);
}
const checks = new Checks(log);
const sorted = (values) => [...values].sort();
/** Execution statuses of a run that has not finished yet. */
const UNFINISHED = ['new', 'running', 'waiting'];

// Everything started is stopped in reverse order, on success, failure or Ctrl-C.
const cleanup = createCleanup({
	log: (line) => log(`cleanup: ${line}`),
	onSignal: (signal) => log(`${signal}: stopping everything started…`),
});
const stopAll = cleanup.stopAll;

/** A loopback server answering every request as AWS answers a request signed with a wrong secret. */
async function startWrongSecretServer() {
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const body = JSON.stringify({
				__type: 'InvalidSignatureException',
				message: 'The request signature we calculated does not match the signature you provided.',
			});
			res.writeHead(400, {
				'content-type': 'application/x-amz-json-1.1',
				'x-amzn-errortype': 'InvalidSignatureException:',
				'content-length': Buffer.byteLength(body),
			});
			res.end(body);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		endpoint: `http://127.0.0.1:${server.address().port}`,
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}

const ctx = {};
try {
	const n8n = await checks.phase('n8n install (cached after the first run)', () => resolveN8n(major, { log }), {
		fatal: true,
	});
	log(`n8n ${n8n.version} on Node ${n8n.nodeVersion}`);

	await checks.phase('build', () => ensureBuilt({ log }), { fatal: true });

	await checks.phase(
		'moto + seed two pools',
		async () => {
			const folder = makeUserFolder('cognito-e2e-');
			ctx.userFolder = folder;
			cleanup.add(() => (keep ? log(`kept ${folder}`) : rmSync(folder, { recursive: true, force: true })));
			const moto = await startMoto({ logFile: path.join(folder, 'moto.log') });
			cleanup.add(() => moto.stop());
			ctx.moto = moto;
			ctx.client = cognitoClient(moto.endpoint);
			// Pool A: the credential's default pool, for the headless workflows. Pool B: the trigger's.
			const [a, b] = await Promise.all([
				seedOrganisation(ctx.client, { poolName: 'northwind-e2e-actions' }),
				seedOrganisation(ctx.client, { poolName: 'northwind-e2e-trigger' }),
			]);
			ctx.poolA = a;
			ctx.poolB = b;
			log(`moto at ${moto.endpoint} (pid ${moto.pid}); pools ${a.userPoolId}, ${b.userPoolId}`);
			log(`each: ${a.truth.users.length} users, ${a.truth.groups.length} groups, ${a.truth.memberships} memberships`);
		},
		{ fatal: true },
	);

	if (!queueOnly) {
		const server = await mainSuite(n8n);
		// Queue mode and the polls and faults phases start n8n processes of their own: this one is done.
		await server.stop();
		// Assume Role and Host Credentials on an IAM-enforcing moto and an n8n of their own (n8n 2.x).
		if (major === '2') await (await import('./e2e-credentials.mjs')).credentialPhases({ n8n, checks, log, cleanup });
		// Overlapping polls and what the user sees for each fault (scripts/e2e-polls.mjs).
		const { pollsPhases } = await import('./e2e-polls.mjs');
		await pollsPhases({ n8n, moto: ctx.moto, checks, log, cleanup, folder: ctx.userFolder });
		// Users and Snapshot as one file (scripts/e2e-file.mjs).
		const { fileOutputPhases } = await import('./e2e-file.mjs');
		await fileOutputPhases({ n8n, moto: ctx.moto, checks, log, cleanup, folder: ctx.userFolder });
	}
	if (withQueue) {
		const { runQueueMode } = await import('./e2e-queue.mjs');
		await runQueueMode({ n8n, moto: ctx.moto, checks, log, cleanup, folder: ctx.userFolder, ownServices });
	}
} catch (error) {
	if (!checks.failures.length) checks.ok('e2e run', false, error?.stack ?? String(error));
	log('stopping early: a setup phase failed');
} finally {
	await stopAll();
}

console.log(checks.summary((Date.now() - t0) / 1000));
process.exit(checks.failed ? 1 : 0);

// ---------------------------------------------------------------------------------------------

/**
 * The suite on one n8n: the package installed, the examples and test workflows run headless and
 * under `n8n start`, the credential tester, the browser. Resolves the started n8n.
 */
async function mainSuite(n8n) {
	await checks.phase(
		'package install (packed, as n8n installs it)',
		async () => {
			ctx.env = await n8nEnv({ userFolder: ctx.userFolder, bin: n8n.bin, extra: n8n.env });
			const installed = await installPackageInto(ctx.userFolder, { log });
			checks.ok(
				'package installed under .n8n/nodes/node_modules',
				existsSync(path.join(installed.dir, 'dist', 'nodes', 'AwsCognito', 'AwsCognitoTrigger.node.js')),
			);
		},
		{ fatal: true },
	);

	await checks.phase(
		'import credential + workflows',
		async () => {
			await importCredentials(ctx.env, [
				cognitoCredential({ endpoint: ctx.moto.endpoint, userPoolId: ctx.poolA.userPoolId, keys: SEED_KEYS }),
			]);
			ctx.headless = headlessWorkflows();
			ctx.triggers = triggerWorkflows(ctx.poolB.userPoolId);
			const examples = Object.values(loadExamples());
			await importWorkflows(ctx.env, [...examples, ...Object.values(ctx.headless), ...Object.values(ctx.triggers)]);
			checks.ok(
				`${examples.length} examples and ${Object.keys(ctx.headless).length + Object.keys(ctx.triggers).length} test workflows import`,
				true,
			);
		},
		{ fatal: true },
	);

	await checks.phase('lookups (n8n execute)', async () => {
		const run = await executeWorkflow(ctx.env, IDS.lookup);
		if (!checks.ok('lookups: workflow succeeds', run.ok, runFailure(run))) return;
		const { truth, userPoolId } = ctx.poolA;
		const grace = truth.users.find((u) => u.email === SCENARIO.lookup.email);
		checks.equal(
			'lookups: Get Many filtered by email finds one user',
			nodeItems(run.run, 'Find by email').map((u) => [u.username, u.sub]),
			[[grace.username, grace.sub]],
		);
		const [bySub] = nodeItems(run.run, 'Get by sub');
		checks.equal(
			'lookups: Get By Sub returns the user with custom attributes',
			[bySub?.username, bySub?.attributes?.['custom:department']],
			[grace.username, grace.department],
		);
		checks.equal(
			'lookups: Get Many filtered by status Disabled',
			sorted(nodeItems(run.run, 'Disabled users').map((u) => u.username)),
			sorted(truth.disabled),
		);
		const finance = truth.groups.find((g) => g.name === SCENARIO.lookup.group).members;
		checks.equal(
			'lookups: group Get Members',
			sorted(nodeItems(run.run, 'Group members').map((u) => u.username)),
			finance,
		);
		checks.equal(
			'lookups: group Get Many',
			sorted(nodeItems(run.run, 'All groups').map((g) => g.groupName)),
			sorted(truth.groups.map((g) => g.name)),
		);
		const [pool] = nodeItems(run.run, 'Pool');
		checks.equal(
			'lookups: user pool Get, User Pool "By ID" left empty: the default pool',
			[pool?.id, pool?.name, pool?.customAttributes],
			[userPoolId, 'northwind-e2e-actions', ['custom:department']],
		);
		const [snapshot] = nodeItems(run.run, 'Snapshot');
		checks.equal(
			'lookups: user pool Take Snapshot counts equal the seeded truth',
			[snapshot?.users?.length, snapshot?.groups?.length, snapshot?.stats?.counts?.memberships],
			[truth.users.length, truth.groups.length, truth.memberships],
		);
	});

	await checks.phase('error path: missing user (n8n execute)', async () => {
		const run = await executeWorkflow(ctx.env, IDS.missingUser);
		const message = run.run?.data?.resultData?.error?.message ?? '';
		checks.ok('missing user: workflow fails', !run.ok && run.code !== 0, `exit ${run.code}`);
		checks.ok(
			'missing user: error says it was not found in the pool',
			message.includes(`"${SCENARIO.missingUser}" was not found in user pool "${ctx.poolA.userPoolId}"`),
			message || run.stdout.slice(-1500),
		);
	});

	await checks.phase('joiner (n8n execute)', async () => {
		const run = await executeWorkflow(ctx.env, IDS.joiner);
		if (!checks.ok('joiner: workflow succeeds', run.ok, runFailure(run))) return;
		const { username } = SCENARIO.joiner;
		const summary = nodeItems(run.run, 'Summary');
		checks.equal(
			'joiner: summary names the user, its groups, and that it is new',
			summary.map((item) => [item.username, item.alreadyExisted, sorted(item.groups)]),
			[[username, false, ['contractors', 'engineering']]],
		);
		const created = await ctx.client.send(
			new AdminGetUserCommand({ UserPoolId: ctx.poolA.userPoolId, Username: username }),
		);
		const attributes = Object.fromEntries(created.UserAttributes.map((a) => [a.Name, a.Value]));
		const { sub: _sub, ...profile } = attributes;
		checks.equal(
			'joiner: pool has the user with its attributes (SDK)',
			[profile, created.Enabled, created.UserStatus],
			[
				{
					email: 'zoe.achterberg@northwind.example.com',
					email_verified: 'true',
					given_name: 'Zoë',
					family_name: 'Achterberg',
					'custom:department': 'Engineering',
				},
				true,
				'FORCE_CHANGE_PASSWORD',
			],
		);
		checks.equal('joiner: pool has the memberships (SDK)', await groupsOf(ctx.poolA.userPoolId, username), [
			'contractors',
			'engineering',
		]);

		// A second run (a re-submitted form) finds the user and changes nothing.
		const again = await executeWorkflow(ctx.env, IDS.joiner);
		const [second] = again.ok ? nodeItems(again.run, 'Summary') : [];
		checks.equal(
			'joiner: a re-run returns the existing user',
			[again.ok, second?.username, second?.alreadyExisted, sorted(second?.groups ?? [])],
			[true, username, true, ['contractors', 'engineering']],
		);
	});

	await checks.phase('offboarding (n8n execute)', async () => {
		const run = await executeWorkflow(ctx.env, IDS.offboarding);
		if (!checks.ok('offboarding: workflow succeeds', run.ok, runFailure(run))) return;
		const { username } = SCENARIO.offboarding;
		const before = ctx.poolA.truth.users.find((u) => u.username === username).groups;
		const [report] = nodeItems(run.run, 'Report');
		checks.equal(
			'offboarding: report',
			{ ...report, removedFromGroups: sorted(report.removedFromGroups), offboardedAt: typeof report.offboardedAt },
			{
				username,
				disabled: true,
				signedOut: true,
				removedFromGroups: before,
				offboardedAt: 'string',
			},
		);
		checks.equal(
			'offboarding: one removal per group',
			sorted(nodeItems(run.run, 'Remove from group').map((i) => i.group)),
			before,
		);
		const user = await ctx.client.send(
			new AdminGetUserCommand({ UserPoolId: ctx.poolA.userPoolId, Username: username }),
		);
		checks.equal('offboarding: user is disabled (SDK)', user.Enabled, false);
		checks.equal('offboarding: user is in no group (SDK)', await groupsOf(ctx.poolA.userPoolId, username), []);
		const admins = await membersOf(ctx.poolA.userPoolId, 'admins');
		checks.ok('offboarding: "admins" no longer lists the user (SDK)', !admins.includes(username), admins.join(', '));

		// Again, now that the user is in no group: the example's "no group" branch.
		const again = await executeWorkflow(ctx.env, IDS.offboarding);
		const [second] = again.ok ? nodeItems(again.run, 'Report') : [];
		checks.equal(
			'offboarding: a re-run succeeds and removes nothing',
			[again.ok, second?.disabled, second?.removedFromGroups],
			[true, true, []],
		);
	});

	await checks.phase('access grant (n8n execute)', async () => {
		const run = await executeWorkflow(ctx.env, IDS.accessGrant);
		if (!checks.ok('access grant: workflow succeeds', run.ok, runFailure(run))) return;
		const { username, group } = SCENARIO.accessGrant;
		const truth = ctx.poolA.truth.users.find((u) => u.username === username);
		checks.equal('access grant: Add to group output', nodeItems(run.run, 'Add to group'), [
			{ username, group, member: true },
		]);
		checks.equal(
			'access grant: Get Groups lists the new group',
			sorted(nodeItems(run.run, 'Groups now').map((g) => g.groupName)),
			sorted([...truth.groups, group]),
		);
		const [reply] = nodeItems(run.run, 'Reply: access granted');
		checks.equal(
			'access grant: reply to the requester',
			{ to: reply?.to, status: reply?.status },
			{ to: truth.email, status: 'granted' },
		);
		checks.equal(
			'access grant: membership exists (SDK)',
			await groupsOf(ctx.poolA.userPoolId, username),
			sorted([...truth.groups, group]),
		);
	});

	// The incident-response example, on a pool of its own behind a device layer (moto lacks devices).
	const { incidentPhase } = await import('./e2e-incident.mjs');
	await incidentPhase({ checks, log, cleanup, env: ctx.env, moto: ctx.moto });

	const server = await checks.phase(
		'boot (n8n start) + owner + API key',
		async () => {
			const started = await startN8n(ctx.env, { log });
			cleanup.add(() => started.stop());
			ctx.owner = await setupOwner(started.baseUrl);
			ctx.apiKey = (await createApiKey(started.baseUrl, ctx.owner.cookie)).apiKey;
			const types = await nodeTypeNames(started.baseUrl, ctx.owner.cookie);
			checks.ok(
				'n8n lists both node types of the package',
				['n8n-nodes-aws-cognito.awsCognito', 'n8n-nodes-aws-cognito.awsCognitoTrigger'].every((t) => types.includes(t)),
			);
			return started;
		},
		{ fatal: true },
	);
	const { baseUrl } = server;
	ctx.baseUrl = baseUrl;
	const { cookie } = ctx.owner;
	const executionsOf = async (workflowId) =>
		(await api(baseUrl, ctx.apiKey, 'GET', `/executions?workflowId=${workflowId}&includeData=true&limit=100`)).data ??
		[];
	const activate = (id) => api(baseUrl, ctx.apiKey, 'POST', `/workflows/${id}/activate`);
	const deactivate = (id) => api(baseUrl, ctx.apiKey, 'POST', `/workflows/${id}/deactivate`);

	await checks.phase('credential test (n8n endpoint)', async () => {
		const data = cognitoCredential({
			endpoint: ctx.moto.endpoint,
			userPoolId: ctx.poolA.userPoolId,
			keys: SEED_KEYS,
		}).data;
		const good = await testCredential(baseUrl, cookie, { type: 'awsCognitoApi', data });
		checks.equal('credential test: OK with the default pool', good.status, 'OK');
		const noPool = await testCredential(baseUrl, cookie, { type: 'awsCognitoApi', data: { ...data, userPoolId: '' } });
		checks.equal('credential test: OK without a default pool (ListUserPools)', noPool.status, 'OK');

		const closedPort = await freePort();
		const closedEndpoint = `http://127.0.0.1:${closedPort}`;
		const unreachable = await testCredential(baseUrl, cookie, {
			type: 'awsCognitoApi',
			data: { ...data, endpoint: closedEndpoint },
		});
		checks.ok(
			'credential test: closed port says "Could not reach Cognito"',
			unreachable.status === 'Error' && unreachable.message.includes(`Could not reach Cognito at ${closedEndpoint}`),
			JSON.stringify(unreachable),
		);

		const wrongSecret = await startWrongSecretServer();
		try {
			const secret = 'definitely-the-wrong-secret-0123456789abcd';
			const res = await testCredential(baseUrl, cookie, {
				type: 'awsCognitoApi',
				data: { ...data, endpoint: wrongSecret.endpoint, secretAccessKey: secret },
			});
			checks.ok(
				'credential test: wrong secret says "The secret access key does not match"',
				res.status === 'Error' && res.message.includes('The secret access key does not match'),
				JSON.stringify(res),
			);
			checks.ok('credential test: the message does not quote the secret', !res.message.includes(secret));
		} finally {
			await wrongSecret.stop();
		}
	});

	await checks.phase('trigger: users + snapshot on activation', async () => {
		const { truth, userPoolId } = ctx.poolB;
		const activated = [IDS.exportUsers, IDS.snapshot, IDS.defaultPoolSnapshot];
		for (const id of activated) await activate(id);
		// 2.x lists an execution as soon as it is created ("new"): wait until it has finished.
		const firstExecution = (id) =>
			waitFor(async () => (await executionsOf(id)).find((e) => !UNFINISHED.includes(e.status)), { timeoutMs: 30_000 });
		const [exportRun, snapshotRun, defaultPoolRun] = await Promise.all(activated.map(firstExecution));
		for (const id of activated) await deactivate(id);

		const [defaultPoolSnapshot] = executionItems(defaultPoolRun, 'Pool snapshot').map((i) => i.json);
		const snapshotUsers = new Set(defaultPoolSnapshot?.users?.map((u) => u.username));
		checks.equal(
			'User Pool "By ID" left empty: the trigger activates and polls the default pool',
			[
				defaultPoolRun?.status,
				defaultPoolSnapshot?.userPoolId,
				ctx.poolA.truth.users.every((u) => snapshotUsers.has(u.username)),
			],
			['success', ctx.poolA.userPoolId, true],
		);

		if (
			checks.ok(
				'users mode: activation runs the export once',
				exportRun?.status === 'success',
				JSON.stringify(exportRun?.status ?? 'no execution'),
			)
		) {
			const rows = executionItems(exportRun, 'Every morning: all users').map((i) => i.json);
			checks.equal(
				'users mode: one row per seeded user',
				sorted(rows.map((r) => r.username)),
				sorted(truth.users.map((u) => u.username)),
			);
			checks.equal(
				'users mode: each row has its department, enabled flag and groups',
				sorted(rows.map((r) => `${r.username}|${r['custom:department']}|${r.enabled}|${r.groups}`)),
				sorted(truth.users.map((u) => `${u.username}|${u.department}|${u.enabled}|${u.groups.join(', ')}`)),
			);
			const [file] = executionItems(exportRun, 'CSV file');
			const csv = await binaryText(file?.binary?.data);
			const csvLines = csv.trim().split('\n');
			checks.ok(
				'users mode: the CSV file has a header and one line per user',
				csvLines.length === truth.users.length + 1 &&
					csvLines[0].includes('username') &&
					/^cognito-users-\d{4}-\d{2}-\d{2}\.csv$/.test(file.binary.data.fileName),
				`${csvLines.length} lines, file ${file?.binary?.data?.fileName}, header ${csvLines[0]}`,
			);
		}
		if (
			checks.ok(
				'snapshot mode: activation emits the snapshot',
				snapshotRun?.status === 'success',
				JSON.stringify(snapshotRun?.status ?? 'no execution'),
			)
		) {
			const [snapshot] = executionItems(snapshotRun, 'Pool snapshot').map((i) => i.json);
			checks.equal(
				'snapshot mode: counts equal the seeded truth',
				{
					pool: snapshot.userPoolId,
					users: snapshot.users.length,
					groups: snapshot.groups.length,
					memberships: snapshot.stats.counts.memberships,
				},
				{ pool: userPoolId, users: truth.users.length, groups: truth.groups.length, memberships: truth.memberships },
			);
			checks.equal(
				'snapshot mode: member counts per group',
				Object.fromEntries(snapshot.groups.map((g) => [g.groupName, g.memberCount])),
				Object.fromEntries(truth.groups.map((g) => [g.name, g.members.length])),
			);
			checks.equal(
				'snapshot mode: users keyed by sub with their groups',
				sorted(snapshot.users.map((u) => `${u.sub}|${u.username}|${(u.groups ?? []).join(',')}`)),
				sorted(truth.users.map((u) => `${u.sub}|${u.username}|${u.groups.join(',')}`)),
			);
			log(
				`snapshot took ${snapshot.stats.totalCalls} calls (${JSON.stringify(snapshot.stats.calls)}), plan ${snapshot.stats.plan}`,
			);
		}
	});

	await checks.phase('trigger: changes mode (access review)', async () => {
		const { userPoolId } = ctx.poolB;
		const t = Date.now();
		await activate(IDS.accessReview);
		// n8n 1.x polls once before the activation call returns, 2.x just after: the fingerprint in
		// the workflow's static data says that the baseline is recorded.
		const baseline = await waitFor(
			async () => {
				const { staticData } = await api(baseUrl, ctx.apiKey, 'GET', `/workflows/${IDS.accessReview}`);
				return staticData?.['node:Pool changes']?.fingerprint;
			},
			{ timeoutMs: 20_000, intervalMs: 200 },
		);
		log(`baseline recorded ${Date.now() - t} ms after activation; changing the pool through the SDK`);
		checks.ok(
			'changes mode: activation records a fingerprint of the pool in static data',
			baseline?.pool === userPoolId,
			JSON.stringify(baseline)?.slice(0, 200),
		);
		checks.equal('changes mode: the baseline poll emits nothing', (await executionsOf(IDS.accessReview)).length, 0);
		const joiner = 'new.starter';
		await ctx.client.send(
			new AdminCreateUserCommand({
				UserPoolId: userPoolId,
				Username: joiner,
				MessageAction: 'SUPPRESS',
				UserAttributes: [
					{ Name: 'email', Value: `${joiner}@northwind.example.com` },
					{ Name: 'custom:department', Value: 'Support' },
				],
			}),
		);
		await ctx.client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: 'nora.jensen' }));
		await ctx.client.send(
			new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: 'olivia.chen', GroupName: 'finance' }),
		);
		const changedAt = Date.now();

		// A poll may fall between two of the changes: collect the events of every execution.
		const expected = ['membership.added|olivia.chen|finance', `user.created|${joiner}|`, 'user.disabled|nora.jensen|'];
		const eventsOf = (executions) =>
			executions.flatMap((e) =>
				executionItems(e, 'Pool changes').map(
					(i) => `${i.json.event}|${i.json.username ?? i.json.sub}|${i.json.group ?? ''}`,
				),
			);
		const seen = await waitFor(
			async () => {
				const runs = await executionsOf(IDS.accessReview);
				return eventsOf(runs).length >= expected.length ? runs : null;
			},
			{ timeoutMs: 40_000, intervalMs: 1000 },
		);
		log(`change events seen ${((Date.now() - changedAt) / 1000).toFixed(1)} s after the changes`);
		if (!checks.ok('changes mode: a poll reports the changes', seen, 'no execution with the changes within 40 s'))
			return;
		checks.equal('changes mode: exactly the three changes, once each', sorted(eventsOf(seen)), expected);
		const summaries = seen.flatMap((e) => executionItems(e, 'Readable summary').map((i) => i.json));
		const lines = summaries.flatMap((summary) => summary.lines ?? []);
		checks.equal('changes mode: the Code node builds the readable summary', sorted(lines), [
			'New user new.starter (new.starter@northwind.example.com, Support)',
			'User nora.jensen was disabled',
			'olivia.chen was added to "finance"',
		]);
		// The next polls see nothing new: no execution is added.
		const count = seen.length;
		await new Promise((resolve) => setTimeout(resolve, 7000));
		checks.equal(
			'changes mode: later polls without changes emit nothing',
			(await executionsOf(IDS.accessReview)).length,
			count,
		);
		await deactivate(IDS.accessReview);
	});

	await checks.phase('example: access request form + approval (HTTP)', async () => {
		const { userPoolId, truth } = ctx.poolA;
		/** Fill in the request form; resolve the execution waiting for the approver (with its data). */
		const submitRequest = async (username, group, reason) => {
			const form = new FormData();
			for (const [i, value] of [username, group, reason].entries()) form.set(`field-${i}`, value);
			const res = await fetch(`${baseUrl}/form/access-request`, { method: 'POST', body: form });
			if (!res.ok) throw new Error(`form submission: HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
			// The public API leaves out executions n8n still holds in memory, as a waiting one: ask
			// the editor's REST API for its id, then the public API for its data.
			const filter = encodeURIComponent(JSON.stringify({ workflowId: IDS.accessRequest, status: ['waiting'] }));
			const id = await waitFor(
				async () => (await rest(baseUrl, cookie, 'GET', `/rest/executions?filter=${filter}`)).body.data.results[0]?.id,
				{ timeoutMs: 20_000 },
			);
			return id ? api(baseUrl, ctx.apiKey, 'GET', `/executions/${id}?includeData=true`) : undefined;
		};
		/** Submit the approver's form at the link the workflow made; resolve the finished execution. */
		const decide = async (waiting, approvalUrl, decision, comment) => {
			const form = new FormData();
			form.set('field-0', decision);
			form.set('field-1', comment);
			const res = await fetch(approvalUrl, { method: 'POST', body: form });
			if (!res.ok) throw new Error(`approval form: HTTP ${res.status}`);
			return waitFor(
				async () => {
					const run = await api(baseUrl, ctx.apiKey, 'GET', `/executions/${waiting.id}?includeData=true`);
					return UNFINISHED.includes(run.status) ? null : run;
				},
				{ timeoutMs: 20_000 },
			);
		};

		await activate(IDS.accessRequest);
		// n8n 2.x registers the form's webhook just after the activation call returns.
		const page = await waitFor(
			async () => {
				const res = await fetch(`${baseUrl}/form/access-request`);
				return res.ok ? res.text() : null;
			},
			{ timeoutMs: 20_000, intervalMs: 200 },
		);
		checks.ok(
			'access request: the form page is served',
			page?.includes('Request access to the customer portal'),
			page?.slice(0, 300) ?? 'no form',
		);

		const requester = truth.users.find((u) => u.username === 'ben.harris');
		const waiting = await submitRequest(requester.username, 'support', 'Covering the support rota in December');
		if (
			!checks.ok(
				'access request: the submission waits for the approver',
				waiting?.status === 'waiting',
				describeExecutions(await executionsOf(IDS.accessRequest)),
			)
		)
			return;
		const [link] = executionItems(waiting, 'Approval link').map((i) => i.json);
		// 2.x signs the URL (?signature=…); 1.x does not.
		checks.ok(
			'access request: the approval link is the resume form URL',
			link?.approvalUrl?.startsWith(`${baseUrl}/form-waiting/${waiting.id}`),
			JSON.stringify(link),
		);
		checks.equal(
			'access request: no membership before approval (SDK)',
			await groupsOf(userPoolId, requester.username),
			requester.groups,
		);
		const approved = await decide(waiting, link.approvalUrl, 'Approve', 'Welcome aboard');
		const [granted] = executionItems(approved, 'Reply: access granted').map((i) => i.json);
		checks.equal(
			'access request: approval finishes with a reply',
			[approved?.status, granted?.status, granted?.to],
			['success', 'granted', requester.email],
		);
		checks.equal(
			'access request: the user is in the approved group (SDK)',
			await groupsOf(userPoolId, requester.username),
			sorted([...requester.groups, 'support']),
		);

		// A second request, rejected: the other branch, and no membership.
		const other = truth.users.find((u) => u.username === 'lily.evans');
		const second = await submitRequest(other.username, 'finance', 'Month-end figures');
		const [secondLink] = executionItems(second, 'Approval link').map((i) => i.json);
		const rejected =
			second && (await decide(second, secondLink.approvalUrl, 'Reject', 'Finance data needs a manager request'));
		const [reply] = executionItems(rejected, 'Reply: request rejected').map((i) => i.json);
		checks.equal(
			'access request: a rejection replies and grants nothing (SDK)',
			[rejected?.status, reply?.status, reply?.message, await groupsOf(userPoolId, other.username)],
			[
				'success',
				'rejected',
				'Your request to join "finance" was rejected. Comment: Finance data needs a manager request',
				other.groups,
			],
		);
		await deactivate(IDS.accessRequest);
	});

	if (!withBrowser) {
		log('browser test skipped (--no-browser)');
	} else {
		const { runBrowserTest } = await import('./e2e-browser.mjs');
		await checks.phase('browser: editor, node panel, user list, execute step', () =>
			runBrowserTest({
				baseUrl,
				email: ctx.owner.email,
				password: ctx.owner.password,
				truth: ctx.poolA.truth,
				checks,
				log,
				executablePath: CHROMIUM,
				...(updateScreenshots && major === DEFAULT_N8N_MAJOR
					? {}
					: { screenshots: path.join(ctx.userFolder, 'screenshots') }),
			}),
		);
	}

	// n8n 2.x: the action node as a tool of the AI Agent, on this n8n (scripts/e2e-agent.mjs).
	if (major === '2') {
		const { agentPhases } = await import('./e2e-agent.mjs');
		const startServer = async () => ({ baseUrl, cookie, apiKey: ctx.apiKey, output: server.output });
		await agentPhases({
			checks,
			log,
			cleanup,
			startServer,
			env: ctx.env,
			client: ctx.client,
			userPoolId: ctx.poolA.userPoolId,
		});
	}
	return server;
}

function runFailure(run) {
	const error = run.run?.data?.resultData?.error;
	return error
		? `${error.message}${error.description ? `\n${error.description}` : ''}`
		: `exit ${run.code}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`;
}

/** Items a node emitted in an execution fetched from the public API (with includeData). */
function executionItems(execution, nodeName) {
	return execution?.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [];
}

/** Status and error of each execution, for failure messages. */
function describeExecutions(executions) {
	if (!executions.length) return 'no execution';
	return executions
		.map((e) => {
			const error = e.data?.resultData?.error;
			return `execution ${e.id}: ${e.status}${error ? ` (${error.node?.name ?? ''}: ${error.message})` : ''}`;
		})
		.join('\n');
}

/** The text of a binary item: inline base64 (n8n 1.x default), or stored by id (2.x filesystem mode). */
async function binaryText(binary) {
	if (!binary) return '';
	if (!binary.id) return Buffer.from(binary.data ?? '', 'base64').toString('utf8');
	const url = new URL('/rest/binary-data', ctx.baseUrl);
	url.search = new URLSearchParams({
		id: binary.id,
		action: 'download',
		fileName: binary.fileName ?? 'file',
		mimeType: binary.mimeType ?? 'text/plain',
	});
	const res = await fetch(url, { headers: { cookie: ctx.owner.cookie } });
	return res.ok ? res.text() : `HTTP ${res.status}`;
}

async function groupsOf(userPoolId, username) {
	const out = await ctx.client.send(
		new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username, Limit: 60 }),
	);
	return sorted(out.Groups.map((g) => g.GroupName));
}

async function membersOf(userPoolId, group) {
	const out = await ctx.client.send(
		new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, Limit: 60 }),
	);
	return sorted(out.Users.map((u) => u.Username));
}
