import Bottleneck from 'bottleneck';

import { quotaScope, type CognitoConnection } from './connection';
import {
	CATEGORY_RATE,
	COMMAND_CATEGORY,
	DEFAULT_QUOTA_SHARE,
	PER_POOL_RATE,
	type CognitoOperation,
	type QuotaCategory,
} from './quotas';

/** Calls in flight per limiter; AWS limits rates, this only bounds sockets and memory. */
const MAX_CONCURRENT = 16;

const limiters = new Map<string, Bottleneck>();

export function normaliseQuotaShare(share: number | undefined): number {
	if (share === undefined || !Number.isFinite(share)) return DEFAULT_QUOTA_SHARE;
	return Math.min(1, Math.max(0.01, share));
}

/** Minimum spacing between two calls, in ms, for a rate in requests per second. */
export function spacingFor(ratePerSecond: number): number {
	return Math.ceil(1000 / ratePerSecond);
}

function limiterFor(key: string, ratePerSecond: number): Bottleneck {
	const minTime = spacingFor(ratePerSecond);
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new Bottleneck({ minTime, maxConcurrent: MAX_CONCURRENT });
		limiters.set(key, limiter);
	} else {
		// The same account can be reached through credentials with different shares: the last one set wins.
		limiter.updateSettings({ minTime });
	}
	return limiter;
}

/**
 * The limiter a call must pass: one per (account key, region, quota category), chained behind a
 * per-pool limiter for the categories AWS also limits per pool.
 */
export function limiterForCall(
	connection: CognitoConnection,
	operation: CognitoOperation,
	userPoolId?: string,
): Bottleneck {
	const category: QuotaCategory = COMMAND_CATEGORY[operation];
	const share = normaliseQuotaShare(connection.quotaShare);
	const scope = quotaScope(connection);
	const accountLimiter = limiterFor(`${scope}|${category}`, CATEGORY_RATE[category] * share);
	const poolRate = PER_POOL_RATE[category];
	if (poolRate === undefined || !userPoolId) return accountLimiter;
	const poolKey = `${scope}|${category}|${userPoolId}`;
	const isNew = !limiters.has(poolKey);
	const poolLimiter = limiterFor(poolKey, poolRate * share);
	if (isNew) poolLimiter.chain(accountLimiter);
	return poolLimiter;
}

/** Stops and forgets every limiter (tests). */
export async function resetLimiters(): Promise<void> {
	const all = [...limiters.values()];
	limiters.clear();
	await Promise.all(all.map(async (limiter) => await limiter.stop({ dropWaitingJobs: true })));
}
