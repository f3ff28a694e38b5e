/**
 * The poll lock shared through Redis (N8N_COGNITO_LIMITER_REDIS_URL): two copies of the module
 * stand for two n8n main processes, each with its own in-process locks and Redis connection.
 */
import Redis from 'ioredis';

import type * as PollLockModule from '../../nodes/AwsCognito/sync/pollLock';
import { LIMITER_REDIS_URL_ENV } from '../../nodes/AwsCognito/transport';
import { closeSharedConnections, limiterStoreFromEnv } from '../../nodes/AwsCognito/transport/limiterStore';
import { findFreePort } from '../support/moto';
import { startRedis, type RedisServer } from '../support/redis';

type Module = typeof PollLockModule;
type LimiterStoreModule = typeof import('../../nodes/AwsCognito/transport/limiterStore');

/** A main process: its own copy of the lock and of the Redis connections. */
function mainProcess(): { lock: Module; store: LimiterStoreModule } {
	let lock: Module | undefined;
	let store: LimiterStoreModule | undefined;
	jest.isolateModules(() => {
		lock = jest.requireActual<Module>('../../nodes/AwsCognito/sync/pollLock');
		store = jest.requireActual<LimiterStoreModule>('../../nodes/AwsCognito/transport/limiterStore');
	});
	return { lock: lock as Module, store: store as LimiterStoreModule };
}

let redis: RedisServer;
let inspect: Redis;
const mains: ReturnType<typeof mainProcess>[] = [];

beforeAll(async () => {
	redis = await startRedis();
	inspect = new Redis(redis.url);
});

afterAll(async () => {
	for (const main of mains) await main.store.closeSharedConnections();
	await closeSharedConnections();
	inspect?.disconnect();
	await redis?.stop();
});

function twoMains() {
	const a = mainProcess();
	const b = mainProcess();
	mains.push(a, b);
	const store = limiterStoreFromEnv({ [LIMITER_REDIS_URL_ENV]: redis.url });
	return { a: a.lock, b: b.lock, store };
}

describe('poll lock in Redis', () => {
	it('keeps a second main process from polling the same trigger until the first releases it', async () => {
		const { a, b, store } = twoMains();
		const key = a.pollLockKey('wf-shared', 'trigger-node');
		const redisKey = `${a.POLL_LOCK_KEY_PREFIX}${key}`;

		const lease = await a.acquirePollLock(key, { store });
		expect(lease).toBeDefined();
		const ttl = await inspect.pttl(redisKey);
		expect(ttl).toBeGreaterThan(a.POLL_LOCK_TTL_MS - 5_000);
		expect(ttl).toBeLessThanOrEqual(a.POLL_LOCK_TTL_MS);
		expect(await b.acquirePollLock(key, { store })).toBeUndefined();

		await lease?.release();
		expect(await inspect.exists(redisKey)).toBe(0);
		const next = await b.acquirePollLock(key, { store });
		expect(next).toBeDefined();
		await next?.release();
	});

	it('never deletes a lock another process took after this one expired', async () => {
		const { a, b, store } = twoMains();
		const key = a.pollLockKey('wf-expired', 'trigger-node');
		const redisKey = `${a.POLL_LOCK_KEY_PREFIX}${key}`;
		const slow = await a.acquirePollLock(key, { store });
		await inspect.del(redisKey); // what the TTL does to a lock whose holder stopped refreshing it
		const taker = await b.acquirePollLock(key, { store });
		expect(taker).toBeDefined();
		const takersToken = await inspect.get(redisKey);

		await slow?.release();
		expect(await inspect.get(redisKey)).toBe(takersToken);
		await taker?.release();
		expect(await inspect.exists(redisKey)).toBe(0);
	});

	it('fails naming the variable when that Redis is down, and holds nothing afterwards', async () => {
		const { a } = twoMains();
		const closed = await findFreePort();
		const store = limiterStoreFromEnv({ [LIMITER_REDIS_URL_ENV]: `redis://127.0.0.1:${closed}/0` });
		const key = a.pollLockKey('wf-down', 'trigger-node');
		const failure = a.acquirePollLock(key, { store });
		// Its class is the isolated copy's: compare by name.
		await expect(failure).rejects.toMatchObject({ name: 'SharedLimiterError' });
		await expect(failure).rejects.toThrow(
			new RegExp(`Redis at redis://127\\.0\\.0\\.1:${closed}/0 \\(set by ${LIMITER_REDIS_URL_ENV}\\) is unreachable`),
		);
		const lease = await a.acquirePollLock(key, { store: { kind: 'local' } });
		expect(lease).toBeDefined();
		await lease?.release();
	});
});
