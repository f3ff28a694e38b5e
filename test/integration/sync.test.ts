/**
 * The sync engine and the trigger against moto, on a pool big enough for every page boundary:
 * 300 users (5 pages), 70 groups (2 pages), 559 memberships with groups of 150, 61, 120 and 60
 * members and 10 empty groups. Ground truth is read independently with a raw SDK client.
 */
import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	AdminDeleteUserCommand,
	AdminDisableUserCommand,
	AdminEnableUserCommand,
	AdminRemoveUserFromGroupCommand,
	AdminUpdateUserAttributesCommand,
	CreateGroupCommand,
	DeleteGroupCommand,
	ListGroupsCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
	UpdateGroupCommand,
	type CognitoIdentityProviderClient,
	type GroupType,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { AwsCognitoTrigger, FINGERPRINT_KEY } from '../../nodes/AwsCognito/AwsCognitoTrigger.node';
import {
	FINGERPRINT_VERSION,
	expectedSnapshotCalls,
	takeSnapshot,
	toGroupRecord,
	toUserRecord,
	type ChangeEvent,
	type Membership,
	type SnapshotGroup,
	type SnapshotUser,
} from '../../nodes/AwsCognito/sync';
import { CognitoApi } from '../../nodes/AwsCognito/transport';
import { mapWithConcurrency, motoCredentials, motoEndpoint, seedGroups, seedName, seedUsers } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { pollContext } from '../support/engine';
import { startThrottlingProxy, type ThrottlingProxy } from '../support/throttlingProxy';

const USERS = 300;
const GROUPS = 70;
const SEED_CONCURRENCY = 6;

const user = (n: number) => seedName('user', n - 1, USERS);
const group = (n: number) => seedName('group', n - 1, GROUPS);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => user(from + i));

/** Group name → usernames, as seeded. */
function membershipLayout(): Map<string, string[]> {
	const layout = new Map<string, string[]>([
		[group(1), range(1, 150)],
		[group(2), range(101, 161)],
		[group(3), range(151, 270)],
		[group(4), range(241, 300)],
	]);
	for (let g = 5; g <= 60; g++)
		layout.set(
			group(g),
			[0, 1, 2].map((k) => user(((g * 7 + k * 11) % USERS) + 1)),
		);
	for (let g = 61; g <= GROUPS; g++) layout.set(group(g), []);
	return layout;
}

let client: CognitoIdentityProviderClient;
let poolId: string;
let layout: Map<string, string[]>;
let proxy: ThrottlingProxy;
const trigger = new AwsCognitoTrigger();

/** Everything in the pool, read with the raw SDK and following every token. */
async function groundTruth() {
	const users: UserType[] = [];
	let token: string | undefined;
	do {
		const out = await client.send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: token }));
		users.push(...(out.Users ?? []));
		token = out.PaginationToken;
	} while (token);
	const groups: GroupType[] = [];
	do {
		const out = await client.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: token }));
		groups.push(...(out.Groups ?? []));
		token = out.NextToken;
	} while (token);
	const members = new Map<string, string[]>();
	await mapWithConcurrency(groups, SEED_CONCURRENCY, async ({ GroupName }) => {
		const names: string[] = [];
		let next: string | undefined;
		do {
			const out = await client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName, NextToken: next }));
			names.push(...(out.Users ?? []).map((u) => u.Username ?? ''));
			next = out.NextToken;
		} while (next);
		members.set(GroupName ?? '', names);
	});
	return { users, groups, members };
}

function subsOf(users: UserType[]): Map<string, string> {
	return new Map(users.map((u) => [u.Username ?? '', u.Attributes?.find((a) => a.Name === 'sub')?.Value ?? '']));
}

async function poll(staticData: IDataObject, endpoint?: string): Promise<INodeExecutionData[][] | null> {
	const context = pollContext({
		parameters: { userPool: { mode: 'id', value: poolId }, emit: 'changes', onFirstPoll: 'baseline', options: {} },
		credentials: motoCredentials(endpoint),
		staticData,
	});
	return await trigger.poll.call(context);
}

useMotoPool('sync', {
	seed: async (pool) => {
		({ client, poolId } = pool);
		layout = membershipLayout();
		const started = Date.now();
		await seedUsers(client, poolId, USERS, 'user', SEED_CONCURRENCY);
		await seedGroups(client, poolId, GROUPS, 'group', SEED_CONCURRENCY);
		const pairs = [...layout].flatMap(([name, usernames]) => usernames.map((username) => [name, username] as const));
		await mapWithConcurrency(
			pairs,
			SEED_CONCURRENCY,
			async ([GroupName, Username]) =>
				await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName, Username })),
		);
		console.log(
			`sync.test: seeded ${USERS} users, ${GROUPS} groups, ${pairs.length} memberships in ${Date.now() - started} ms ` +
				`(${USERS + GROUPS + pairs.length + 1} calls, ${SEED_CONCURRENCY} in flight)`,
		);
		proxy = await startThrottlingProxy(motoEndpoint());
	},
});

afterAll(async () => {
	await proxy?.stop();
});

describe('takeSnapshot against moto', () => {
	it("equals the pool read independently, at exactly the formula's calls", async () => {
		const truth = await groundTruth();
		expect(truth.users).toHaveLength(USERS);
		expect(truth.groups).toHaveLength(GROUPS);
		const groupSizes = truth.groups.map((g) => truth.members.get(g.GroupName ?? '')?.length ?? 0);
		expect(groupSizes.reduce((a, b) => a + b, 0)).toBe(559);
		expect(groupSizes.filter((n) => n > 60)).toHaveLength(3);
		expect(groupSizes.filter((n) => n === 0)).toHaveLength(10);

		const api = new CognitoApi(motoCredentials());
		const snapshot = await takeSnapshot(api, poolId);

		const subs = subsOf(truth.users);
		const groupsOf = (username: string) =>
			[...truth.members]
				.filter(([, names]) => names.includes(username))
				.map(([name]) => name)
				.sort();
		const expectedUsers = new Map<string, SnapshotUser>(
			truth.users
				.map((raw): [string, SnapshotUser] => [
					subs.get(raw.Username ?? '') ?? '',
					{ ...toUserRecord(raw), groups: groupsOf(raw.Username ?? '') },
				])
				.sort(([a], [b]) => (a < b ? -1 : 1)),
		);
		const expectedGroups = new Map<string, SnapshotGroup>(
			truth.groups
				.map((raw): [string, SnapshotGroup] => [
					raw.GroupName ?? '',
					{ ...toGroupRecord(raw), memberCount: truth.members.get(raw.GroupName ?? '')?.length },
				])
				.sort(([a], [b]) => (a < b ? -1 : 1)),
		);
		const expectedMemberships: Membership[] = [...truth.members]
			.flatMap(([name, names]) => names.map((username) => ({ group: name, sub: subs.get(username) ?? '' })))
			.sort((a, b) => (a.group === b.group ? (a.sub < b.sub ? -1 : 1) : a.group < b.group ? -1 : 1));
		expect(snapshot.users).toEqual(expectedUsers);
		expect(snapshot.groups).toEqual(expectedGroups);
		expect(snapshot.memberships).toEqual(expectedMemberships);

		const formula = expectedSnapshotCalls({ users: USERS, groups: GROUPS, groupSizes, plan: 'groups' });
		expect(formula).toEqual({
			DescribeUserPool: 1,
			ListUsers: 5,
			ListGroups: 2,
			ListUsersInGroup: 3 + 2 + 2 + 1 + 56 + 10,
		});
		expect(snapshot.stats.calls).toEqual(formula);
		expect(api.metrics.calls).toEqual({});
		expect(snapshot.stats).toMatchObject({
			totalCalls: 82,
			throttlesRetried: 0,
			plan: 'groups',
			userListing: { chains: 1, restarts: 0 },
			counts: { users: USERS, groups: GROUPS, memberships: 559, usersSeenOnlyAsMembers: 0 },
		});
		console.log(
			`sync.test: snapshot of ${USERS} users, ${GROUPS} groups, 559 memberships: ` +
				`${JSON.stringify(snapshot.stats.calls)} = ${snapshot.stats.totalCalls} calls in ${snapshot.stats.durationMs} ms`,
		);
	});

	it('gives the same pool with the user plan, at Σ max(1, ceil(g_u/60)) AdminListGroupsForUser calls', async () => {
		const api = new CognitoApi(motoCredentials());
		const byGroups = await takeSnapshot(api, poolId);
		const byUsers = await takeSnapshot(api, poolId, { plan: 'users' });
		expect(byUsers.users).toEqual(byGroups.users);
		expect(byUsers.groups).toEqual(byGroups.groups);
		expect(byUsers.memberships).toEqual(byGroups.memberships);
		const userGroupCounts = [...byUsers.users.values()].map((u) => u.groups?.length ?? 0);
		expect(byUsers.stats.calls).toEqual(
			expectedSnapshotCalls({ users: USERS, groups: GROUPS, userGroupCounts, plan: 'users' }),
		);
		expect(byUsers.stats.calls.AdminListGroupsForUser).toBe(USERS);
		console.log(`sync.test: user plan: ${byUsers.stats.totalCalls} calls in ${byUsers.stats.durationMs} ms`);
	});
});

describe('users on sub prefix chains against moto', () => {
	it('reads the same pool on 16 chains (moto honours sub ^= filters), at most one more ListUsers call per chain', async () => {
		const api = new CognitoApi(motoCredentials());
		const single = await takeSnapshot(api, poolId, { userChains: 1 });
		const parallel = await takeSnapshot(api, poolId, { userChains: 16 });
		expect(parallel.stats.userListing).toEqual({ chains: 16, restarts: 0 });
		expect(parallel.users).toEqual(single.users);
		expect(parallel.groups).toEqual(single.groups);
		expect(parallel.memberships).toEqual(single.memberships);

		const perPrefix = [...'0123456789abcdef'].map(
			(prefix) => [...single.users.keys()].filter((sub) => sub.startsWith(prefix)).length,
		);
		expect(perPrefix.reduce((a, b) => a + b, 0)).toBe(USERS);
		const listUsers = perPrefix.reduce((sum, n) => sum + Math.max(1, Math.ceil(n / 60)), 0);
		expect(parallel.stats.calls.ListUsers).toBe(listUsers);
		expect(listUsers).toBeLessThanOrEqual(Math.ceil(USERS / 60) + 16);
		expect(parallel.stats.totalCalls - single.stats.totalCalls).toBe(listUsers - Math.ceil(USERS / 60));
		console.log(
			`sync.test: 16 chains: ${parallel.stats.totalCalls} calls in ${parallel.stats.durationMs} ms; ` +
				`1 chain: ${single.stats.totalCalls} calls in ${single.stats.durationMs} ms`,
		);
	});
});

describe('trigger polls against moto', () => {
	const staticData: IDataObject = {};
	const events = (result: INodeExecutionData[][] | null) =>
		(result?.[0] ?? []).map((item) => item.json as unknown as ChangeEvent);

	it('records a baseline, then emits exactly the scripted changes', async () => {
		await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: user(20) }));
		expect(await poll(staticData)).toBeNull();
		expect(staticData[FINGERPRINT_KEY]).toMatchObject({ v: FINGERPRINT_VERSION, pool: poolId });
		const subs = subsOf((await groundTruth()).users);

		// The script: every kind of change once.
		await client.send(
			new AdminCreateUserCommand({
				UserPoolId: poolId,
				Username: 'new-user',
				MessageAction: 'SUPPRESS',
				UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
			}),
		);
		await client.send(
			new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: group(5), Username: 'new-user' }),
		);
		await client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: user(290) }));
		await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: user(10) }));
		await client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: user(20) }));
		await client.send(
			new AdminUpdateUserAttributesCommand({
				UserPoolId: poolId,
				Username: user(30),
				UserAttributes: [
					{ Name: 'given_name', Value: 'Renamed' },
					{ Name: 'nickname', Value: 'Thirty' },
				],
			}),
		);
		await client.send(
			new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: group(61), Username: user(200) }),
		);
		await client.send(
			new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: group(1), Username: user(1) }),
		);
		await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'group-new', Description: 'Fresh' }));
		await client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: group(50) }));
		await client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: group(70) }));
		await client.send(
			new UpdateGroupCommand({ UserPoolId: poolId, GroupName: group(2), Description: 'Renamed group' }),
		);

		const after = await groundTruth();
		const newSubs = subsOf(after.users);
		const sub = (username: string) => subs.get(username) ?? newSubs.get(username) ?? '';
		const at = expect.any(String);
		const bySub = (a: { sub?: string }, b: { sub?: string }) => ((a.sub ?? '') < (b.sub ?? '') ? -1 : 1);
		const byPair = (a: ChangeEvent, b: ChangeEvent) =>
			a.group === b.group ? bySub(a, b) : (a.group ?? '') < (b.group ?? '') ? -1 : 1;
		const pair = (event: string, groupName: string, username: string, deleted = false): ChangeEvent =>
			({
				event,
				group: groupName,
				sub: sub(username),
				...(deleted ? {} : { username }),
				detectedAt: at,
			}) as ChangeEvent;

		const removed = [
			pair('membership.removed', group(1), user(1)),
			...(layout.get(group(50)) ?? [])
				.filter((u) => u !== user(290))
				.map((u) => pair('membership.removed', group(50), u)),
			...[...layout]
				.filter(([, names]) => names.includes(user(290)))
				.map(([name]) => pair('membership.removed', name, user(290), true)),
		];
		expect(removed.length).toBeGreaterThanOrEqual(5);

		const expected = [
			{
				event: 'group.created',
				group: 'group-new',
				groupDetails: expect.objectContaining({ groupName: 'group-new', description: 'Fresh', memberCount: 0 }),
				detectedAt: at,
			},
			{
				event: 'user.created',
				sub: sub('new-user'),
				username: 'new-user',
				user: expect.objectContaining({ email: 'new@example.com', groups: [group(5)] }),
				detectedAt: at,
			},
			{
				event: 'user.updated',
				sub: sub(user(30)),
				username: user(30),
				changes: { given_name: { after: 'Renamed' }, nickname: { before: null, after: 'Thirty' } },
				user: expect.objectContaining({ given_name: 'Renamed' }),
				detectedAt: at,
			},
			...[
				{
					event: 'user.disabled',
					sub: sub(user(10)),
					username: user(10),
					user: expect.objectContaining({ enabled: false }),
					detectedAt: at,
				},
				{
					event: 'user.enabled',
					sub: sub(user(20)),
					username: user(20),
					user: expect.objectContaining({ enabled: true }),
					detectedAt: at,
				},
			].sort(bySub),
			{
				event: 'group.updated',
				group: group(2),
				changes: { description: { after: 'Renamed group' } },
				groupDetails: expect.objectContaining({ memberCount: 61 }),
				detectedAt: at,
			},
			...[pair('membership.added', group(5), 'new-user'), pair('membership.added', group(61), user(200))].sort(byPair),
			...removed.sort(byPair),
			{ event: 'user.deleted', sub: sub(user(290)), detectedAt: at },
			{ event: 'group.deleted', group: group(50), detectedAt: at },
			{ event: 'group.deleted', group: group(70), detectedAt: at },
		];

		const emitted = events(await poll(staticData));
		expect(emitted).toEqual(expected);
		console.log(`sync.test: the scripted changes gave ${emitted.length} events`);
		expect(await poll(staticData)).toBeNull();
	});

	it('emits nothing and keeps the recorded state when a poll fails part-way', async () => {
		const recorded = JSON.stringify(staticData);
		expect(staticData[FINGERPRINT_KEY]).toBeDefined();
		await client.send(
			new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'unseen', MessageAction: 'SUPPRESS' }),
		);

		proxy.setPolicy({ failFirst: 1_000_000, errorName: 'AccessDeniedException', onlyTargets: ['ListUsersInGroup'] });
		proxy.resetStats();
		const failure = poll(staticData, proxy.endpoint);
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toThrow(/ListUsersInGroup/);
		const stats = proxy.stats();
		// The membership listings start while the users (301 by now: 6 pages) are listed; the first
		// refusal stops the user listing at its next page.
		expect(stats.byTarget['AWSCognitoIdentityProviderService.ListUsers']?.forwarded).toBeGreaterThan(0);
		expect(stats.byTarget['AWSCognitoIdentityProviderService.ListUsers']?.forwarded).toBeLessThanOrEqual(6);
		expect(stats.byTarget['AWSCognitoIdentityProviderService.ListUsersInGroup']?.rejected).toBeGreaterThan(0);
		expect(JSON.stringify(staticData)).toBe(recorded);

		proxy.setPolicy({});
		const next = events(await poll(staticData, proxy.endpoint));
		expect(next.map((e) => [e.event, e.username])).toEqual([['user.created', 'unseen']]);
	});
});
