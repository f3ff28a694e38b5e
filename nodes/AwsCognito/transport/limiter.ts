import Bottleneck from 'bottleneck';

import type { CognitoOperation } from './commands';
import { quotaScope, type CognitoConnection } from './connection';
import {
	bottleneckOptions,
	closeSharedConnections,
	limiterStoreFromEnv,
	sharedConnection,
	sharedLimiterFailure,
	type LimiterStoreSettings,
} from './limiterStore';
import { CATEGORY_RATE, COMMAND_CATEGORY, DEFAULT_QUOTA_SHARE, PER_POOL_RATE, type QuotaCategory } from './quotas';

/** Calls in flight per limiter; AWS limits rates, this only bounds sockets and memory. */
const MAX_CONCURRENT = 16;

/** Prefix of every limiter id, so that limiter state in a shared Redis is recognisable. */
const LIMITER_ID_PREFIX = 'n8n-nodes-aws-cognito';

interface LimiterEntry {
	limiter: Bottleneck;
	minTime: number;
}

const limiters = new Map<string, LimiterEntry>();

interface ActiveStore {
	settings: LimiterStoreSettings;
	connection?: Bottleneck.IORedisConnection;
}

/** Read from the environment on first use; resetLimiters() forgets it. */
let storeSettings: LimiterStoreSettings | undefined;

export function normaliseQuotaShare(share: number | undefined): number {
	if (share === undefined || !Number.isFinite(share)) return DEFAULT_QUOTA_SHARE;
	return Math.min(1, Math.max(0.01, share));
}

/** Minimum spacing between two calls, in ms, for a rate in requests per second. */
export function spacingFor(ratePerSecond: number): number {
	return Math.ceil(1000 / ratePerSecond);
}

/**
 * The id of a limiter, also its name in a shared Redis: the account's quota scope (a hash that
 * reveals no key or secret), the category and, for per-pool limits, the pool.
 */
export function limiterId(connection: CognitoConnection, category: QuotaCategory, userPoolId?: string): string {
	const parts = [LIMITER_ID_PREFIX, quotaScope(connection), category];
	if (userPoolId) parts.push(userPoolId);
	return parts.join(':');
}

async function activeStore(): Promise<ActiveStore> {
	storeSettings ??= limiterStoreFromEnv();
	if (storeSettings.kind === 'local') return { settings: storeSettings };
	return { settings: storeSettings, connection: await sharedConnection(storeSettings) };
}

/** Sets the spacing; for a shared limiter this writes it to Redis, where the last writer wins. */
function applySpacing(limiter: Bottleneck, minTime: number): void {
	// bottleneck.d.ts types this as synchronous; it returns a promise (a Redis write when shared).
	// A failing Redis also fails the next schedule(), which reports it; nothing to add here.
	const written = limiter.updateSettings({ minTime }) as unknown as Promise<unknown>;
	written.catch(() => undefined);
}

function limiterFor(store: ActiveStore, id: string, ratePerSecond: number): Bottleneck {
	const minTime = spacingFor(ratePerSecond);
	const entry = limiters.get(id);
	if (entry) {
		// The same account can be reached through credentials with different shares: the last one set wins.
		if (entry.minTime !== minTime) {
			entry.minTime = minTime;
			applySpacing(entry.limiter, minTime);
		}
		return entry.limiter;
	}
	const limiter = new Bottleneck(bottleneckOptions(id, { minTime, maxConcurrent: MAX_CONCURRENT }, store.connection));
	// Shared state created by another process keeps its settings (clearDatastore: false): apply ours.
	if (store.connection) applySpacing(limiter, minTime);
	limiters.set(id, { limiter, minTime });
	return limiter;
}

/**
 * The limiter a call must pass: one per (account key, region, quota category), chained behind a
 * per-pool limiter for the categories AWS also limits per pool. With N8N_COGNITO_LIMITER_REDIS_URL
 * set, their state lives in Redis and is shared with every process using the same Redis.
 */
export async function limiterForCall(
	connection: CognitoConnection,
	operation: CognitoOperation,
	userPoolId?: string,
): Promise<Bottleneck> {
	const store = await activeStore();
	const category: QuotaCategory = COMMAND_CATEGORY[operation];
	const share = normaliseQuotaShare(connection.quotaShare);
	const accountLimiter = limiterFor(store, limiterId(connection, category), CATEGORY_RATE[category] * share);
	const poolRate = PER_POOL_RATE[category];
	if (poolRate === undefined || !userPoolId) return accountLimiter;
	const poolId = limiterId(connection, category, userPoolId);
	const isNew = !limiters.has(poolId);
	const poolLimiter = limiterFor(store, poolId, poolRate * share);
	if (isNew) poolLimiter.chain(accountLimiter);
	return poolLimiter;
}

/**
 * Runs `job` when `limiter` allows. A failure of the job itself passes through unchanged; a failure
 * of a shared limiter (Redis) becomes a SharedLimiterError naming the server and the variable.
 */
export async function scheduleCall<T>(limiter: Bottleneck, job: () => Promise<T>): Promise<T> {
	const settings = storeSettings;
	if (settings?.kind !== 'redis') return await limiter.schedule(job);
	let jobFailed = false;
	try {
		return await limiter.schedule(async () => {
			try {
				return await job();
			} catch (error) {
				jobFailed = true;
				throw error;
			}
		});
	} catch (error) {
		if (jobFailed) throw error;
		throw sharedLimiterFailure(settings, error);
	}
}

/** Stops and forgets every limiter and closes shared connections (tests, shutdown). */
export async function resetLimiters(): Promise<void> {
	const all = [...limiters.values()];
	limiters.clear();
	storeSettings = undefined;
	// allSettled: a limiter whose Redis is gone must not keep the connections open.
	await Promise.allSettled(all.map(async ({ limiter }) => await limiter.stop({ dropWaitingJobs: true })));
	await closeSharedConnections();
}
