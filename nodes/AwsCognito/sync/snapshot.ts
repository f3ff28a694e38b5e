import type { GroupType } from '@aws-sdk/client-cognito-identity-provider';

import {
	CognitoApi,
	CognitoError,
	collect,
	newMetrics,
	paginateGroupMembers,
	paginateGroups,
	paginateUserGroups,
	paginateUsers,
	totalCalls,
} from '../transport';
import { allSettledOrThrow, forEachConcurrently } from './concurrency';
import { chooseMembershipPlan } from './plan';
import { toGroupRecord, toUserPoolRecord, toUserRecord, type UserPoolRecord, type UserRecord } from './records';
import type {
	Membership,
	MembershipPlan,
	PoolSnapshot,
	SnapshotGroup,
	SnapshotOptions,
	SnapshotStats,
	SnapshotUser,
} from './types';

export const DEFAULT_SNAPSHOT_CONCURRENCY = 8;

/**
 * The key of a user in snapshots and fingerprints: its sub, Cognito's immutable user ID. Every
 * Cognito user has one; should a listing ever lack it, the username stands in, prefixed so that it
 * can never be taken for a sub (usernames can be reused after a deletion, subs never).
 */
export function userKey(user: UserRecord): string {
	return user.sub ? user.sub : `username:${user.username}`;
}

const byKey = <V>([a]: [string, V], [b]: [string, V]) => (a < b ? -1 : a > b ? 1 : 0);

/** Group name → member keys, as read by one of the two membership plans. */
type MembersByGroup = Map<string, Set<string>>;

type Counts = SnapshotStats['counts'];

interface SnapshotWork {
	api: CognitoApi;
	userPoolId: string;
	users: Map<string, SnapshotUser>;
	groups: Map<string, SnapshotGroup>;
	counts: Counts;
	concurrency: number;
}

/**
 * ListUsersInGroup for every group. Members come back as full user records, so a user created after
 * the user listing is added from them rather than dropped.
 */
async function readMembersByGroup(work: SnapshotWork): Promise<MembersByGroup> {
	const members: MembersByGroup = new Map();
	await forEachConcurrently([...work.groups.keys()], work.concurrency, async (groupName, stop) => {
		const found = new Map<string, SnapshotUser>();
		for await (const page of paginateGroupMembers(work.api, work.userPoolId, groupName)) {
			if (stop.aborted) return;
			for (const raw of page.items) {
				const user = toUserRecord(raw);
				found.set(userKey(user), user);
			}
		}
		for (const [key, user] of found) {
			if (!work.users.has(key)) {
				work.users.set(key, user);
				work.counts.usersSeenOnlyAsMembers++;
			}
		}
		members.set(groupName, new Set(found.keys()));
	});
	return members;
}

/**
 * AdminListGroupsForUser for every user. A user deleted since the listing is left out; a group
 * created since the group listing is added from the returned group record.
 */
async function readMembersByUser(work: SnapshotWork): Promise<MembersByGroup> {
	const members: MembersByGroup = new Map();
	await forEachConcurrently([...work.users.entries()], work.concurrency, async ([key, user], stop) => {
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
	});
	return members;
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

async function describePool(api: CognitoApi, userPoolId: string): Promise<UserPoolRecord | undefined> {
	const { UserPool: pool } = await api.send('DescribeUserPool', { UserPoolId: userPoolId });
	return pool ? toUserPoolRecord(pool) : undefined;
}

/**
 * A full snapshot of one user pool with the fewest calls: users and groups listed 60 a page (in
 * parallel), then memberships by the cheaper plan, as many listings in flight as `concurrency`
 * allows while the transport's limiters pace them. Never calls AdminGetUser (it bills the user as
 * active). Its calls are counted on a fork of the caller's API (same connection and retry policy),
 * so the stats cover this snapshot only. A group deleted while the snapshot runs makes it fail (the
 * next snapshot sees the deletion); a user deleted before its groups are listed (user plan) is left out.
 */
export async function takeSnapshot(
	base: CognitoApi,
	userPoolId: string,
	options: SnapshotOptions = {},
): Promise<PoolSnapshot> {
	const takenAt = (options.now ?? (() => new Date()))().toISOString();
	const started = performance.now();
	const metrics = newMetrics();
	const api = base.fork({ metrics, retry: options.retry });

	const [listedUsers, listedGroups, pool] = await allSettledOrThrow([
		collect(paginateUsers(api, userPoolId)),
		collect(paginateGroups(api, userPoolId)),
		options.includePoolDescription ? describePool(api, userPoolId) : Promise.resolve(undefined),
	] as const);

	const users = new Map<string, SnapshotUser>();
	for (const raw of listedUsers) {
		const user = toUserRecord(raw);
		users.set(userKey(user), user);
	}
	const groups = new Map<string, SnapshotGroup>();
	for (const raw of listedGroups) {
		const group = toGroupRecord(raw);
		groups.set(group.groupName, group);
	}

	const counts: Counts = {
		users: 0,
		groups: 0,
		usersSeenOnlyAsMembers: 0,
		groupsSeenOnlyInMemberships: 0,
		deletedDuringSnapshot: 0,
	};
	let plan: MembershipPlan = 'none';
	let members: MembersByGroup | undefined;
	if (options.includeMemberships ?? true) {
		plan = chooseMembershipPlan({ users: users.size, groups: groups.size }, options.plan);
		const work: SnapshotWork = {
			api,
			userPoolId,
			users,
			groups,
			counts,
			concurrency: options.concurrency ?? DEFAULT_SNAPSHOT_CONCURRENCY,
		};
		members = plan === 'groups' ? await readMembersByGroup(work) : await readMembersByUser(work);
	}

	const sortedUsers = new Map([...users].sort(byKey));
	const sortedGroups = new Map([...groups].sort(byKey));
	const memberships = members && applyMemberships(sortedUsers, sortedGroups, members);
	counts.users = sortedUsers.size;
	counts.groups = sortedGroups.size;
	if (memberships) counts.memberships = memberships.length;

	return {
		userPoolId,
		users: sortedUsers,
		groups: sortedGroups,
		memberships,
		pool,
		stats: {
			takenAt,
			durationMs: Math.round(performance.now() - started),
			calls: { ...metrics.calls },
			totalCalls: totalCalls(metrics),
			throttlesRetried: metrics.throttles,
			retries: metrics.retries,
			plan,
			counts,
		},
	};
}
