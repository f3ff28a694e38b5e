/**
 * One poll at a time per trigger. A poll that outlasts the poll interval (a big pool, a slow
 * endpoint) must not overlap the next one: both would diff against the same recorded state and
 * emit the same changes twice, or report a change the slower one missed as reverted.
 *
 * The lock is held in this process (n8n runs polls on its main process, in queue mode on the
 * leader) and, when the rate limiters are shared through Redis (N8N_COGNITO_LIMITER_REDIS_URL),
 * also in that Redis, so that two main processes (multi-main, a leader hand-over) cannot overlap
 * either. Nobody waits for the lock: a poll that does not get it is skipped. Every hold is bounded:
 * in Redis by a TTL refreshed while the poll runs, everywhere by POLL_LOCK_MAX_HOLD_MS.
 */
import { randomBytes } from 'crypto';

import { withTimeout } from '../transport';
import {
	REDIS_CONNECT_TIMEOUT_MS,
	limiterStoreFromEnv,
	sharedConnection,
	sharedLimiterFailure,
	type LimiterStoreSettings,
} from '../transport/limiterStore';

/** Past this, a lock counts as abandoned (a poll stuck beyond every request timeout) and is taken over. */
export const POLL_LOCK_MAX_HOLD_MS = 30 * 60_000;
/** The lock's TTL in Redis: a main process that dies mid-poll frees it within this. */
export const POLL_LOCK_TTL_MS = 60_000;
/** How often a running poll extends its lock in Redis. */
export const POLL_LOCK_REFRESH_MS = 20_000;
/** Under the limiters' prefix, so that one pattern finds everything this package keeps in Redis. */
export const POLL_LOCK_KEY_PREFIX = 'b_n8n-nodes-aws-cognito:poll-lock:';

/** A held lock. release() is bounded and never throws: an unreleased Redis lock expires by its TTL. */
export interface PollLease {
	release(): Promise<void>;
}

/** The part of an ioredis client the lock uses. */
interface LockClient {
	set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
	eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
}

// Extend or delete the lock only while it still holds this poll's token (it may have expired and
// been taken by another process meanwhile).
const EXTEND_IF_OURS =
	"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";
const DELETE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/** Locks held by polls of this process: key → when taken and by which token. */
const heldHere = new Map<string, { token: string; since: number }>();

export interface PollLockOptions {
	/** Where the shared lock lives; read from the environment when absent. */
	store?: LimiterStoreSettings;
	/** Clock, injected by tests. */
	now?: () => number;
}

/** The lock key of one trigger node of one workflow. */
export function pollLockKey(workflowId: string, nodeId: string): string {
	return `${workflowId}:${nodeId}`;
}

function takeHere(key: string, now: number): string | undefined {
	const held = heldHere.get(key);
	if (held && now - held.since < POLL_LOCK_MAX_HOLD_MS) return undefined;
	const token = randomBytes(12).toString('hex');
	heldHere.set(key, { token, since: now });
	return token;
}

function releaseHere(key: string, token: string): void {
	if (heldHere.get(key)?.token === token) heldHere.delete(key);
}

async function redisClient(store: Extract<LimiterStoreSettings, { kind: 'redis' }>): Promise<LockClient> {
	const connection = await sharedConnection(store);
	// bottleneck.d.ts does not declare it: the connection's ioredis client, connected.
	return (connection as unknown as { client: LockClient }).client;
}

/** Bounded like every other Redis wait; failures name the server and the variable. */
async function redisCall<T>(
	store: Extract<LimiterStoreSettings, { kind: 'redis' }>,
	call: Promise<T>,
	what: string,
): Promise<T> {
	try {
		return await withTimeout(call, REDIS_CONNECT_TIMEOUT_MS, `no answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`);
	} catch (error) {
		throw sharedLimiterFailure(store, error, what);
	}
}

/**
 * Takes the poll lock of `key` without waiting: the lease, or undefined when another poll holds it.
 * Throws a SharedLimiterError naming the variable when the shared store is set but unusable.
 */
export async function acquirePollLock(key: string, options: PollLockOptions = {}): Promise<PollLease | undefined> {
	const now = options.now ?? Date.now;
	const store = options.store ?? limiterStoreFromEnv();
	const token = takeHere(key, now());
	if (token === undefined) return undefined;
	if (store.kind === 'local') return { release: async () => releaseHere(key, token) };

	const redisKey = `${POLL_LOCK_KEY_PREFIX}${key}`;
	let client: LockClient;
	try {
		client = await redisClient(store);
		const taken = await redisCall(
			store,
			client.set(redisKey, token, 'PX', POLL_LOCK_TTL_MS, 'NX'),
			'could not lock the poll',
		);
		if (taken !== 'OK') {
			releaseHere(key, token);
			return undefined;
		}
	} catch (error) {
		releaseHere(key, token);
		throw error;
	}

	const since = now();
	const refresh = setInterval(() => {
		if (now() - since >= POLL_LOCK_MAX_HOLD_MS) {
			clearInterval(refresh);
			return;
		}
		// A failed refresh is not this poll's failure: at worst the lock expires and a later poll overlaps.
		void withTimeout(
			client.eval(EXTEND_IF_OURS, 1, redisKey, token, POLL_LOCK_TTL_MS),
			REDIS_CONNECT_TIMEOUT_MS,
			'',
		).catch(() => undefined);
	}, POLL_LOCK_REFRESH_MS);
	refresh.unref();

	return {
		release: async () => {
			clearInterval(refresh);
			releaseHere(key, token);
			await withTimeout(client.eval(DELETE_IF_OURS, 1, redisKey, token), REDIS_CONNECT_TIMEOUT_MS, '').catch(
				() => undefined,
			);
		},
	};
}
