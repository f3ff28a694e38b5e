// Queue mode in real n8n, a part of `npm run test:e2e` (n8n 2.x): one main process and two workers on
// PostgreSQL and Redis, this package installed for all three, N8N_COGNITO_LIMITER_REDIS_URL=queue.
// Three provisioning workflows, started at the same moment by webhook, change 300 users each on the
// workers while the AWS Cognito Trigger polls the same pool on the main process. moto sits behind the
// benchmark's quota-enforcing proxy, which records every request: the checks read the summed rate
// there, the pool through the SDK, and the keys in Redis. The same run with the shared limiter
// switched off shows that the rate check can fail. Both runs are printed side by side.
import { ListUsersCommand, ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { seedBenchPool } from './lib/bench-seed.mjs';
import { waitFor } from './lib/checks.mjs';
import { createStopStack } from './lib/cleanup.mjs';
import { QUEUE_PROVISIONING, QUEUE_TRIGGER_ID, provisionedFamilyName, queueWorkflows } from './lib/e2e-workflows.mjs';
import { cognitoCredential } from './lib/examples.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import {
	api,
	createApiKey,
	importCredentials,
	importWorkflows,
	n8nEnv,
	setupOwner,
	startN8n,
	startN8nWorker,
} from './lib/n8n-process.mjs';
import { countsPerSecond, startQuotaProxy } from './lib/quota-proxy.mjs';
import { REPO_ROOT } from './lib/run.mjs';
import { cognitoClient } from './lib/seed.mjs';
import { createDatabase, queuePostgres, queueRedis, redisClient } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { CATEGORY_RATE } = require(path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito', 'transport', 'quotas.js'));

const ITEMS_PER_WORKFLOW = 300;
const WORKERS = 2;
/** Each worker takes at most two of the three executions, so both workers are busy at once. */
const WORKER_CONCURRENCY = 2;
const QUOTA_SHARE = 80;
/** The configured UserUpdate rate: AWS's 25/s × the credential's Quota Share. */
const CONFIGURED_RATE = (CATEGORY_RATE.UserUpdate * QUOTA_SHARE) / 100;
const MIN_BUSY_SHARE = 0.9;
/**
 * Calls over the share that arrival jitter may add to a 1-s window: none. The limiter paces with a
 * little headroom and caps dispatches per sliding window (nodes/AwsCognito/transport/pacing.ts), so
 * the strict check holds; raise this only to measure how far a changed limiter strays.
 */
const ARRIVAL_JITTER_MS = 0;
/** The calls over the share that ARRIVAL_JITTER_MS of arrival jitter can put into one 1-s window. */
const JITTER_ALLOWANCE = Math.ceil((CONFIGURED_RATE * ARRIVAL_JITTER_MS) / 1000);
/** Apart from the other tests' quota scopes (region is part of the limiter key). */
const REGION = 'eu-north-1';
/** The package's limiter ids start with this; bottleneck prefixes its Redis keys with `b_`. */
const LIMITER_KEY_PREFIX = 'b_n8n-nodes-aws-cognito:';
const PROVISIONING_TIMEOUT_MS = 300_000;
const UNFINISHED = ['new', 'running', 'waiting'];

const sorted = (values) => [...values].sort();
/** A key under n8n's prefix: `<prefix>:…` (queue), or `{<prefix>:…}…` (cache, with a hash tag). */
const ownKey = (key, prefix) => key.startsWith(`${prefix}:`) || key.startsWith(`{${prefix}:`);

async function allKeys(redis) {
	const keys = new Set();
	let cursor = '0';
	do {
		const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
		for (const key of batch) keys.add(key);
		cursor = next;
	} while (cursor !== '0');
	return keys;
}

/** Every user of the pool (straight from moto), and the members of `group`. */
async function readPool(client, userPoolId, group) {
	const users = [];
	let PaginationToken;
	do {
		const page = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, Limit: 60, PaginationToken }));
		users.push(...(page.Users ?? []));
		PaginationToken = page.PaginationToken;
	} while (PaginationToken);
	const members = [];
	let NextToken;
	do {
		const page = await client.send(
			new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, Limit: 60, NextToken }),
		);
		members.push(...(page.Users ?? []).map((u) => u.Username));
		NextToken = page.NextToken;
	} while (NextToken);
	const attribute = (user, name) => user.Attributes?.find((a) => a.Name === name)?.Value;
	return {
		members: sorted(members),
		disabled: sorted(users.filter((u) => u.Enabled === false).map((u) => u.Username)),
		updated: sorted(
			users.filter((u) => attribute(u, 'family_name') === provisionedFamilyName(u.Username)).map((u) => u.Username),
		),
	};
}

/** The peak of the 1-s windows (one ending at each call) and the share of them above the configured rate. */
function windowStats(times) {
	const counts = countsPerSecond(times);
	return {
		peak: Math.max(0, ...counts),
		windowsAbove: counts.length ? counts.filter((n) => n > CONFIGURED_RATE).length / counts.length : 0,
	};
}

/** For each provisioning command, how many calls the proxy accepted per user. */
function acceptedPerUser(requests) {
	const counts = Object.fromEntries(QUEUE_PROVISIONING.map(({ command }) => [command, new Map()]));
	for (const r of requests) {
		const perUser = counts[r.operation];
		if (perUser && !r.throttled) perUser.set(r.input.Username, (perUser.get(r.input.Username) ?? 0) + 1);
	}
	return counts;
}

/** Which worker ran each execution, from the workers' logs ("Worker started execution <id>"). */
function executionsByWorker(workers) {
	return workers.map((worker) => [
		...new Set([...readFileSync(worker.logFile, 'utf8').matchAll(/Worker started execution (\S+)/g)].map((m) => m[1])),
	]);
}

/**
 * One run: a fresh pool, database, Redis prefix, proxy and three n8n processes, all stopped and
 * removed at the end. Resolves what the checks and the table need.
 */
async function queueRun({ sharedLimiter, n8n, moto, services, folder, cleanup, log }) {
	const label = sharedLimiter ? 'shared' : 'local';
	const stops = createStopStack({ log });
	cleanup.add(stops.stopAll);
	try {
		const runFolder = path.join(folder, `queue-${label}`);
		mkdirSync(runFolder, { recursive: true });
		const client = cognitoClient(moto.endpoint, { region: REGION });
		const { userPoolId, truth } = await seedBenchPool(client, {
			users: 3 * ITEMS_PER_WORKFLOW,
			groups: 1,
			memberships: 0,
		});
		const [group] = truth.groups;
		const usernames = sorted(truth.users.values());
		const targets = QUEUE_PROVISIONING.map((_, i) =>
			usernames.slice(i * ITEMS_PER_WORKFLOW, (i + 1) * ITEMS_PER_WORKFLOW),
		);

		const proxy = await startQuotaProxy(moto.endpoint);
		stops.add(() => proxy.stop());
		const database = `cognito_e2e_${process.pid}_${label}`;
		stops.add(await createDatabase(services.postgres, database));
		const keyPrefix = `cognito-e2e-${process.pid}-${label}`;
		const redis = redisClient(services.redis.port);
		await redis.connect();
		stops.add(() => redis.quit());
		const keysBefore = await allKeys(redis);
		const newKeys = async () => [...(await allKeys(redis))].filter((key) => !keysBefore.has(key));
		// Leave Redis as found, once n8n has stopped: this run's queue, cache and limiter keys go.
		stops.add(async () => {
			const ours = (await newKeys()).filter((key) => ownKey(key, keyPrefix) || key.startsWith(LIMITER_KEY_PREFIX));
			if (ours.length) await redis.del(...ours);
		});

		const { postgres } = services;
		const queueEnv = {
			...n8n.env,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: services.redis.host,
			QUEUE_BULL_REDIS_PORT: String(services.redis.port),
			QUEUE_BULL_PREFIX: keyPrefix,
			N8N_REDIS_KEY_PREFIX: keyPrefix,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: postgres.user,
			...(postgres.password ? { DB_POSTGRESDB_PASSWORD: postgres.password } : {}),
			...(sharedLimiter ? { N8N_COGNITO_LIMITER_REDIS_URL: 'queue' } : {}),
		};
		const encryptionKey = randomBytes(24).toString('hex');
		const envFor = async (name) => {
			const env = await n8nEnv({
				userFolder: path.join(runFolder, name),
				bin: n8n.bin,
				encryptionKey,
				extra: queueEnv,
			});
			if (!sharedLimiter) delete env.N8N_COGNITO_LIMITER_REDIS_URL;
			return env;
		};
		const mainEnv = await envFor('main');
		const workerEnvs = await Promise.all(Array.from({ length: WORKERS }, (_, i) => envFor(`worker-${i + 1}`)));

		// The package in every process's user folder, as each host of a queue-mode setup has it.
		const installed = await installPackageInto(mainEnv.N8N_USER_FOLDER);
		for (const env of workerEnvs) {
			cpSync(path.dirname(path.dirname(installed.dir)), path.join(env.N8N_USER_FOLDER, '.n8n', 'nodes'), {
				recursive: true,
			});
		}
		const keys = { accessKeyId: `queue-e2e-${label}-${process.pid}`, secretAccessKey: 'queue-e2e-secret' };
		await importCredentials(mainEnv, [
			cognitoCredential({ endpoint: proxy.endpoint, userPoolId, region: REGION, keys, quotaShare: QUOTA_SHARE }),
		]);
		const workflows = queueWorkflows({ group });
		await importWorkflows(mainEnv, [...workflows.provisioning, workflows.trigger]);

		const main = await startN8n(mainEnv, { log });
		stops.add(() => main.stop());
		const workers = await Promise.all(
			workerEnvs.map((env) => startN8nWorker(env, { concurrency: WORKER_CONCURRENCY, log })),
		);
		// Workers stop first (pushed last): they finish or hand back their jobs while main still runs.
		for (const worker of workers) stops.add(() => worker.stop());
		const { baseUrl } = main;
		const owner = await setupOwner(baseUrl);
		const { apiKey } = await createApiKey(baseUrl, owner.cookie);
		const executionsOf = async (id, includeData = false) =>
			(await api(baseUrl, apiKey, 'GET', `/executions?workflowId=${id}&includeData=${includeData}&limit=250`)).data ??
			[];

		// The trigger first: its activation poll records the baseline the changes are compared with.
		await api(baseUrl, apiKey, 'POST', `/workflows/${QUEUE_TRIGGER_ID}/activate`);
		const baseline = await waitFor(
			async () => {
				const { staticData } = await api(baseUrl, apiKey, 'GET', `/workflows/${QUEUE_TRIGGER_ID}`);
				return staticData?.['node:Pool changes']?.fingerprint;
			},
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		if (!baseline) throw new Error('the trigger recorded no baseline within 60 s of its activation');
		for (const { id } of QUEUE_PROVISIONING) await api(baseUrl, apiKey, 'POST', `/workflows/${id}/activate`);
		// n8n 2.x registers webhooks just after the activation call returns; a GET on a POST webhook
		// then says so, without starting anything.
		for (const { path: webhookPath } of QUEUE_PROVISIONING) {
			const registered = await waitFor(
				async () =>
					(await (await fetch(`${baseUrl}/webhook/${webhookPath}`)).text()).includes('Did you mean to make a POST'),
				{ timeoutMs: 30_000, intervalMs: 250 },
			);
			if (!registered) throw new Error(`webhook ${webhookPath} was not registered within 30 s`);
		}

		log(`queue mode (${label}): starting ${QUEUE_PROVISIONING.length} workflows × ${ITEMS_PER_WORKFLOW} users at once`);
		const firedAt = Date.now();
		const answers = await Promise.all(
			QUEUE_PROVISIONING.map(({ path: webhookPath }, i) =>
				fetch(`${baseUrl}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ usernames: targets[i] }),
					signal: AbortSignal.timeout(30_000),
				}).then((res) => res.status),
			),
		);
		const executions = await Promise.all(
			QUEUE_PROVISIONING.map(({ id }) =>
				waitFor(
					async () => {
						const [execution] = await executionsOf(id);
						return execution && !UNFINISHED.includes(execution.status) ? execution : null;
					},
					{ timeoutMs: PROVISIONING_TIMEOUT_MS, intervalMs: 1000 },
				),
			),
		);
		const provisionedMs = Date.now() - firedAt;
		log(`queue mode (${label}): provisioning finished after ${(provisionedMs / 1000).toFixed(1)} s`);

		// The trigger's events: every change should be reported by one of its polls, once.
		const expectedEvents = QUEUE_PROVISIONING.length * ITEMS_PER_WORKFLOW;
		const eventsNow = async () =>
			(await executionsOf(QUEUE_TRIGGER_ID, true)).flatMap((e) =>
				(e.data?.resultData?.runData?.['Pool changes']?.[0]?.data?.main?.[0] ?? []).map((i) => i.json),
			);
		const events =
			(await waitFor(
				async () => {
					const seen = await eventsNow();
					return seen.length >= expectedEvents ? seen : null;
				},
				{ timeoutMs: 60_000, intervalMs: 2000 },
			)) ?? (await eventsNow());
		const keysAdded = await newKeys();

		const requests = proxy.requests();
		// For a post-mortem (kept with --keep): what the proxy saw, in order.
		writeFileSync(path.join(runFolder, 'proxy-requests.json'), JSON.stringify(requests));
		const updates = requests.filter((r) => r.category === 'UserUpdate');
		const first = updates[0]?.at ?? firedAt;
		const last = updates.at(-1)?.at ?? firedAt;
		const busySeconds = (last - first) / 1000;
		const pollsDuringRun = requests.filter(
			(r) => r.operation === 'ListUsers' && !r.input.PaginationToken && r.at >= first && r.at <= last,
		).length;
		const state = await readPool(client, userPoolId, group);
		return {
			label,
			sharedLimiter,
			answers,
			executions: executions.map((e) => e?.status ?? 'not finished'),
			executionIds: executions.map((e) => e?.id),
			byWorker: executionsByWorker(workers),
			provisionedMs,
			updateCalls: updates.length,
			throttles: requests.filter((r) => r.throttled).length,
			...windowStats(updates.map((r) => r.at)),
			busySeconds,
			meanRate: busySeconds > 0 ? (updates.length - 1) / busySeconds : 0,
			accepted: acceptedPerUser(requests),
			targets,
			group,
			state,
			events,
			pollsDuringRun,
			keysAdded,
			keyPrefix,
		};
	} finally {
		await stops.stopAll();
	}
}

/** What one run shows, as booleans with a detail each, for the checks and the table. */
function assess(run) {
	const exactlyOnce = QUEUE_PROVISIONING.map(({ command }, i) => {
		const perUser = run.accepted[command];
		const wanted = run.targets[i];
		const once = wanted.filter((u) => perUser.get(u) === 1).length;
		const strays = [...perUser.keys()].filter((u) => !wanted.includes(u)).length;
		return { command, once, wanted: wanted.length, strays };
	});
	const eventKeys = run.events.map((e) => `${e.event}|${e.username ?? e.sub}|${e.group ?? ''}`);
	const expectedEvents = [
		...run.targets[0].map((u) => `membership.added|${u}|${run.group}`),
		...run.targets[1].map((u) => `user.disabled|${u}|`),
		...run.targets[2].map((u) => `user.updated|${u}|`),
	];
	const limiterKeys = run.keysAdded.filter((k) => k.startsWith(LIMITER_KEY_PREFIX));
	const otherKeys = run.keysAdded.filter((k) => !k.startsWith(LIMITER_KEY_PREFIX) && !ownKey(k, run.keyPrefix));
	return {
		exactlyOnce,
		allOnce: exactlyOnce.every((c) => c.once === c.wanted && c.strays === 0),
		stateExact:
			JSON.stringify(run.state.members) === JSON.stringify(sorted(run.targets[0])) &&
			JSON.stringify(run.state.disabled) === JSON.stringify(sorted(run.targets[1])) &&
			JSON.stringify(run.state.updated) === JSON.stringify(sorted(run.targets[2])),
		eventsExact: JSON.stringify(sorted(eventKeys)) === JSON.stringify(sorted(expectedEvents)),
		limiterKeys,
		otherKeys,
		workersUsed: run.byWorker.filter((ids) => run.executionIds.some((id) => ids.includes(id))).length,
	};
}

function printTable(runs) {
	const rate = (r) => `${r.toFixed(1)}/s`;
	const rows = [
		['UserUpdate calls at the proxy', (r) => String(r.updateCalls)],
		['throttled by the proxy', (r) => String(r.throttles)],
		['peak in any 1-s window', (r) => `${r.peak}/s`],
		['1-s windows above the share', (r) => `${(100 * r.windowsAbove).toFixed(0)}%`],
		['mean over the busy period', (r) => `${rate(r.meanRate)} (${Math.round((100 * r.meanRate) / CONFIGURED_RATE)}%)`],
		['busy period', (r) => `${r.busySeconds.toFixed(1)} s`],
		['webhook to last execution done', (r) => `${(r.provisionedMs / 1000).toFixed(1)} s`],
		[
			'executions (per worker)',
			(r) =>
				`${r.executions.join(', ')} (${r.byWorker.map((ids) => ids.filter((id) => r.executionIds.includes(id)).length).join(' + ')})`,
		],
		[
			'applied exactly once',
			(r) => `${r.assessment.exactlyOnce.reduce((n, c) => n + c.once, 0)}/${r.targets.flat().length}`,
		],
		['pool read back (SDK)', (r) => (r.assessment.stateExact ? 'as expected' : 'DIFFERENT')],
		['trigger polls during the run (main)', (r) => String(r.pollsDuringRun)],
		[
			'trigger events',
			(r) => `${r.events.length}${r.assessment.eventsExact ? ', each change once' : ', NOT each change once'}`,
		],
		['limiter keys in Redis', (r) => `${r.assessment.limiterKeys.length} (${LIMITER_KEY_PREFIX}*)`],
	];
	const titles = runs.map((r) => (r.sharedLimiter ? 'shared limiter (Redis)' : 'per-process limiters'));
	const width = Math.max(...rows.map(([label]) => label.length));
	const columns = runs.map((r, i) => Math.max(titles[i].length, ...rows.map(([, cell]) => cell(r).length)));
	const line = (label, cells) => `  ${label.padEnd(width)}  ${cells.map((c, i) => c.padEnd(columns[i])).join('  ')}`;
	console.log(
		`\n── queue mode: main + ${WORKERS} workers, ${QUEUE_PROVISIONING.length} workflows × ${ITEMS_PER_WORKFLOW} users; UserUpdate configured at ${rate(CONFIGURED_RATE)} (AWS ${CATEGORY_RATE.UserUpdate}/s × ${QUOTA_SHARE}%)`,
	);
	console.log(line('', titles));
	for (const [label, cell] of rows) console.log(line(label, runs.map(cell)));
	console.log('');
}

/**
 * The queue-mode part of the end-to-end run: both runs, their checks and the table. `ownServices`
 * starts a throwaway PostgreSQL and Redis even when the machine's are running.
 */
export async function runQueueMode({ n8n, moto, checks, log, cleanup, folder, ownServices = false }) {
	const services = await checks.phase(
		'queue mode: PostgreSQL and Redis on 127.0.0.1',
		async () => {
			const redis = await queueRedis({ cleanup, folder, own: ownServices, log });
			const postgres = await queuePostgres({
				cleanup,
				n8nBin: n8n.bin,
				own: ownServices,
				log,
			});
			log(
				`queue mode: Redis ${redis.host}:${redis.port}${redis.own ? ' (started here)' : ''}, PostgreSQL ${postgres.host}:${postgres.port}${postgres.own ? ' (started here)' : ''}`,
			);
			return { redis, postgres };
		},
		{ fatal: true },
	);
	const runs = [];
	for (const sharedLimiter of [true, false]) {
		const title = sharedLimiter ? 'shared limiter (N8N_COGNITO_LIMITER_REDIS_URL=queue)' : 'shared limiter off';
		const run = await checks.phase(`queue mode: main + ${WORKERS} workers, ${title}`, () =>
			queueRun({ sharedLimiter, n8n, moto, services, folder, cleanup, log }),
		);
		if (run) runs.push({ ...run, assessment: assess(run) });
	}
	const shared = runs.find((r) => r.sharedLimiter);
	if (shared) {
		const a = shared.assessment;
		const name = (text) => `queue mode (shared limiter): ${text}`;
		checks.equal(
			name('the three webhooks answer at once'),
			shared.answers,
			QUEUE_PROVISIONING.map(() => 200),
		);
		checks.ok(
			name(`the three executions succeed on the workers, both used`),
			shared.executions.every((s) => s === 'success') && a.workersUsed === WORKERS,
			`${shared.executions.join(', ')}; per worker: ${JSON.stringify(shared.byWorker)}`,
		);
		checks.ok(
			name('every change reaches Cognito exactly once (one accepted call per user and operation)'),
			a.allOnce,
			JSON.stringify(a.exactlyOnce),
		);
		checks.ok(
			name('the pool reads back as provisioned (SDK)'),
			a.stateExact,
			JSON.stringify({
				...shared.state,
				members: shared.state.members.length,
				disabled: shared.state.disabled.length,
				updated: shared.state.updated.length,
			}),
		);
		checks.equal(name('0 throttles at the proxy'), shared.throttles, 0);
		const bound = CONFIGURED_RATE + JITTER_ALLOWANCE;
		checks.ok(
			name(
				`summed UserUpdate rate ≤ ${bound}/s in every 1-s window (the share, ${CONFIGURED_RATE}/s${JITTER_ALLOWANCE ? `, + ${ARRIVAL_JITTER_MS} ms of arrival jitter` : ''}): peak ${shared.peak}/s`,
			),
			shared.peak <= bound,
			`${(100 * shared.windowsAbove).toFixed(0)}% of the windows above ${CONFIGURED_RATE}/s`,
		);
		checks.ok(
			name(`busy period at ${shared.meanRate.toFixed(1)}/s ≥ ${MIN_BUSY_SHARE * 100}% of ${CONFIGURED_RATE}/s`),
			shared.meanRate >= MIN_BUSY_SHARE * CONFIGURED_RATE,
			`${shared.updateCalls} calls in ${shared.busySeconds.toFixed(1)} s`,
		);
		checks.ok(
			name(`the trigger polls on main during the run (${shared.pollsDuringRun}×) and reports every change once`),
			shared.pollsDuringRun >= 2 && a.eventsExact,
			`${shared.events.length} events`,
		);
		checks.ok(
			name(`limiter keys in Redis start with ${LIMITER_KEY_PREFIX}, n8n's with the run's own prefix`),
			a.limiterKeys.some((k) => k.includes(':UserUpdate')) && a.otherKeys.length === 0,
			`limiter keys: ${a.limiterKeys.slice(0, 5).join(', ')}; other new keys: ${a.otherKeys.slice(0, 5).join(', ')}`,
		);
	}
	const local = runs.find((r) => !r.sharedLimiter);
	if (local) {
		const name = (text) => `queue mode (shared limiter off): ${text}`;
		const bound = CONFIGURED_RATE + JITTER_ALLOWANCE;
		checks.ok(
			name(`the summed rate goes above what the check allows (${local.peak}/s > ${bound}/s), so the check can fail`),
			local.peak > bound,
		);
		checks.equal(name('no limiter state in Redis'), local.assessment.limiterKeys, []);
	}
	if (runs.length) printTable(runs);
}
