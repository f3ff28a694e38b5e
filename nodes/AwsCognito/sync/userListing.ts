import type { UserType } from '@aws-sdk/client-cognito-identity-provider';

import {
	buildUserFilter,
	CATEGORY_RATE,
	CognitoApi,
	CognitoError,
	MAX_PAGE_SIZE,
	normaliseQuotaShare,
	paginateUsers,
} from '../transport';

/**
 * Listing a pool's users on parallel chains. One ListUsers token chain is sequential: at 300 ms a
 * round trip it reads 3.3 pages a second while the quota allows 24 (30 × 0.8). A `sub` is a UUID in
 * lowercase hex, so the filters `sub ^= "0"` … `sub ^= "f"` split the pool into 16 disjoint chains
 * that together cover every user; all of them pass the transport's one limiter, so the rate stays
 * capped whatever the number of chains.
 */

/** The first hex digit of a sub: one chain each. */
export const SUB_PREFIXES = [...'0123456789abcdef'];

/** The slowest round trip the chain count is sized for (AWS answers in tens to hundreds of ms). */
const DESIGN_LATENCY_S = 0.3;
/**
 * Each chain may end on a short page, so partitioning costs up to one call per chain: worth it only
 * when the chains have at least this many pages each.
 */
const MIN_PAGES_PER_CHAIN = 2;
/** Restarts of one chain whose pagination token expired (AWS: after about an hour) before it gives up. */
export const MAX_CHAIN_RESTARTS = 3;

/**
 * How many chains to list users on: 16 (one per first hex digit of the sub) when the pool is big
 * enough that one chain would be bound by latency rather than by the quota, else 1. One chain keeps
 * the quota busy on its own when a page takes less than 1/rate (a rate below 1 / 0.3 s); more chains
 * than that only queue at the limiter.
 */
export function userListingChains(estimatedUsers: number | undefined, userListRate: number): number {
	if (estimatedUsers === undefined || !Number.isFinite(estimatedUsers)) return 1;
	if (userListRate * DESIGN_LATENCY_S <= 1) return 1;
	const pages = Math.ceil(estimatedUsers / MAX_PAGE_SIZE);
	return pages >= SUB_PREFIXES.length * MIN_PAGES_PER_CHAIN ? SUB_PREFIXES.length : 1;
}

/** The UserList rate this API's limiter allows (AWS's quota × the connection's share). */
export function userListRate(api: CognitoApi): number {
	return CATEGORY_RATE.UserList * normaliseQuotaShare(api.connection.quotaShare);
}

/** The endpoint does not honour `sub ^=` filters: list on one unfiltered chain instead. */
class PartitionRejected extends Error {
	constructor(readonly reason: string) {
		super(`sub prefix listing rejected: ${reason}`);
		this.name = 'PartitionRejected';
	}
}

const isInvalidParameter = (error: unknown) =>
	error instanceof CognitoError && error.awsName === 'InvalidParameterException';

export interface UserListingStats {
	/** Chains the users were listed on in the end (1 after a fallback). */
	chains: number;
	/** Chains restarted from their first page because their pagination token had expired. */
	restarts: number;
	/** Why the sub-prefix partitioning was given up for one chain, if it was. */
	fallback?: string;
}

/**
 * Reads one chain to its end, handing every user to `onUser`. AWS answers InvalidParameterException
 * for an expired (or otherwise bad) pagination token: the chain then starts again from its first
 * page, at most MAX_CHAIN_RESTARTS times; `onUser` sees the users of the pages read again a second
 * time, so it must be idempotent (the caller keys users by sub). On a filtered chain, the same error
 * on the first page (no token sent), or a user outside the prefix, means the endpoint does not
 * partition by sub.
 */
async function readChain(
	api: CognitoApi,
	userPoolId: string,
	{ prefix, expectedPages }: { prefix?: string; expectedPages?: number },
	onUser: (user: UserType) => void,
	signal: AbortSignal,
	stats: UserListingStats,
): Promise<void> {
	const filter = prefix === undefined ? undefined : buildUserFilter('sub', 'startsWith', prefix);
	// 16 chains take a fraction of the quota's time in any order: they yield to member listings.
	const withSlack = prefix !== undefined;
	for (let restarts = 0; ; restarts++) {
		let pages = 0;
		try {
			for await (const page of paginateUsers(api, userPoolId, { filter, expectedPages, withSlack })) {
				if (signal.aborted) return;
				pages++;
				for (const user of page.items) {
					const sub = user.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
					if (prefix !== undefined && !sub?.startsWith(prefix)) {
						throw new PartitionRejected(`a user outside "sub ^= ${prefix}" was returned (the filter was ignored)`);
					}
					onUser(user);
				}
			}
			return;
		} catch (error) {
			if (!isInvalidParameter(error)) throw error;
			if (pages === 0 && prefix !== undefined) {
				throw new PartitionRejected(`the filter was refused (${(error as CognitoError).message})`);
			}
			if (pages === 0 || restarts >= MAX_CHAIN_RESTARTS) throw error;
			stats.restarts++;
		}
	}
}

/**
 * Lists every user of the pool on `chains` chains (1 or 16), handing each to `onUser` as its page
 * arrives. When the endpoint rejects the sub partitioning, the other chains are stopped and the
 * users are listed again on one unfiltered chain (users already handed over are handed again).
 * `estimatedUsers` (DescribeUserPool's) tells the limiter how long each chain is expected to be.
 * Any other failure aborts `run` at once, which stops every call of the reading it belongs to.
 */
export async function listUsersOnChains(
	api: CognitoApi,
	userPoolId: string,
	{ chains, estimatedUsers }: { chains: number; estimatedUsers?: number },
	onUser: (user: UserType) => void,
	run: AbortController,
): Promise<UserListingStats> {
	const stop = run.signal;
	const stats: UserListingStats = { chains: 1, restarts: 0 };
	const pagesPerChain = (n: number) => (estimatedUsers === undefined ? undefined : estimatedUsers / n / MAX_PAGE_SIZE);
	const oneChain = { expectedPages: pagesPerChain(1) };
	if (chains <= 1) {
		await readChain(api, userPoolId, oneChain, onUser, stop, stats);
		return stats;
	}
	const rejected = new AbortController();
	const stopBoth = AbortSignal.any([stop, rejected.signal]);
	let firstFailure: { error: unknown } | undefined;
	const results = await Promise.allSettled(
		SUB_PREFIXES.map(async (prefix) => {
			try {
				const expectedPages = pagesPerChain(SUB_PREFIXES.length);
				await readChain(api, userPoolId, { prefix, expectedPages }, onUser, stopBoth, stats);
			} catch (error) {
				rejected.abort();
				if (!(error instanceof PartitionRejected)) {
					// Not a rejected partitioning: nothing more of this reading is worth sending.
					firstFailure ??= { error };
					run.abort();
				}
				throw error;
			}
		}),
	);
	if (firstFailure) throw firstFailure.error;
	const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
	if (failures.length === 0 || stop.aborted) {
		stats.chains = SUB_PREFIXES.length;
		return stats;
	}
	stats.fallback = (failures[0] as PartitionRejected).reason;
	await readChain(api, userPoolId, oneChain, onUser, stop, stats);
	return stats;
}
