import type { GroupType, UserType } from '@aws-sdk/client-cognito-identity-provider';

import {
	CognitoApi,
	CognitoError,
	newMetrics,
	paginateGroupMembers,
	paginateGroups,
	paginateUserGroups,
	totalCalls,
} from '../transport';
import { allSettledOrThrow, forEachConcurrently, TaskQueue } from './concurrency';
import { chooseMembershipPlan, pagesFor } from './plan';
import { toGroupRecord, toUserPoolRecord, toUserRecord, type UserPoolRecord, type UserRecord } from './records';
import { listUsersOnChains, userListingChains, userListRate } from './userListing';
import type {
	Membership,
	MembershipPlan,
	PoolSnapshot,
	SnapshotGroup,
	SnapshotOptions,
	SnapshotStats,
	SnapshotUser,
} from './types';

/**
 * Membership listings under way at once. The limiter bounds what is in flight (16 calls) and orders
 * the queue (longest listings first), so this only needs to be large enough that a big group is not
 * started last: at 300 ms a round trip, 8 kept the quota idle while the last groups waited.
 */
export const DEFAULT_SNAPSHOT_CONCURRENCY = 64;

/**
 * The key of a user in snapshots and fingerprints: its sub, Cognito's immutable user ID. Every
 * Cognito user has one; should a listing ever lack it, the username stands in, prefixed so that it
 * can never be taken for a sub (usernames can be reused after a deletion, subs never).
 */
export function userKey(user: UserRecord): string {
	return user.sub ? user.sub : `username:${user.username}`;
}

/** userKey of a user as the SDK returns it, without building its record. */
export function rawUserKey(raw: UserType): string {
	const sub = raw.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
	return sub ? sub : `username:${raw.Username ?? ''}`;
}

const byKey = <V>([a]: [string, V], [b]: [string, V]) => (a < b ? -1 : a > b ? 1 : 0);

/** Group name → member keys, as read by one of the two membership plans. */
type MembersByGroup = Map<string, Set<string>>;

type Counts = SnapshotStats['counts'];

/** What a snapshot keeps of each user: at least its username (the user plan's calls need it). */
interface HeldUser {
	username: string;
}

/** How a reading keeps users: as whole records (takeSnapshot) or packed (takeChanges). */
export interface UserKeeping<U extends HeldUser> {
	/** The key and what to keep of a user as a listing returns it. */
	hold(raw: UserType): { key: string; user: U };
	/** The one string to keep for the key of a member already held as `held` (its own key string). */
	intern(key: string, held: U): string;
}

interface SnapshotWork<U extends HeldUser> {
	api: CognitoApi;
	userPoolId: string;
	users: Map<string, U>;
	keeping: UserKeeping<U>;
	/**
	 * Users found as group members but not (yet) in `users` (group plan). One the listing returns
	 * later leaves it; what is left once the listing is done are users created meanwhile.
	 */
	membersOnly: Map<string, U>;
	groups: Map<string, SnapshotGroup>;
	counts: Counts;
	concurrency: number;
	/** Members per group when last read, if known (see SnapshotOptions.groupSizes). */
	groupSizes?: ReadonlyMap<string, number>;
	/** Aborted on the first failure anywhere in the snapshot: every listing stops at its next page. */
	stop: AbortSignal;
}

/**
 * ListUsersInGroup for every group; it may run while users are still being listed. Members come
 * back as full user records: one the listing has not returned (yet) is kept aside, and added once
 * the listing is done if the listing never returned it (a user created meanwhile).
 */
async function readMembersByGroup<U extends HeldUser>(work: SnapshotWork<U>): Promise<MembersByGroup> {
	const members: MembersByGroup = new Map();
	const sizeOf = (groupName: string) => work.groupSizes?.get(groupName);
	// Known sizes first, biggest first; the rest as listed (a stable sort).
	const byExpectedSize = [...work.groups.keys()].sort((a, b) => (sizeOf(b) ?? -1) - (sizeOf(a) ?? -1));
	await forEachConcurrently(
		byExpectedSize,
		work.concurrency,
		async (groupName, stop) => {
			const keys = new Set<string>();
			const size = sizeOf(groupName);
			const expectedPages = size === undefined ? undefined : pagesFor(size);
			for await (const page of paginateGroupMembers(work.api, work.userPoolId, groupName, { expectedPages })) {
				if (stop.aborted) return;
				for (const raw of page.items) {
					// A member already held costs no record (most are, or soon will be, listed too).
					const known = rawUserKey(raw);
					const held = work.users.get(known) ?? work.membersOnly.get(known);
					if (held) keys.add(work.keeping.intern(known, held));
					else {
						const { key, user } = work.keeping.hold(raw);
						work.membersOnly.set(key, user);
						keys.add(key);
					}
				}
			}
			members.set(groupName, keys);
		},
		work.stop,
	);
	return members;
}

/**
 * AdminListGroupsForUser for a user, pushed as soon as the user listing returns it. A user deleted
 * since the listing is left out; a group created since the group listing is added from the
 * returned group record.
 */
function membersByUserQueue<U extends HeldUser>(work: SnapshotWork<U>, members: MembersByGroup): TaskQueue<string> {
	return new TaskQueue<string>(
		work.concurrency,
		async (key, stop) => {
			const user = work.users.get(key);
			if (!user) return;
			const groups: GroupType[] = [];
			try {
				for await (const page of paginateUserGroups(work.api, work.userPoolId, user.username)) {
					if (stop.aborted) return;
					groups.push(...page.items);
				}
			} catch (error) {
				if (error instanceof CognitoError && error.awsName === 'UserNotFoundException') {
					work.users.delete(key);
					work.counts.deletedDuringSnapshot++;
					return;
				}
				throw error;
			}
			for (const raw of groups) {
				const group = toGroupRecord(raw);
				if (!work.groups.has(group.groupName)) {
					work.groups.set(group.groupName, group);
					work.counts.groupsSeenOnlyInMemberships++;
				}
				let keys = members.get(group.groupName);
				if (!keys) members.set(group.groupName, (keys = new Set()));
				keys.add(key);
			}
		},
		work.stop,
	);
}

/**
 * Writes each user's groups and each group's member count. With users and groups in key order, the
 * pairs come out sorted by group, then user.
 */
function applyMemberships(
	users: Map<string, SnapshotUser>,
	groups: Map<string, SnapshotGroup>,
	members: MembersByGroup,
): Membership[] {
	for (const user of users.values()) user.groups = [];
	const memberships: Membership[] = [];
	for (const [groupName, group] of groups) {
		const keys = [...(members.get(groupName) ?? [])].filter((key) => users.has(key)).sort();
		group.memberCount = keys.length;
		for (const key of keys) {
			users.get(key)?.groups?.push(groupName);
			memberships.push({ group: groupName, sub: key });
		}
	}
	return memberships;
}

interface Description {
	/** Only when asked for (includePoolDescription). */
	record?: UserPoolRecord;
	estimatedUsers?: number;
}

/**
 * DescribeUserPool, for the pool's estimated user count (which sizes the user listing and picks the
 * membership plan early) and, when asked, its description. When the description was not asked for,
 * a failing call (such as a policy without cognito-idp:DescribeUserPool) only means no estimate.
 */
async function describePool(api: CognitoApi, userPoolId: string, wanted: boolean): Promise<Description> {
	try {
		const { UserPool: pool } = await api.send('DescribeUserPool', { UserPoolId: userPoolId });
		const record = pool ? toUserPoolRecord(pool) : undefined;
		return { record: wanted ? record : undefined, estimatedUsers: record?.estimatedNumberOfUsers };
	} catch (error) {
		if (wanted || !(error instanceof CognitoError)) throw error;
		return {};
	}
}

/** A pool as read, before the snapshot's or the changes' own finishing: users unsorted. */
export interface PoolReading<U extends HeldUser> {
	users: Map<string, U>;
	/** Sorted by name. */
	groups: Map<string, SnapshotGroup>;
	/** Group name → member keys (members not in `users` included); absent without memberships. */
	members?: MembersByGroup;
	pool?: UserPoolRecord;
	/** Stats without the counts of users, groups and memberships, which the finishing sets. */
	stats: SnapshotStats;
}

/**
 * Reads one user pool with the fewest calls, at the quota's pace whatever the latency.
 * DescribeUserPool and ListGroups first (in parallel); then users on 16 parallel `sub` prefix chains
 * when the estimated count makes one chain latency-bound (userListing.ts); memberships by the
 * cheaper plan, started while users are still being listed: per group once groups are listed, or
 * per user as each user arrives. As many listings in flight as `concurrency` allows while the
 * transport's limiters pace them. Never calls AdminGetUser (it bills the user as active). Its calls
 * are counted on a fork of the caller's API (same connection and retry policy), so the stats cover
 * this reading only. A group deleted while the reading runs makes it fail (the next one sees the
 * deletion); a user deleted before its groups are listed (user plan) is left out. What is kept of
 * each user is up to `keeping`.
 */
export async function readPool<U extends HeldUser>(
	base: CognitoApi,
	userPoolId: string,
	options: SnapshotOptions,
	keeping: UserKeeping<U>,
): Promise<PoolReading<U>> {
	const takenAt = (options.now ?? (() => new Date()))().toISOString();
	const started = performance.now();
	const metrics = newMetrics();
	const failed = new AbortController();
	const api = base.fork({ metrics, retry: options.retry, stop: failed.signal });
	// The first failure stops every other listing at its next page.
	const guarded = async <T>(promise: Promise<T>): Promise<T> =>
		await promise.catch((error: unknown) => {
			failed.abort();
			throw error;
		});

	const users = new Map<string, U>();
	const groups = new Map<string, SnapshotGroup>();
	const counts: Counts = {
		users: 0,
		groups: 0,
		usersSeenOnlyAsMembers: 0,
		groupsSeenOnlyInMemberships: 0,
		deletedDuringSnapshot: 0,
	};
	const work: SnapshotWork<U> = {
		api,
		userPoolId,
		users,
		membersOnly: new Map(),
		keeping,
		groups,
		counts,
		concurrency: options.concurrency ?? DEFAULT_SNAPSHOT_CONCURRENCY,
		groupSizes: options.groupSizes,
		stop: failed.signal,
	};
	const includeMemberships = options.includeMemberships ?? true;

	const describing = guarded(describePool(api, userPoolId, options.includePoolDescription ?? false));
	/**
	 * The count the user listing is sized by. A recorded count that calls for partitioned chains
	 * starts them at once, a round trip before DescribeUserPool answers; a smaller one waits for its
	 * estimate, which may have grown since (a pool filled after the trigger's first poll).
	 */
	const listingEstimate = async (): Promise<number | undefined> => {
		const { recordedUsers } = options;
		if (recordedUsers !== undefined && userListingChains(recordedUsers, userListRate(api)) > 1) return recordedUsers;
		return (await describing).estimatedUsers;
	};
	const listingGroups = guarded(
		(async () => {
			for await (const page of paginateGroups(api, userPoolId)) {
				if (failed.signal.aborted) return;
				for (const raw of page.items) {
					const group = toGroupRecord(raw);
					groups.set(group.groupName, group);
				}
			}
		})(),
	);
	/**
	 * The plan, once the groups are listed and the estimate is known (undefined without an estimate:
	 * then it waits for the user listing's counts).
	 */
	const planning = guarded(
		(async (): Promise<MembershipPlan | undefined> => {
			if (!includeMemberships) return 'none';
			const [{ estimatedUsers }] = await Promise.all([describing, listingGroups]);
			if (options.plan) return options.plan;
			if (estimatedUsers === undefined) return undefined;
			return chooseMembershipPlan({ users: estimatedUsers, groups: groups.size });
		})(),
	);

	const byUser: MembersByGroup = new Map();
	let userQueue: TaskQueue<string> | undefined;
	const listingUsers = guarded(
		(async () => {
			const estimatedUsers = await listingEstimate();
			const chains = options.userChains ?? userListingChains(estimatedUsers, userListRate(api));
			return await listUsersOnChains(
				api,
				userPoolId,
				{ chains, estimatedUsers },
				(raw) => {
					const { key, user } = keeping.hold(raw);
					const isNew = !users.has(key);
					users.set(key, user);
					work.membersOnly.delete(key);
					if (isNew) userQueue?.push(key);
				},
				failed,
			);
		})(),
	);
	/** Membership listings that start while users are still being listed. */
	const readingEarly = guarded(
		(async (): Promise<MembersByGroup | undefined> => {
			const early = await planning;
			if (early === 'groups') return await readMembersByGroup(work);
			if (early !== 'users') return undefined;
			// The users listed so far, then each new one as the listing returns it.
			const queue = (userQueue = membersByUserQueue(work, byUser));
			for (const key of users.keys()) queue.push(key);
			try {
				await listingUsers;
			} finally {
				await queue.close();
			}
			return byUser;
		})(),
	);

	const [description, , listing, earlyPlan, earlyReading] = await allSettledOrThrow([
		describing,
		listingGroups,
		listingUsers,
		planning,
		readingEarly,
	] as const);

	// No estimate: the plan is chosen from the counts now known, and runs after the listing.
	const plan: MembershipPlan = earlyPlan ?? chooseMembershipPlan({ users: users.size, groups: groups.size });
	let members: MembersByGroup | undefined;
	if (plan === 'groups') {
		members = earlyReading ?? (await readMembersByGroup(work));
		for (const [key, user] of work.membersOnly) {
			if (!users.has(key)) {
				users.set(key, user);
				counts.usersSeenOnlyAsMembers++;
			}
		}
		work.membersOnly.clear();
	} else if (plan === 'users') {
		if (!earlyReading) {
			const queue = membersByUserQueue(work, byUser);
			for (const key of users.keys()) queue.push(key);
			await queue.close();
		}
		members = byUser;
	}

	return {
		users,
		groups: new Map([...groups].sort(byKey)),
		members,
		pool: description.record,
		stats: {
			takenAt,
			durationMs: Math.round(performance.now() - started),
			calls: { ...metrics.calls },
			totalCalls: totalCalls(metrics),
			throttlesRetried: metrics.throttles,
			retries: metrics.retries,
			plan,
			userListing: listing,
			counts,
		},
	};
}

/** Whole user records, keyed by userKey. */
const WHOLE_RECORDS: UserKeeping<SnapshotUser> = {
	hold(raw) {
		const user = toUserRecord(raw);
		return { key: userKey(user), user };
	},
	intern: (key) => key,
};

/**
 * A full snapshot of one user pool (see readPool): every user's record, groups and memberships,
 * users and groups in key order.
 */
export async function takeSnapshot(
	base: CognitoApi,
	userPoolId: string,
	options: SnapshotOptions = {},
): Promise<PoolSnapshot> {
	const reading = await readPool(base, userPoolId, options, WHOLE_RECORDS);
	const { stats, groups } = reading;
	const users = new Map([...reading.users].sort(byKey));
	reading.users.clear();
	const memberships = reading.members && applyMemberships(users, groups, reading.members);
	stats.counts.users = users.size;
	stats.counts.groups = groups.size;
	if (memberships) stats.counts.memberships = memberships.length;
	return { userPoolId, users, groups, memberships, pool: reading.pool, stats };
}
