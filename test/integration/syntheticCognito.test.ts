/**
 * The synthetic Cognito endpoint (scripts/lib/synthetic-cognito.mjs, the benchmark's million-user
 * pool) answers as moto does. Both hold the same small pool: the synthetic endpoint generates it,
 * and moto is seeded with it user by user in the same order (moto lists in creation order), with
 * the same subs (moto lets AdminUpdateUserAttributes set `sub`; AWS would not). Then the same SDK
 * calls go to both and their answers must be equal, with only dates, pool ids and token strings
 * normalised away. Where moto is known to differ from AWS, the synthetic endpoint follows AWS and
 * the last tests pin both answers.
 */
import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	AdminDisableUserCommand,
	AdminListGroupsForUserCommand,
	AdminResetUserPasswordCommand,
	AdminSetUserPasswordCommand,
	AdminUpdateUserAttributesCommand,
	CognitoIdentityProviderClient,
	CreateGroupCommand,
	CreateUserPoolClientCommand,
	CreateUserPoolCommand,
	DescribeUserPoolCommand,
	GetGroupCommand,
	ListGroupsCommand,
	ListUserPoolsCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
	SignUpCommand,
	type GroupType,
	type ListUserPoolsCommandInput,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';

import { makeClient, mapWithConcurrency, uniqueName } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { startSyntheticCognito, type SyntheticCognito, type SyntheticOptions } from '../support/syntheticCognito';

const POOL_NAME = uniqueName('synthetic');
const SPEC = { users: 130, groups: 7, membershipsPerUser: 2, seed: 13, poolName: POOL_NAME };
const PASSWORD = 'Synthetic-Passw0rd!';
const MAX_PAGES = 500;
const UNKNOWN_POOL = 'us-east-1_NoSuchPool0';

interface Side {
	client: CognitoIdentityProviderClient;
	poolId: string;
}
let synthetic: SyntheticCognito;
const synth = {} as Side;
/** The synthetic pool as listed by the synthetic endpoint: what moto is seeded with. */
let users: UserType[];
let groups: GroupType[];
const members = new Map<string, string[]>();

async function allPages<T>(fetch: (token?: string) => Promise<{ items?: T[]; token?: string }>): Promise<T[][]> {
	const pages: T[][] = [];
	let token: string | undefined;
	do {
		const page = await fetch(token);
		pages.push(page.items ?? []);
		token = page.token;
		if (pages.length > MAX_PAGES) throw new Error('the listing never ended');
	} while (token);
	return pages;
}

const listUsers = (side: Side, input: { Limit?: number; Filter?: string } = {}) =>
	allPages(async (PaginationToken) => {
		const out = await side.client.send(new ListUsersCommand({ UserPoolId: side.poolId, ...input, PaginationToken }));
		return { items: out.Users, token: out.PaginationToken };
	});
const listGroups = (side: Side, Limit?: number) =>
	allPages(async (NextToken) => {
		const out = await side.client.send(new ListGroupsCommand({ UserPoolId: side.poolId, Limit, NextToken }));
		return { items: out.Groups, token: out.NextToken };
	});
const listMembers = (side: Side, GroupName: string, Limit?: number) =>
	allPages(async (NextToken) => {
		const out = await side.client.send(
			new ListUsersInGroupCommand({ UserPoolId: side.poolId, GroupName, Limit, NextToken }),
		);
		return { items: out.Users, token: out.NextToken };
	});
const listGroupsOf = (side: Side, Username: string, Limit?: number) =>
	allPages(async (NextToken) => {
		const out = await side.client.send(
			new AdminListGroupsForUserCommand({ UserPoolId: side.poolId, Username, Limit, NextToken }),
		);
		return { items: out.Groups, token: out.NextToken };
	});

const attribute = (user: UserType, name: string): string => user.Attributes?.find((a) => a.Name === name)?.Value ?? '';

/** A user as both must answer it: dates checked for presence, attributes in name order, moto's empty MFAOptions dropped. */
function userView(user: UserType) {
	expect(user.UserCreateDate).toBeInstanceOf(Date);
	expect(user.UserLastModifiedDate).toBeInstanceOf(Date);
	const { UserCreateDate, UserLastModifiedDate, MFAOptions, Attributes, ...rest } = user;
	return {
		...rest,
		...(MFAOptions?.length && { MFAOptions }),
		Attributes: [...(Attributes ?? [])].sort((a, b) => String(a.Name).localeCompare(String(b.Name))),
	};
}
function groupView(group: GroupType) {
	expect(group.CreationDate).toBeInstanceOf(Date);
	const { CreationDate, LastModifiedDate, UserPoolId, ...rest } = group;
	return rest;
}
const userPages = (pages: UserType[][]) => pages.map((page) => page.map(userView));
const groupPages = (pages: GroupType[][]) => pages.map((page) => page.map(groupView));
const names = (pages: GroupType[][]) => pages.flat().map((g) => String(g.GroupName));

/** The error name a call fails with, or 'no error'. */
async function errorName(call: Promise<unknown>): Promise<string> {
	try {
		await call;
		return 'no error';
	} catch (error) {
		return (error as Error).name;
	}
}

/** Creates the synthetic pool in moto: users one by one in listing order, each in its status, then groups and memberships. */
async function seedMoto(client: CognitoIdentityProviderClient, poolId: string): Promise<void> {
	const { UserPoolClient } = await client.send(
		new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'synthetic-sign-up' }),
	);
	for (const user of users) {
		const Username = String(user.Username);
		const UserAttributes = (user.Attributes ?? []).filter((a) => a.Name !== 'sub');
		if (user.UserStatus === 'UNCONFIRMED') {
			await client.send(
				new SignUpCommand({ ClientId: String(UserPoolClient?.ClientId), Username, Password: PASSWORD, UserAttributes }),
			);
		} else {
			await client.send(
				new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS', UserAttributes }),
			);
		}
		if (user.UserStatus === 'CONFIRMED' || user.UserStatus === 'RESET_REQUIRED') {
			await client.send(
				new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }),
			);
		}
		if (user.UserStatus === 'RESET_REQUIRED') {
			await client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username }));
		}
		await client.send(
			new AdminUpdateUserAttributesCommand({
				UserPoolId: poolId,
				Username,
				UserAttributes: [{ Name: 'sub', Value: attribute(user, 'sub') }],
			}),
		);
		if (!user.Enabled) await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username }));
	}
	for (const group of groups) {
		const { GroupName, Description, Precedence, RoleArn } = group;
		await client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName, Description, Precedence, RoleArn }));
	}
	const memberships = [...members].flatMap(([GroupName, usernames]) =>
		usernames.map((Username) => ({ GroupName, Username })),
	);
	await mapWithConcurrency(memberships, 8, (membership) =>
		client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, ...membership })),
	);
}

// Registered before useMotoPool's hook, so the synthetic pool is read before moto is seeded with it.
beforeAll(async () => {
	synthetic = await startSyntheticCognito(SPEC);
	synth.client = makeClient(synthetic.endpoint);
	synth.poolId = synthetic.poolId;
	users = (await listUsers(synth)).flat();
	groups = (await listGroups(synth)).flat();
	for (const group of groups) {
		const name = String(group.GroupName);
		members.set(
			name,
			(await listMembers(synth, name)).flat().map((u) => String(u.Username)),
		);
	}
});
afterAll(async () => {
	synth.client?.destroy();
	await synthetic?.stop();
});
const moto: Side = useMotoPool('synthetic', {
	create: async (client) => {
		const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: POOL_NAME }));
		return String(UserPool?.Id);
	},
	seed: (pool) => seedMoto(pool.client, pool.poolId),
});

/** The same call's answer from both endpoints. */
async function both<T>(call: (side: Side) => Promise<T>): Promise<{ synthetic: T; moto: T }> {
	return { synthetic: await call(synth), moto: await call(moto) };
}

describe('the synthetic pool', () => {
	it('is the spec: 130 distinct users in every status, 7 groups, the memberships a listing of each group shows', async () => {
		expect(users).toHaveLength(SPEC.users);
		expect(new Set(users.map((u) => u.Username)).size).toBe(SPEC.users);
		expect(new Set(users.map((u) => attribute(u, 'sub'))).size).toBe(SPEC.users);
		for (const user of users)
			expect(attribute(user, 'sub')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(new Set(users.map((u) => u.UserStatus))).toEqual(
			new Set(['CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'UNCONFIRMED', 'RESET_REQUIRED']),
		);
		expect(users.some((u) => !u.Enabled)).toBe(true);
		expect(groups).toHaveLength(SPEC.groups);
		const sizes = [...members.values()].map((m) => m.length);
		// A group of more than one page, and an empty one: both paging edge cases are covered below.
		expect(Math.max(...sizes)).toBeGreaterThan(60);
		expect(Math.min(...sizes)).toBe(0);
		const perUser = await mapWithConcurrency(
			users,
			8,
			async (u) => (await listGroupsOf(synth, String(u.Username))).flat().length,
		);
		expect(perUser.reduce((a, b) => a + b, 0)).toBe(sizes.reduce((a, b) => a + b, 0));
	});
});

describe('the synthetic endpoint answers as moto does', () => {
	it('describes the pool the same, and lists it among the pools', async () => {
		const described = await both(async ({ client, poolId }) => {
			const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
			return { Name: UserPool?.Name, EstimatedNumberOfUsers: UserPool?.EstimatedNumberOfUsers };
		});
		expect(described.synthetic).toEqual({ Name: POOL_NAME, EstimatedNumberOfUsers: SPEC.users });
		expect(described.moto).toEqual(described.synthetic);

		const listed = await both(async ({ client, poolId }) => {
			const pages = await allPages(async (NextToken) => {
				const out = await client.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
				return { items: out.UserPools, token: out.NextToken };
			});
			const entry = pages.flat().find((p) => p.Id === poolId);
			expect(entry?.CreationDate).toBeInstanceOf(Date);
			return { Name: entry?.Name, LambdaConfig: entry?.LambdaConfig, keys: Object.keys(entry ?? {}).sort() };
		});
		expect(listed.synthetic.Name).toBe(POOL_NAME);
		expect(listed.moto).toEqual(listed.synthetic);
	});

	it.each([60, 7, 1])(
		'lists the same users in the same order, with tokens on the same pages, %i a page',
		async (Limit) => {
			const pages = await both((side) => listUsers(side, { Limit }));
			expect(pages.synthetic).toHaveLength(Math.ceil(SPEC.users / Limit));
			expect(userPages(pages.moto)).toEqual(userPages(pages.synthetic));
		},
	);

	const sample = (i: number) => users[i % users.length];
	const filters: Array<[string, () => string]> = [
		['sub ^= "a"', () => 'sub ^= "a"'],
		['sub ^= (two characters)', () => `sub ^= "${attribute(sample(3), 'sub').slice(0, 2)}"`],
		['sub = (one user)', () => `sub = "${attribute(sample(42), 'sub')}"`],
		['username = (one user)', () => `username = "${String(sample(17).Username)}"`],
		['username = (nobody)', () => 'username = "nobody.at.all"'],
		['username ^= (a given name)', () => `username ^= "${String(sample(5).Username).split('.')[0]}."`],
		['email = (one user)', () => `email = "${attribute(sample(99), 'email')}"`],
		['email ^= (a name)', () => `email ^= "${attribute(sample(8), 'email').slice(0, 3)}"`],
		['given_name =', () => `given_name = "${attribute(sample(11), 'given_name')}"`],
		['family_name ^=', () => `family_name ^= "${attribute(sample(12), 'family_name').slice(0, 1)}"`],
		['name =', () => `name = "${attribute(sample(13), 'name')}"`],
		['phone_number ^=', () => 'phone_number ^= "+1555"'],
		['status = "Disabled"', () => 'status = "Disabled"'],
		['status = "Enabled"', () => 'status = "Enabled"'],
		['cognito:user_status = "UNCONFIRMED"', () => 'cognito:user_status = "UNCONFIRMED"'],
		['cognito:user_status = "RESET_REQUIRED"', () => 'cognito:user_status = "RESET_REQUIRED"'],
		['spaces around the operator', () => 'sub^=  "b"'],
		['an escaped quote in the value', () => `given_name = "${attribute(sample(0), 'given_name')}\\"x"`],
		['an empty filter', () => ''],
	];
	it.each(filters)('filters the same way: %s, in pages of 60 and of 7', async (_label, filter) => {
		const Filter = filter();
		for (const Limit of [60, 7]) {
			const pages = await both((side) => listUsers(side, { Limit, Filter }));
			expect(userPages(pages.moto)).toEqual(userPages(pages.synthetic));
		}
	});

	it('finds exactly the users whose sub starts with each hex digit: the 16 prefixes partition the pool', async () => {
		const seen: string[] = [];
		for (const digit of '0123456789abcdef') {
			const pages = await both((side) => listUsers(side, { Filter: `sub ^= "${digit}"` }));
			expect(userPages(pages.moto)).toEqual(userPages(pages.synthetic));
			seen.push(...pages.synthetic.flat().map((u) => String(u.Username)));
		}
		expect(seen.sort()).toEqual(users.map((u) => String(u.Username)).sort());
	});

	it.each([60, 2])('lists the same groups, %i a page, and gets each the same', async (Limit) => {
		const pages = await both((side) => listGroups(side, Limit));
		expect(pages.synthetic).toHaveLength(Math.ceil(SPEC.groups / Limit));
		expect(groupPages(pages.moto)).toEqual(groupPages(pages.synthetic));
		for (const GroupName of names(pages.synthetic)) {
			const got = await both(async ({ client, poolId }) =>
				groupView((await client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName }))).Group ?? {}),
			);
			expect(got.moto).toEqual(got.synthetic);
		}
	});

	it.each([60, 7])('lists the same members of each group in the same order, %i a page', async (Limit) => {
		for (const GroupName of members.keys()) {
			const pages = await both((side) => listMembers(side, GroupName, Limit));
			expect(pages.synthetic).toHaveLength(Math.max(1, Math.ceil((members.get(GroupName)?.length ?? 0) / Limit)));
			expect(userPages(pages.moto)).toEqual(userPages(pages.synthetic));
		}
	});

	it('gives each user the same groups, in pages of 60 and of 1', async () => {
		// moto keeps a user's groups in a set, so its order is arbitrary: compare the groups, and the page count.
		const byName = (pages: GroupType[][]) =>
			pages
				.flat()
				.map(groupView)
				.sort((a, b) => String(a.GroupName).localeCompare(String(b.GroupName)));
		await mapWithConcurrency(users, 4, async (user) => {
			for (const Limit of [60, 1]) {
				const pages = await both((side) => listGroupsOf(side, String(user.Username), Limit));
				expect(pages.moto.map((page) => page.length)).toEqual(pages.synthetic.map((page) => page.length));
				expect(byName(pages.moto)).toEqual(byName(pages.synthetic));
			}
		});
	});

	const errorCases: Array<[string, (side: Side) => Promise<unknown>, string]> = [
		[
			'ListUsers, unknown pool',
			({ client }) => client.send(new ListUsersCommand({ UserPoolId: UNKNOWN_POOL })),
			'ResourceNotFoundException',
		],
		[
			'ListGroups, unknown pool',
			({ client }) => client.send(new ListGroupsCommand({ UserPoolId: UNKNOWN_POOL })),
			'ResourceNotFoundException',
		],
		[
			'DescribeUserPool, unknown pool',
			({ client }) => client.send(new DescribeUserPoolCommand({ UserPoolId: UNKNOWN_POOL })),
			'ResourceNotFoundException',
		],
		[
			'GetGroup, unknown pool',
			({ client }) =>
				client.send(new GetGroupCommand({ UserPoolId: UNKNOWN_POOL, GroupName: String(groups[0].GroupName) })),
			'ResourceNotFoundException',
		],
		[
			'ListUsersInGroup, unknown pool',
			({ client }) =>
				client.send(new ListUsersInGroupCommand({ UserPoolId: UNKNOWN_POOL, GroupName: String(groups[0].GroupName) })),
			'ResourceNotFoundException',
		],
		[
			'AdminListGroupsForUser, unknown pool',
			({ client }) =>
				client.send(
					new AdminListGroupsForUserCommand({ UserPoolId: UNKNOWN_POOL, Username: String(users[0].Username) }),
				),
			'ResourceNotFoundException',
		],
		[
			'GetGroup, unknown group',
			({ client, poolId }) => client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'no-such-group' })),
			'ResourceNotFoundException',
		],
		[
			'ListUsersInGroup, unknown group',
			({ client, poolId }) =>
				client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'no-such-group' })),
			'ResourceNotFoundException',
		],
		[
			'AdminListGroupsForUser, unknown user',
			({ client, poolId }) =>
				client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'nobody.at.all' })),
			'UserNotFoundException',
		],
		[
			'ListUsers, a filter that does not parse',
			({ client, poolId }) => client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email contains "x"' })),
			'InvalidParameterException',
		],
		[
			'ListUsers, an attribute AWS cannot search',
			({ client, poolId }) =>
				client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'custom:department = "sales"' })),
			'InvalidParameterException',
		],
	];
	it.each(errorCases)('fails the same way: %s', async (_label, call, expected) => {
		expect(await both((side) => errorName(call(side)))).toEqual({ synthetic: expected, moto: expected });
	});
});

describe('where moto differs from AWS, the synthetic endpoint answers as AWS does', () => {
	const firstToken = async ({ client, poolId }: Side) =>
		(await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 7 }))).PaginationToken;

	const differences: Array<[string, (side: Side) => Promise<unknown>, { synthetic: string; moto: string }]> = [
		[
			'a ListUsers token it never issued (moto: its own InvalidToken)',
			({ client, poolId }) => client.send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: 'not-a-token' })),
			{ synthetic: 'InvalidParameterException', moto: 'InvalidToken' },
		],
		[
			'a ListGroups token it never issued',
			({ client, poolId }) => client.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: 'not-a-token' })),
			{ synthetic: 'InvalidParameterException', moto: 'InvalidToken' },
		],
		[
			// The first page of 7 ends before users[7], the user moto's token names: moto only checks that it is listed.
			'a ListUsers token used with another filter (moto does not check)',
			async (side) =>
				side.client.send(
					new ListUsersCommand({
						UserPoolId: side.poolId,
						Limit: 7,
						PaginationToken: await firstToken(side),
						Filter: `username = "${String(users[7].Username)}"`,
					}),
				),
			{ synthetic: 'InvalidParameterException', moto: 'no error' },
		],
		[
			'Limit above 60 (moto accepts it)',
			({ client, poolId }) => client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 61 })),
			{ synthetic: 'InvalidParameterException', moto: 'no error' },
		],
		[
			'ListUserPools without MaxResults, which AWS requires',
			// The SDK's types require MaxResults; a caller without them can still leave it out.
			({ client }) => client.send(new ListUserPoolsCommand({} as ListUserPoolsCommandInput)),
			{ synthetic: 'InvalidParameterException', moto: 'no error' },
		],
		[
			'a pool id that is not of the form region_id (moto: not found)',
			({ client }) => client.send(new ListUsersCommand({ UserPoolId: 'no-underscore' })),
			{ synthetic: 'InvalidParameterException', moto: 'ResourceNotFoundException' },
		],
	];
	it.each(differences)('%s', async (_label, call, expected) => {
		expect(await both((side) => errorName(call(side)))).toEqual(expected);
	});

	it('matches cognito:user_status regardless of case (AWS documents it; moto compares exactly)', async () => {
		const lower = await both((side) => listUsers(side, { Filter: 'cognito:user_status = "confirmed"' }));
		const upper = (await listUsers(synth, { Filter: 'cognito:user_status = "CONFIRMED"' })).flat();
		expect(upper.length).toBeGreaterThan(0);
		expect(lower.synthetic.flat().map(userView)).toEqual(upper.map(userView));
		expect(lower.moto.flat()).toEqual([]);
	});
});

/** Another endpoint with the same pool and other options; stopped after its describe block. */
function useEndpoint(options: SyntheticOptions): Side {
	const side = {} as Side;
	let endpoint: SyntheticCognito | undefined;
	beforeAll(async () => {
		endpoint = await startSyntheticCognito(SPEC, options);
		side.client = makeClient(endpoint.endpoint);
		side.poolId = endpoint.poolId;
	});
	afterAll(async () => {
		side.client?.destroy();
		await endpoint?.stop();
	});
	return side;
}

describe('pagination as AWS paginates', () => {
	const TTL_MS = 2_000;
	const short = useEndpoint({ tokenTtlMs: TTL_MS });
	const SCAN_BUDGET = 20;
	const budgeted = useEndpoint({ scanBudget: SCAN_BUDGET });

	const page = (side: Side, PaginationToken?: string) =>
		side.client.send(new ListUsersCommand({ UserPoolId: side.poolId, Limit: 7, PaginationToken }));

	it('expires tokens after the endpoint’s lifetime (AWS: an hour) with InvalidParameterException, and a fresh listing works', async () => {
		const first = await page(short);
		const second = await page(short, first.PaginationToken);
		expect(second.Users?.map(userView)).toEqual(users.slice(7, 14).map(userView));
		await new Promise((resolve) => setTimeout(resolve, TTL_MS + 200));
		const expired = page(short, second.PaginationToken);
		await expect(expired).rejects.toMatchObject({
			name: 'InvalidParameterException',
			message: expect.stringMatching(/expired/),
		});
		const again = await page(short);
		expect(again.Users?.map(userView)).toEqual(users.slice(0, 7).map(userView));
	});

	it('serves the same pool from the same spec in another process: the data is deterministic', async () => {
		expect((await listUsers(short)).flat().map(userView)).toEqual(users.map(userView));
		expect(short.poolId).toBe(synth.poolId);
	});

	it('issues opaque tokens, good only on the endpoint that issued them', async () => {
		const token = String((await page(synth)).PaginationToken);
		const again = String((await page(synth)).PaginationToken);
		expect(again).not.toBe(token);
		expect(Buffer.from(token, 'base64url').toString('latin1')).not.toMatch(/^[\x20-\x7e]*$/);
		expect(await errorName(page(short, token))).toBe('InvalidParameterException');
		expect((await page(synth, token)).Users?.map(userView)).toEqual(users.slice(7, 14).map(userView));
	});

	it('answers a sparse filter with short pages mid-stream, and following the tokens lists every match once', async () => {
		const Filter = 'sub ^= "c"';
		const pages = await listUsers(budgeted, { Filter });
		const expected = (await listUsers(synth, { Filter })).flat();
		expect(expected.length).toBeGreaterThan(0);
		expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(SPEC.users / SCAN_BUDGET));
		// Without the scan budget, these few matches would come in one page of up to 60.
		expect(pages.slice(0, -1).some((p) => p.length < 60)).toBe(true);
		expect(pages.flat().map(userView)).toEqual(expected.map(userView));
	});
});
