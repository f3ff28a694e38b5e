/**
 * The rate limiters shared across processes through Redis (N8N_COGNITO_LIMITER_REDIS_URL), as in
 * n8n queue mode: two plain `node` processes ("workers") send calls through CognitoApi to moto at
 * the same moment, and the combined pace is measured.
 */
import { spawn } from 'child_process';
import * as path from 'path';

import Redis from 'ioredis';

import {
	CATEGORY_RATE,
	CognitoApi,
	LIMITER_REDIS_URL_ENV,
	quotaScope,
	resetLimiters,
	SharedLimiterError,
	type KeysConnection,
} from '../../nodes/AwsCognito/transport';
import { spacingFor } from '../../nodes/AwsCognito/transport/limiter';
import { motoEndpoint, TEST_REGION } from '../support/cognito';
import { findFreePort } from '../support/moto';
import { useMotoPool } from '../support/motoPool';
import { cleanUpPlainNode, compiled } from '../support/plainNode';
import { startRedis, type RedisServer } from '../support/redis';

const ROOT = path.resolve(__dirname, '../..');
const WORKER = path.join(ROOT, 'test/support/limiterWorker.js');

/** UserList is 30 rps; a 20% share gives R = 6 rps, i.e. one call per 167 ms. */
const SHARE = 0.2;
const RATE = CATEGORY_RATE.UserList * SHARE;
/** Calls per worker. */
const CALLS = 8;
/** What two workers sharing one limiter need at least: the first call is free, the rest are spaced. */
const SHARED_MIN_MS = ((2 * CALLS - 1) / RATE) * 1000;

let redis: RedisServer;
let poolId: string;

beforeAll(async () => {
	redis = await startRedis();
});

useMotoPool('limiter-redis', {
	seed: async (pool) => {
		poolId = pool.poolId;
	},
});

afterAll(async () => {
	await redis?.stop();
	cleanUpPlainNode();
});

let closedPort: number;
beforeAll(async () => {
	closedPort = await findFreePort();
});

/**
 * A connection with its own access key and, for fresh limiter state in every scenario, an STS
 * endpoint that refuses: the account cannot be learnt, so each key is its own quota bucket
 * (accountScope.ts's fallback). `sameAccount` keeps moto's STS, which puts every key in one account.
 */
function connectionFor(accessKeyId: string, { sameAccount = false } = {}): KeysConnection {
	return {
		region: TEST_REGION,
		accessKeyId,
		secretAccessKey: `secret-of-${accessKeyId}`,
		endpoint: motoEndpoint(),
		stsEndpoint: sameAccount ? undefined : `http://127.0.0.1:${closedPort}`,
		quotaShare: SHARE,
	};
}

interface WorkerResult {
	goAt: number;
	doneAt: number[];
	calls: number;
}

/**
 * Starts one worker per connection, says "go" to all once all are ready, and returns the time
 * from the first "go" to the last call done, and every worker's result.
 */
async function runWorkers(
	connections: KeysConnection[],
	redisUrl: string | undefined,
): Promise<{ elapsedMs: number; results: WorkerResult[] }> {
	const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_NO_WARNINGS: '1' };
	delete env[LIMITER_REDIS_URL_ENV];
	if (redisUrl) env[LIMITER_REDIS_URL_ENV] = redisUrl;
	const transport = path.join(compiled(), 'nodes/AwsCognito/transport/index.js');

	const children = connections.map((connection) =>
		spawn(process.execPath, [WORKER, JSON.stringify({ transport, connection, userPoolId: poolId, calls: CALLS })], {
			env,
			stdio: ['pipe', 'pipe', 'pipe'],
		}),
	);
	let ready = 0;
	const timer = setTimeout(() => {
		for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
	}, 30_000);
	try {
		const results = await Promise.all(
			children.map(
				(child) =>
					new Promise<WorkerResult>((resolve, reject) => {
						let stdout = '';
						let stderr = '';
						let saidReady = false;
						child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
						child.stdout.on('data', (chunk: Buffer) => {
							stdout += chunk.toString();
							if (!saidReady && stdout.startsWith('ready\n')) {
								saidReady = true;
								if (++ready === children.length) for (const each of children) each.stdin.write('go\n');
							}
						});
						child.once('exit', (code) => {
							const last = stdout.trim().split('\n').pop() ?? '';
							if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as WorkerResult);
							else reject(new Error(`worker exited with ${String(code)}: ${stderr || stdout}`));
						});
					}),
			),
		);
		const start = Math.min(...results.map((r) => r.goAt));
		const end = Math.max(...results.flatMap((r) => r.doneAt));
		return { elapsedMs: end - start, results };
	} finally {
		clearTimeout(timer);
	}
}

describe('rate limiters shared through Redis (queue mode)', () => {
	it('paces two processes using one access key together: 2N calls take at least (2N - 1) / R', async () => {
		const shared = connectionFor('AKIASHAREDLIMITER1');
		const { elapsedMs, results } = await runWorkers([shared, shared], redis.url);

		expect(results.map((r) => r.calls)).toEqual([CALLS, CALLS]);
		console.log(
			`shared: ${2 * CALLS} calls at ${RATE} rps in ${elapsedMs} ms (at least ${Math.round(SHARED_MIN_MS)} ms)`,
		);
		expect(elapsedMs).toBeGreaterThanOrEqual(SHARED_MIN_MS - 5);

		// The state in Redis is named by the account hash and category; no key or secret in it.
		const inspector = new Redis(redis.url);
		try {
			const keys = await inspector.keys('*');
			const scope = await quotaScope(shared);
			expect(keys).toContain(`b_n8n-nodes-aws-cognito:${scope}:UserList_settings`);
			expect(await inspector.hget(`b_n8n-nodes-aws-cognito:${scope}:UserList_settings`, 'minTime')).toBe(
				String(spacingFor(RATE)),
			);
			for (const key of keys) {
				expect(key).toMatch(/^b_n8n-nodes-aws-cognito:[0-9a-f]{16}:/);
				expect(key).not.toContain(shared.accessKeyId);
				expect(key).not.toContain(shared.secretAccessKey);
			}
		} finally {
			inspector.disconnect();
		}
	});

	it('shares one limiter between two access keys of one account', async () => {
		const { elapsedMs } = await runWorkers(
			[
				connectionFor('AKIDSAMEACCOUNT1', { sameAccount: true }),
				connectionFor('AKIDSAMEACCOUNT2', { sameAccount: true }),
			],
			redis.url,
		);
		console.log(
			`two keys, one account: ${2 * CALLS} calls in ${elapsedMs} ms (at least ${Math.round(SHARED_MIN_MS)} ms)`,
		);
		expect(elapsedMs).toBeGreaterThanOrEqual(SHARED_MIN_MS - 5);
	});

	it('does not slow down processes using different access keys whose account is unknown', async () => {
		const { elapsedMs } = await runWorkers(
			[connectionFor('AKIDSEPARATELIMITER1'), connectionFor('AKIDSEPARATELIMITER2')],
			redis.url,
		);
		console.log(
			`separate keys: ${2 * CALLS} calls in ${elapsedMs} ms (sharing would need ${Math.round(SHARED_MIN_MS)} ms)`,
		);
		expect(elapsedMs).toBeLessThan(SHARED_MIN_MS);
	});

	it('without the variable, each process paces only itself (the measurement above can fail)', async () => {
		const shared = connectionFor('AKIALOCALLIMITER1');
		const { elapsedMs } = await runWorkers([shared, shared], undefined);
		console.log(`local limiters: ${2 * CALLS} calls in ${elapsedMs} ms`);
		expect(elapsedMs).toBeLessThan(SHARED_MIN_MS);
	});
});

describe('an unreachable Redis', () => {
	const saved = process.env[LIMITER_REDIS_URL_ENV];
	afterEach(async () => {
		if (saved === undefined) delete process.env[LIMITER_REDIS_URL_ENV];
		else process.env[LIMITER_REDIS_URL_ENV] = saved;
		await resetLimiters();
	});

	it('fails the calls at once with one error naming the variable, without the password, and retries only later', async () => {
		const port = await findFreePort();
		const password = 'hunter2-redis-password';
		process.env[LIMITER_REDIS_URL_ENV] = `redis://:${password}@127.0.0.1:${port}/0`;
		await resetLimiters();
		const api = new CognitoApi(connectionFor('AKIAUNREACHABLE1'));

		const started = Date.now();
		const failures = await Promise.all(
			[1, 2, 3].map(
				async () =>
					await api.send('ListUsers', { UserPoolId: poolId }).then(
						() => undefined,
						(error: unknown) => error,
					),
			),
		);
		expect(Date.now() - started).toBeLessThan(2_000);
		const [first] = failures;
		expect(first).toBeInstanceOf(SharedLimiterError);
		const message = (first as Error).message;
		expect(message).toContain(LIMITER_REDIS_URL_ENV);
		expect(message).toContain(`redis://127.0.0.1:${port}/0`);
		expect(message).toContain('connection refused');
		expect(message).not.toMatch(/ECONNREFUSED/i);
		expect(message).not.toContain('hunter2');
		// One connection attempt for all: the same error, and no Cognito call was made.
		expect(failures[1]).toBe(first);
		expect(failures[2]).toBe(first);
		expect(api.metrics.calls.ListUsers).toBeUndefined();

		// Redis comes up on that port: within the retry delay calls still fail at once, with the same error.
		const late = await startRedis({ port, password });
		try {
			await expect(api.send('ListUsers', { UserPoolId: poolId })).rejects.toBe(first);
			// Once the delay is over (moved forward here), the next call connects, authenticates and goes through.
			const realNow = Date.now;
			const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 31_000);
			try {
				await expect(api.send('ListUsers', { UserPoolId: poolId })).resolves.toHaveProperty('Users');
			} finally {
				spy.mockRestore();
			}
		} finally {
			await resetLimiters();
			await late.stop();
		}
	});
});
