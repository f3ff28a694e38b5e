import {
	AdminGetUserCommand,
	DescribeUserPoolCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';

import {
	allSettledOrThrow,
	chooseMembershipPlan,
	expectedSnapshotCalls,
	forEachConcurrently,
	pagesFor,
	takeSnapshot,
	userKey,
	type PoolSnapshot,
} from '../../nodes/AwsCognito/sync';
import { CognitoApi, CognitoError } from '../../nodes/AwsCognito/transport';
import { listingPriority } from '../../nodes/AwsCognito/transport/limiter';
import { FakePool } from '../support/fakePool';
import { awsError, UNIT_CONNECTION, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();

const connection = UNIT_CONNECTION;
const fastRetry = { baseDelayMs: 1, maxDelayMs: 2 };
const NOW = new Date('2024-06-01T12:00:00.000Z');

/**
 * 130 users (3 ListUsers pages) and 9 groups: one with everyone (3 pages), one with 61 (2 pages),
 * one with exactly 60 (1 page), two empty, four small.
 */
function mediumPool(): FakePool {
	const pool = new FakePool();
	const names = Array.from({ length: 130 }, (_, i) => `user-${String(i).padStart(3, '0')}`);
	names.forEach((name, i) => pool.addUser(name, { email: `${name}@example.com`, given_name: `Given ${i}` }));
	const groups: Record<string, string[]> = {
		everyone: names,
		big: names.slice(0, 61),
		sixty: names.slice(10, 70),
		'empty-1': [],
		'empty-2': [],
		small: names.slice(0, 3),
		admins: ['user-007'],
		ops: names.slice(100, 110),
		'z-last': ['user-129', 'user-000'],
	};
	for (const [group, members] of Object.entries(groups)) {
		pool.addGroup(group, { Description: `The ${group} group` });
		for (const member of members) pool.addMember(group, member);
	}
	return pool;
}

function withoutStats(snapshot: PoolSnapshot): Omit<PoolSnapshot, 'stats'> {
	const { stats: _stats, ...rest } = snapshot;
	return rest;
}

let pool: FakePool;
let api: CognitoApi;

beforeEach(() => {
	pool = mediumPool();
	pool.install(cognito);
	api = new CognitoApi(connection, { retry: fastRetry });
});

describe('takeSnapshot', () => {
	it('reads the whole pool with exactly the calls of the formula (group plan)', async () => {
		const snapshot = await takeSnapshot(api, pool.id, { now: () => NOW });
		expect(withoutStats(snapshot)).toEqual(withoutStats(pool.expectedSnapshot(snapshot.stats)));

		const groupSizes = [...pool.members.values()].map((members) => members.size);
		const expected = expectedSnapshotCalls({ users: 130, groups: 9, groupSizes, plan: 'groups' });
		expect(expected).toEqual({
			DescribeUserPool: 1,
			ListUsers: 3,
			ListGroups: 1,
			ListUsersInGroup: 3 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1,
		});
		expect(snapshot.stats.calls).toEqual(expected);
		expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
		// Every listing asks for full pages.
		for (const call of cognito.calls()) {
			const input = call.args[0].input as { Limit?: number };
			if (!(call.args[0] instanceof DescribeUserPoolCommand)) expect(input.Limit).toBe(60);
		}
		expect(snapshot.stats).toEqual({
			takenAt: NOW.toISOString(),
			durationMs: expect.any(Number),
			calls: expected,
			totalCalls: 17,
			throttlesRetried: 0,
			retries: 0,
			plan: 'groups',
			userListing: { chains: 1, restarts: 0 },
			counts: {
				users: 130,
				groups: 9,
				memberships: 130 + 61 + 60 + 3 + 1 + 10 + 2,
				usersSeenOnlyAsMembers: 0,
				groupsSeenOnlyInMemberships: 0,
				deletedDuringSnapshot: 0,
			},
		});
	});

	it('keys users by sub, with their groups in name order, and counts group members', async () => {
		const snapshot = await takeSnapshot(api, pool.id);
		const seven = snapshot.users.get(pool.subOf('user-007'));
		expect(seven).toMatchObject({ username: 'user-007', groups: ['admins', 'big', 'everyone'] });
		expect(snapshot.groups.get('sixty')?.memberCount).toBe(60);
		expect(snapshot.groups.get('empty-1')?.memberCount).toBe(0);
		expect([...snapshot.users.keys()]).toEqual([...snapshot.users.keys()].sort());
		expect(snapshot.memberships).toContainEqual({ group: 'z-last', sub: pool.subOf('user-129') });
	});

	it('gives the same snapshot with the user plan, at Σ max(1, ceil(g_u/60)) AdminListGroupsForUser calls', async () => {
		const byGroups = await takeSnapshot(api, pool.id);
		const byUsers = await takeSnapshot(api, pool.id, { plan: 'users' });
		expect(withoutStats(byUsers)).toEqual(withoutStats(byGroups));
		const userGroupCounts = [...pool.users.keys()].map((name) => pool.groupsOf(name).length);
		expect(byUsers.stats.calls).toEqual(
			expectedSnapshotCalls({ users: 130, groups: 9, userGroupCounts, plan: 'users' }),
		);
		expect(byUsers.stats.calls.AdminListGroupsForUser).toBe(130);
		expect(byUsers.stats.plan).toBe('users');
	});

	it('chooses the user plan by itself when there are fewer users than groups', async () => {
		const tiny = new FakePool();
		tiny.addUser('only');
		for (let g = 0; g < 70; g++) tiny.addGroup(`g-${g}`);
		tiny.addMember('g-3', 'only');
		cognito.reset();
		tiny.install(cognito);
		const snapshot = await takeSnapshot(api, tiny.id);
		expect(snapshot.stats.plan).toBe('users');
		expect(snapshot.stats.calls).toEqual({
			DescribeUserPool: 1,
			ListUsers: 1,
			ListGroups: 2,
			AdminListGroupsForUser: 1,
		});
		expect(snapshot.users.get(tiny.subOf('only'))?.groups).toEqual(['g-3']);
		expect(snapshot.groups.get('g-3')?.memberCount).toBe(1);
	});

	it('adds a user created after the user listing from the group listing, instead of dropping it', async () => {
		let lateGroup: string | undefined;
		const listingDone = () => cognito.commandCalls(ListUsersCommand).length === 3;
		pool.hook = (operation, input) => {
			if (operation === 'ListUsersInGroup' && !lateGroup && listingDone() && input.NextToken === undefined) {
				lateGroup = String(input.GroupName);
				pool.addUser('late', { email: 'late@example.com' });
				pool.addMember(lateGroup, 'late');
			}
		};
		// One group at a time: some are listed after the user listing has ended.
		const snapshot = await takeSnapshot(api, pool.id, { plan: 'groups', concurrency: 1 });
		expect(lateGroup).toBeDefined();
		expect(snapshot.users.get(pool.subOf('late'))).toMatchObject({ username: 'late', groups: [lateGroup] });
		expect(snapshot.groups.get(lateGroup ?? '')?.memberCount).toBe(pool.members.get(lateGroup ?? '')?.size);
		expect(snapshot.stats.counts).toMatchObject({ users: 131, usersSeenOnlyAsMembers: 1 });
	});

	it('user plan: adds a group created meanwhile, leaves out a user deleted meanwhile', async () => {
		let changed = false;
		const listingDone = () => cognito.commandCalls(ListUsersCommand).length === 3;
		pool.hook = (operation) => {
			// After the user listing, while users' groups are still being read (one at a time, in
			// listing order): the last two users have not been asked yet.
			if (operation === 'AdminListGroupsForUser' && !changed && listingDone()) {
				changed = true;
				pool.addGroup('late-group');
				pool.addMember('late-group', 'user-128');
				pool.deleteUser('user-129');
			}
		};
		const snapshot = await takeSnapshot(api, pool.id, { plan: 'users', concurrency: 1 });
		expect(changed).toBe(true);
		expect(snapshot.groups.get('late-group')).toMatchObject({ groupName: 'late-group', memberCount: 1 });
		expect(snapshot.users.get(pool.subOf('user-128'))?.groups).toContain('late-group');
		expect([...snapshot.users.values()].some((u) => u.username === 'user-129')).toBe(false);
		expect(snapshot.memberships?.some((m) => m.group === 'everyone' && !snapshot.users.has(m.sub))).toBe(false);
		expect(snapshot.stats.counts).toMatchObject({
			users: 129,
			groupsSeenOnlyInMemberships: 1,
			deletedDuringSnapshot: 1,
		});
	});

	it('falls back to the username as key for a user listed without a sub', async () => {
		const raw = pool.users.get('user-005');
		if (raw) raw.Attributes = raw.Attributes?.filter((a) => a.Name !== 'sub');
		const snapshot = await takeSnapshot(api, pool.id);
		expect(userKey({ username: 'user-005', enabled: true, attributes: {} })).toBe('username:user-005');
		expect(snapshot.users.get('username:user-005')).toMatchObject({
			username: 'user-005',
			groups: ['big', 'everyone'],
		});
		expect(snapshot.memberships).toContainEqual({ group: 'big', sub: 'username:user-005' });
	});

	it('skips membership calls when memberships are not wanted, and describes the pool when asked', async () => {
		const snapshot = await takeSnapshot(api, pool.id, { includeMemberships: false, includePoolDescription: true });
		expect(snapshot.stats.calls).toEqual({ ListUsers: 3, ListGroups: 1, DescribeUserPool: 1 });
		expect(snapshot.stats.plan).toBe('none');
		expect(snapshot.memberships).toBeUndefined();
		expect(snapshot.stats.counts.memberships).toBeUndefined();
		expect(snapshot.users.get(pool.subOf('user-007'))?.groups).toBeUndefined();
		expect(snapshot.groups.get('admins')?.memberCount).toBeUndefined();
		expect(snapshot.pool).toMatchObject({ id: pool.id, featureTier: 'ESSENTIALS' });
	});

	it("counts a retried throttle in its stats, and the caller's API keeps its own metrics", async () => {
		let throttled = false;
		pool.hook = (operation) => {
			if (operation === 'ListUsersInGroup' && !throttled) {
				throttled = true;
				throw awsError('TooManyRequestsException', 'Rate exceeded');
			}
		};
		const snapshot = await takeSnapshot(api, pool.id);
		expect(snapshot.stats.throttlesRetried).toBe(1);
		expect(snapshot.stats.retries).toBe(1);
		expect(snapshot.stats.calls.ListUsersInGroup).toBe(12 + 1);
		expect(snapshot.stats.totalCalls).toBe(1 + 3 + 1 + 13);
		expect(api.metrics.calls).toEqual({});
	});

	it('fails as a whole when a membership listing fails: no new listing starts, running ones stop at their next page', async () => {
		pool.hook = (operation, input) => {
			if (operation === 'ListUsersInGroup' && input.GroupName === 'big') {
				throw awsError('AccessDeniedException', 'User is not authorized to perform: cognito-idp:ListUsersInGroup');
			}
		};
		// Two in flight: "everyone" (3 pages) and "big" start together; "big" fails on its first page.
		const failure = takeSnapshot(api, pool.id, { concurrency: 2 });
		await expect(failure).rejects.toBeInstanceOf(CognitoError);
		await expect(failure).rejects.toMatchObject({ kind: 'accessDenied', operation: 'ListUsersInGroup' });
		const calls = () =>
			cognito
				.commandCalls(ListUsersInGroupCommand)
				.map((call) => `${call.args[0].input.GroupName}@${call.args[0].input.NextToken ?? 0}`);
		const atFailure = calls();
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(calls()).toEqual(atFailure);
		expect(atFailure).toContain('big@0');
		expect(atFailure).not.toContain('everyone@120');
		expect(atFailure.filter((call) => !call.startsWith('everyone') && !call.startsWith('big'))).toEqual([]);
	});

	it("a failure ends the other listings' retries at once instead of waiting out their budgets", async () => {
		pool.hook = (operation, input) => {
			if (operation === 'ListUsers') throw awsError('TooManyRequestsException', 'Rate exceeded');
			if (operation === 'ListUsersInGroup' && input.GroupName === 'big') {
				throw awsError('AccessDeniedException', 'User is not authorized to perform: cognito-idp:ListUsersInGroup');
			}
		};
		// Every throttled ListUsers would back off 10 s, up to a 60-s budget.
		const patient = new CognitoApi(connection, {
			retry: { baseDelayMs: 10_000, maxDelayMs: 10_000, budgetMs: 60_000 },
			random: () => 1,
		});
		const started = Date.now();
		const failure = await takeSnapshot(patient, pool.id).catch((error: unknown) => error);
		expect(failure).toMatchObject({ kind: 'accessDenied', operation: 'ListUsersInGroup' });
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(cognito.commandCalls(ListUsersCommand).length).toBeGreaterThanOrEqual(1);
	});

	it('with the group sizes of the last read, lists the biggest groups first and sizes their pages at the limiter', async () => {
		// The snapshot sends through a fork of `api`.
		const send = jest.spyOn(CognitoApi.prototype, 'send');
		// "everyone" has 130 members (3 pages); sizes as recorded: it had 180 (3 pages expected), "small" 3, the rest unknown.
		const groupSizes = new Map([
			['small', 3],
			['everyone', 180],
		]);
		const snapshot = await takeSnapshot(api, pool.id, { plan: 'groups', concurrency: 1, groupSizes });
		const memberCalls = send.mock.calls.filter(([operation]) => operation === 'ListUsersInGroup');
		const groupsInOrder = [...new Set(memberCalls.map(([, input]) => (input as { GroupName: string }).GroupName))];
		expect(groupsInOrder.slice(0, 2)).toEqual(['everyone', 'small']);
		expect(groupsInOrder.slice(2).sort()).toEqual(['admins', 'big', 'empty-1', 'empty-2', 'ops', 'sixty', 'z-last']);
		const everyone = memberCalls.filter(([, input]) => (input as { GroupName: string }).GroupName === 'everyone');
		expect(everyone.map(([, , options]) => options?.priority)).toEqual([
			listingPriority(undefined),
			listingPriority(2),
			listingPriority(1),
		]);
		expect(snapshot.groups.get('everyone')?.memberCount).toBe(130);
		send.mockRestore();
	});

	it('fails when a group disappears mid-snapshot (the next snapshot sees the deletion)', async () => {
		pool.hook = (operation, input) => {
			if (operation === 'ListUsersInGroup' && input.GroupName === 'ops') pool.deleteGroup('ops');
		};
		await expect(takeSnapshot(api, pool.id)).rejects.toMatchObject({ kind: 'notFound', operation: 'ListUsersInGroup' });
	});
});

describe('membership plan', () => {
	it.each([
		[{ users: 0, groups: 0 }, 'groups'],
		[{ users: 10, groups: 10 }, 'groups'],
		[{ users: 1000, groups: 20 }, 'groups'],
		[{ users: 9, groups: 10 }, 'users'],
		[{ users: 0, groups: 5 }, 'users'],
		[{ users: 50, groups: 5000 }, 'users'],
	] as const)('%o → %s', (counts, plan) => {
		expect(chooseMembershipPlan(counts)).toBe(plan);
	});

	it('can be forced', () => {
		expect(chooseMembershipPlan({ users: 1000, groups: 1 }, 'users')).toBe('users');
		expect(chooseMembershipPlan({ users: 1, groups: 1000 }, 'groups')).toBe('groups');
	});

	it('counts pages of 60, one at least', () => {
		expect([0, 1, 59, 60, 61, 120, 121].map(pagesFor)).toEqual([1, 1, 1, 1, 2, 2, 3]);
	});

	it('states the exact calls of each plan', () => {
		expect(
			expectedSnapshotCalls({
				users: 300,
				groups: 70,
				groupSizes: [0, 1, 60, 61, 150],
				plan: 'groups',
			}),
		).toEqual({ ListUsers: 5, ListGroups: 2, ListUsersInGroup: 1 + 1 + 1 + 2 + 3, DescribeUserPool: 1 });
		expect(expectedSnapshotCalls({ users: 3, groups: 1, userGroupCounts: [0, 61, 2], plan: 'users' })).toEqual({
			DescribeUserPool: 1,
			ListUsers: 1,
			ListGroups: 1,
			AdminListGroupsForUser: 4,
		});
		expect(expectedSnapshotCalls({ users: 3, groups: 1, plan: 'none' })).toEqual({
			DescribeUserPool: 1,
			ListUsers: 1,
			ListGroups: 1,
		});
		// On chains, each chain pays its own last (short) page: 3 chains of 61, 60 and 0 users.
		expect(expectedSnapshotCalls({ users: 121, groups: 1, usersPerChain: [61, 60, 0], plan: 'none' })).toEqual({
			DescribeUserPool: 1,
			ListUsers: 2 + 1 + 1,
			ListGroups: 1,
		});
	});
});

describe('bounded concurrency', () => {
	it('never runs more tasks at once than the limit, and runs every task', async () => {
		let running = 0;
		let peak = 0;
		const done: number[] = [];
		await forEachConcurrently(
			Array.from({ length: 25 }, (_, i) => i),
			4,
			async (i) => {
				running++;
				peak = Math.max(peak, running);
				await new Promise((resolve) => setTimeout(resolve, 2 + (i % 3)));
				running--;
				done.push(i);
			},
		);
		expect(peak).toBe(4);
		expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
	});

	it('starts nothing after a failure, waits for the running tasks, then throws the first error', async () => {
		const started: number[] = [];
		let finished = 0;
		const run = forEachConcurrently(
			Array.from({ length: 20 }, (_, i) => i),
			3,
			async (i) => {
				started.push(i);
				if (i === 1) throw new Error('task 1 failed');
				await new Promise((resolve) => setTimeout(resolve, 10));
				finished++;
			},
		);
		await expect(run).rejects.toThrow('task 1 failed');
		expect(started).toEqual([0, 1, 2]);
		expect(finished).toBe(2);
	});

	it('allSettledOrThrow waits for every promise before throwing', async () => {
		let slowDone = false;
		const slow = new Promise<number>((resolve) =>
			setTimeout(() => {
				slowDone = true;
				resolve(1);
			}, 20),
		);
		await expect(allSettledOrThrow([Promise.reject(new Error('first')), slow] as const)).rejects.toThrow('first');
		expect(slowDone).toBe(true);
		await expect(allSettledOrThrow([Promise.resolve('a'), Promise.resolve(2)] as const)).resolves.toEqual(['a', 2]);
		// The first failure in time, not in order: the later one may only be a consequence.
		const later = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('later')), 30));
		const earlier = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('earlier')), 5));
		await expect(allSettledOrThrow([later, earlier] as const)).rejects.toThrow('earlier');
	});
});
