/**
 * Every user operation end to end: through the node's router, the transport and the AWS SDK to moto,
 * with the resulting state checked independently with a raw SDK client.
 */
import {
	AdminGetUserCommand,
	AdminInitiateAuthCommand,
	AdminListGroupsForUserCommand,
	AdminSetUserPasswordCommand,
	type CognitoIdentityProviderClient,
	CreateUserPoolClientCommand,
	CreateUserPoolCommand,
	GetUserCommand,
	ListUsersCommand,
	type AdminGetUserCommandOutput,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	addMembers,
	mapWithConcurrency,
	motoCredentials,
	SEED_CONCURRENCY,
	seedGroups,
	seedUsers,
	uniqueName,
	useCallCounter,
} from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { runNode, runNodeError } from '../support/nodeRunner';

const SEEDED_USERS = 263;
const SEEDED_GROUPS = 65;
const PASSWORD = 'Perm#Passw0rd!';

let client: CognitoIdentityProviderClient;
let poolId: string;

type NodeParameters = Record<string, unknown>;
const byUsername = (value: string) => ({ mode: 'username', value });
const bySub = (value: string) => ({ mode: 'sub', value });
const group = (value: string) => ({ mode: 'name', value });

/** Runs the node's user resource against moto, the way n8n would, one item per parameter set. */
async function run(
	operation: string,
	parameters: NodeParameters | NodeParameters[],
	options: { continueOnFail?: boolean } = {},
): Promise<INodeExecutionData[]> {
	return await runNode('user', operation, Array.isArray(parameters) ? parameters : [parameters], {
		credentials: motoCredentials(),
		userPoolId: poolId,
		continueOnFail: options.continueOnFail,
	});
}

async function runJson(operation: string, parameters: NodeParameters): Promise<IDataObject> {
	const output = await run(operation, parameters);
	expect(output).toHaveLength(1);
	return output[0].json;
}

async function runError(operation: string, parameters: NodeParameters): Promise<Error> {
	return await runNodeError('user', operation, parameters, { credentials: motoCredentials(), userPoolId: poolId });
}

async function rawUser(username: string): Promise<AdminGetUserCommandOutput> {
	return await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
}

function attributesOf(user: { UserAttributes?: UserType['Attributes'] }): Record<string, string> {
	return Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
}

async function rawGroupsOf(username: string): Promise<string[]> {
	const out = await client.send(
		new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username, Limit: 60 }),
	);
	return (out.Groups ?? []).map((g) => g.GroupName ?? '').sort();
}

/** Every user of the pool, read with the raw client. */
async function rawAllUsers(): Promise<UserType[]> {
	const users: UserType[] = [];
	let token: string | undefined;
	do {
		const out = await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: token }));
		users.push(...(out.Users ?? []));
		token = out.PaginationToken;
	} while (token);
	return users;
}

/** A fresh user for a test that changes users, created with the raw client. */
async function freshUser(prefix: string): Promise<string> {
	const [user] = await seedUsers(client, poolId, 1, uniqueName(prefix));
	return user.username;
}

useMotoPool('user-ops', {
	create: async (rawClient, name) => {
		const pool = await rawClient.send(
			new CreateUserPoolCommand({
				PoolName: name,
				Schema: [{ Name: 'department', AttributeDataType: 'String', Mutable: true }],
			}),
		);
		return pool.UserPool?.Id ?? '';
	},
	seed: async (pool) => {
		({ client, poolId } = pool);
		await seedUsers(client, poolId, SEEDED_USERS, 'staff');
		await seedGroups(client, poolId, SEEDED_GROUPS, 'team');
	},
});

/** Cognito requests sent while `action` ran (node and raw client alike), by command name. */
const { callsDuring: countCalls } = useCallCounter();

describe('getAll', () => {
	it('with Return All, returns every user once across 5 pages of 60', async () => {
		let output: INodeExecutionData[] = [];
		const calls = await countCalls(async () => (output = await run('getAll', { returnAll: true })));
		const names = output.map((o) => o.json.username as string);
		expect(names.length).toBeGreaterThanOrEqual(SEEDED_USERS);
		expect(new Set(names).size).toBe(names.length);
		for (let i = 1; i <= SEEDED_USERS; i++) expect(names).toContain(`staff-${String(i).padStart(4, '0')}`);
		expect(calls).toEqual({ ListUsers: Math.ceil(names.length / 60) });
		expect(calls.ListUsers).toBeGreaterThanOrEqual(5);
		expect(output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('with a limit of 70, returns 70 users from two pages of 60', async () => {
		let output: INodeExecutionData[] = [];
		const calls = await countCalls(async () => (output = await run('getAll', { returnAll: false, limit: 70 })));
		expect(output).toHaveLength(70);
		expect(new Set(output.map((o) => o.json.username)).size).toBe(70);
		expect(calls).toEqual({ ListUsers: 2 });
	});

	it('with a limit of 7, asks for 7 users in one call', async () => {
		let output: INodeExecutionData[] = [];
		const calls = await countCalls(async () => (output = await run('getAll', { returnAll: false, limit: 7 })));
		expect(output).toHaveLength(7);
		expect(calls).toEqual({ ListUsers: 1 });
	});

	it('filters with equals and with startsWith, across pages', async () => {
		const exact = await run('getAll', {
			returnAll: true,
			filter: { condition: { attribute: 'email', match: 'equals', value: 'staff-0042@example.com' } },
		});
		expect(exact.map((o) => o.json.username)).toEqual(['staff-0042']);

		// staff-0100 .. staff-0199: two pages.
		const prefixed = await run('getAll', {
			returnAll: true,
			filter: { condition: { attribute: 'username', match: 'startsWith', value: 'staff-01' } },
		});
		expect(prefixed).toHaveLength(100);
		expect(prefixed.every((o) => (o.json.username as string).startsWith('staff-01'))).toBe(true);

		const byGivenName = await run('getAll', {
			returnAll: true,
			filter: { condition: { attribute: 'given_name', match: 'equals', value: 'Given7' } },
		});
		expect(byGivenName.map((o) => o.json.username)).toEqual(['staff-0007']);
	});

	it('filters disabled users with status = Disabled', async () => {
		const first = await freshUser('filter-off');
		const second = await freshUser('filter-off');
		await run('disable', [{ user: byUsername(first) }, { user: byUsername(second) }]);
		const output = await run('getAll', {
			returnAll: true,
			filter: { condition: { attribute: 'status', match: 'equals', value: 'Disabled' } },
		});
		const expected = (await rawAllUsers())
			.filter((u) => u.Enabled === false)
			.map((u) => u.Username)
			.sort();
		expect(expected).toEqual(expect.arrayContaining([first, second]));
		expect(output.map((o) => o.json.username).sort()).toEqual(expected);
		expect(output.every((o) => o.json.enabled === false)).toBe(true);
	});
});

describe('get and By Sub', () => {
	it('gets a user by username, simplified and raw', async () => {
		const simple = await runJson('get', { user: byUsername('staff-0003') });
		expect(simple).toMatchObject({
			username: 'staff-0003',
			email: 'staff-0003@example.com',
			given_name: 'Given3',
			family_name: 'Family3',
			enabled: true,
			status: 'FORCE_CHANGE_PASSWORD',
		});
		const raw = await runJson('get', { user: byUsername('staff-0003'), simplify: false });
		expect(raw).toMatchObject({ Username: 'staff-0003', Enabled: true });
		expect(raw).not.toHaveProperty('$metadata');
	});

	it('resolves a sub to its user with one filtered ListUsers call', async () => {
		const sub = attributesOf(await rawUser('staff-0003')).sub;
		expect(sub).toBeTruthy();
		let item: IDataObject = {};
		const calls = await countCalls(async () => (item = await runJson('get', { user: bySub(sub) })));
		expect(item).toMatchObject({ username: 'staff-0003', sub });
		expect(calls).toEqual({ ListUsers: 1, AdminGetUser: 1 });
	});

	it('fails naming the sub when no user has it', async () => {
		const error = await runError('get', { user: bySub('00000000-0000-4000-8000-000000000000') });
		expect(error.message).toBe(
			`No user with sub "00000000-0000-4000-8000-000000000000" exists in user pool "${poolId}"`,
		);
	});
});

describe('create', () => {
	it('creates a user with attributes, a verified email and additional attributes verbatim', async () => {
		const username = uniqueName('hire');
		const created = await runJson('create', {
			username,
			email: `${username}@example.com`,
			given_name: 'Ada',
			family_name: 'Lovelace',
			markEmailVerified: true,
			additionalAttributes: {
				attribute: [
					{ name: 'nickname', value: 'Countess' },
					{ name: 'custom:department', value: 'Analytical Engines' },
				],
			},
			options: { temporaryPassword: 'Temp#Passw0rd!' },
		});
		expect(created).toMatchObject({
			username,
			email: `${username}@example.com`,
			email_verified: true,
			given_name: 'Ada',
			family_name: 'Lovelace',
			status: 'FORCE_CHANGE_PASSWORD',
			attributes: expect.objectContaining({ nickname: 'Countess', 'custom:department': 'Analytical Engines' }),
		});
		expect(created).not.toHaveProperty('existed');

		const stored = await rawUser(username);
		expect(stored.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
		expect(attributesOf(stored)).toMatchObject({
			email: `${username}@example.com`,
			email_verified: 'true',
			given_name: 'Ada',
			family_name: 'Lovelace',
			nickname: 'Countess',
			'custom:department': 'Analytical Engines',
			sub: created.sub,
		});
	});

	it('creates a user with Send Invite on', async () => {
		const username = uniqueName('invited');
		const created = await runJson('create', { username, email: `${username}@example.com`, sendInvite: true });
		expect(created.username).toBe(username);
		expect(attributesOf(await rawUser(username)).email).toBe(`${username}@example.com`);
	});

	it('fails naming the username when it is taken, and returns the existing user with returnExisting', async () => {
		const username = uniqueName('twice');
		const first = await runJson('create', { username, given_name: 'First' });

		const error = await runError('create', { username, given_name: 'Second' });
		expect(error.message).toBe(`A user with username or alias "${username}" already exists in user pool "${poolId}"`);

		const again = await runJson('create', {
			username,
			given_name: 'Second',
			options: { ifUserExists: 'returnExisting' },
		});
		expect(again).toMatchObject({ username, sub: first.sub, given_name: 'First', existed: true });
		expect(attributesOf(await rawUser(username)).given_name).toBe('First');

		const fresh = await runJson('create', {
			username: uniqueName('once'),
			options: { ifUserExists: 'returnExisting' },
		});
		expect(fresh.existed).toBe(false);
	});
});

describe('update', () => {
	it('updates the given attributes and leaves the others', async () => {
		const username = await freshUser('upd');
		const before = attributesOf(await rawUser(username));
		const output = await runJson('update', {
			user: byUsername(username),
			given_name: 'Renamed',
			additionalAttributes: { attribute: [{ name: 'custom:department', value: 'Finance' }] },
		});
		expect(output).toEqual({
			username,
			updated: true,
			attributes: { given_name: 'Renamed', 'custom:department': 'Finance' },
		});
		const after = attributesOf(await rawUser(username));
		expect(after).toMatchObject({
			given_name: 'Renamed',
			'custom:department': 'Finance',
			family_name: before.family_name,
			email: before.email,
		});
	});

	it('updates a user addressed by sub', async () => {
		const username = await freshUser('upd-sub');
		const sub = attributesOf(await rawUser(username)).sub;
		const output = await runJson('update', { user: bySub(sub), family_name: 'BySub' });
		expect(output.username).toBe(username);
		expect(attributesOf(await rawUser(username)).family_name).toBe('BySub');
	});
});

describe('enable / disable', () => {
	it('disables twice and enables twice, each run succeeding', async () => {
		const username = await freshUser('toggle');
		for (let run_ = 0; run_ < 2; run_++) {
			expect(await runJson('disable', { user: byUsername(username) })).toEqual({ username, enabled: false });
			expect((await rawUser(username)).Enabled).toBe(false);
		}
		for (let run_ = 0; run_ < 2; run_++) {
			expect(await runJson('enable', { user: byUsername(username) })).toEqual({ username, enabled: true });
			expect((await rawUser(username)).Enabled).toBe(true);
		}
	});

	it('with Continue On Fail, reports a missing user and still disables the others', async () => {
		const [a, b] = [await freshUser('cof'), await freshUser('cof')];
		const output = await run(
			'disable',
			[{ user: byUsername(a) }, { user: byUsername('nobody-here') }, { user: byUsername(b) }],
			{
				continueOnFail: true,
			},
		);
		expect(output).toEqual([
			{ json: { username: a, enabled: false }, pairedItem: { item: 0 } },
			{ json: { error: `User "nobody-here" was not found in user pool "${poolId}"` }, pairedItem: { item: 1 } },
			{ json: { username: b, enabled: false }, pairedItem: { item: 2 } },
		]);
		expect((await rawUser(a)).Enabled).toBe(false);
		expect((await rawUser(b)).Enabled).toBe(false);
	});
});

describe('groups of a user', () => {
	it('adds twice and removes twice (the second time a non-member), each run succeeding', async () => {
		const username = await freshUser('member');
		for (let run_ = 0; run_ < 2; run_++) {
			expect(await runJson('addToGroup', { user: byUsername(username), group: group('team-0001') })).toEqual({
				username,
				group: 'team-0001',
				member: true,
			});
			expect(await rawGroupsOf(username)).toEqual(['team-0001']);
		}
		for (let run_ = 0; run_ < 2; run_++) {
			expect(await runJson('removeFromGroup', { user: byUsername(username), group: group('team-0001') })).toEqual({
				username,
				group: 'team-0001',
				member: false,
			});
			expect(await rawGroupsOf(username)).toEqual([]);
		}
	});

	it('names a missing group', async () => {
		const error = await runError('addToGroup', { user: byUsername('staff-0001'), group: group('no-such-team') });
		expect(error.message).toBe(`Group "no-such-team" was not found in user pool "${poolId}"`);
	});

	it('gets all groups of a user across pages, and a limited number', async () => {
		const username = await freshUser('joiner');
		const teams = Array.from({ length: SEEDED_GROUPS }, (_, i) => `team-${String(i + 1).padStart(4, '0')}`);
		// Setup with the raw client: the user joins every group, a few requests at a time.
		await mapWithConcurrency(teams, SEED_CONCURRENCY, (team) => addMembers(client, poolId, team, [username]));

		let all: INodeExecutionData[] = [];
		const calls = await countCalls(
			async () => (all = await run('getGroups', { user: byUsername(username), returnAll: true })),
		);
		expect(all.map((o) => o.json.groupName).sort()).toEqual(teams);
		expect(all[0].json).toMatchObject({ userPoolId: poolId, description: expect.stringMatching(/^Seeded group \d+$/) });
		expect(calls).toEqual({ AdminListGroupsForUser: 2 });

		const some = await run('getGroups', { user: byUsername(username), returnAll: false, limit: 5, simplify: false });
		expect(some).toHaveLength(5);
		expect(some[0].json).toHaveProperty('GroupName');
	});
});

describe('reset password and sign out', () => {
	it('resets the password of a confirmed user with a verified email', async () => {
		const username = uniqueName('forgetful');
		await runJson('create', { username, email: `${username}@example.com`, markEmailVerified: true });
		await client.send(
			new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }),
		);
		expect((await rawUser(username)).UserStatus).toBe('CONFIRMED');

		expect(await runJson('resetPassword', { user: byUsername(username) })).toEqual({ username, passwordReset: true });
		expect((await rawUser(username)).UserStatus).toBe('RESET_REQUIRED');
	});

	it("surfaces Cognito's reason when the user has never signed in (FORCE_CHANGE_PASSWORD)", async () => {
		const username = await freshUser('newcomer');
		const error = await runError('resetPassword', { user: byUsername(username) });
		expect(error.message).toContain('User password cannot be reset in the current state');
		expect((await rawUser(username)).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
	});

	it('signs a user out everywhere: their access token stops working', async () => {
		const username = await freshUser('leaver');
		await client.send(
			new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }),
		);
		const appClient = await client.send(
			new CreateUserPoolClientCommand({
				UserPoolId: poolId,
				ClientName: uniqueName('app'),
				ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
			}),
		);
		const auth = await client.send(
			new AdminInitiateAuthCommand({
				UserPoolId: poolId,
				ClientId: appClient.UserPoolClient?.ClientId,
				AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
				AuthParameters: { USERNAME: username, PASSWORD },
			}),
		);
		const accessToken = auth.AuthenticationResult?.AccessToken;
		expect(accessToken).toBeTruthy();
		expect((await client.send(new GetUserCommand({ AccessToken: accessToken }))).Username).toBe(username);

		expect(await runJson('signOut', { user: byUsername(username) })).toEqual({ username, signedOut: true });
		await expect(client.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
			name: 'NotAuthorizedException',
		});
	});
});

describe('delete', () => {
	it('deletes a user; deleting it again fails, or succeeds as not found with Succeed If Missing', async () => {
		const username = await freshUser('gone');
		expect(await runJson('delete', { user: byUsername(username) })).toEqual({ username, deleted: true });
		await expect(rawUser(username)).rejects.toMatchObject({ name: 'UserNotFoundException' });

		const error = await runError('delete', { user: byUsername(username) });
		expect(error.message).toBe(`User "${username}" was not found in user pool "${poolId}"`);

		expect(await runJson('delete', { user: byUsername(username), options: { succeedIfMissing: true } })).toEqual({
			username,
			deleted: false,
			reason: 'notFound',
		});
	});

	it('deletes a user addressed by sub, and reports a deleted sub as not found', async () => {
		const username = await freshUser('gone-sub');
		const sub = attributesOf(await rawUser(username)).sub;
		expect(await runJson('delete', { user: bySub(sub) })).toEqual({ username, deleted: true });
		expect(await runJson('delete', { user: bySub(sub), options: { succeedIfMissing: true } })).toEqual({
			sub,
			deleted: false,
			reason: 'notFound',
		});
	});
});
