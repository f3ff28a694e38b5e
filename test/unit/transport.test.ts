import {
	AdminAddUserToGroupCommand,
	GetGroupCommand,
	ListGroupsCommand,
	ListUserPoolsCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
	AdminListGroupsForUserCommand,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';

import { COMMANDS } from '../../nodes/AwsCognito/transport/commands';
import { listingPriority } from '../../nodes/AwsCognito/transport/limiter';
import {
	CATEGORY_RATE,
	COMMAND_CATEGORY,
	CognitoApi,
	CognitoError,
	DEFAULT_RETRY,
	backoffDelay,
	clampPageSize,
	collect,
	paginateGroupMembers,
	paginateGroups,
	paginateUserGroups,
	paginateUserPools,
	paginateUsers,
	newMetrics,
	type Page,
} from '../../nodes/AwsCognito/transport';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { awsError, UNIT_CONNECTION, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();

const connection = UNIT_CONNECTION;

const fastRetry = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };

describe('command table', () => {
	it('maps every command we send to a quota category with a rate', () => {
		for (const operation of Object.keys(COMMANDS)) {
			const category = COMMAND_CATEGORY[operation as keyof typeof COMMAND_CATEGORY];
			expect(category).toBeDefined();
			expect(CATEGORY_RATE[category]).toBeGreaterThan(0);
		}
		expect(Object.keys(COMMAND_CATEGORY).sort()).toEqual(Object.keys(COMMANDS).sort());
	});

	it('puts the documented commands in the documented categories', () => {
		expect(COMMAND_CATEGORY.ListUsers).toBe('UserList');
		expect(COMMAND_CATEGORY.ListUsersInGroup).toBe('UserList');
		expect(COMMAND_CATEGORY.AdminListGroupsForUser).toBe('UserResourceRead');
		expect(COMMAND_CATEGORY.AdminGetUser).toBe('UserRead');
		expect(COMMAND_CATEGORY.AdminDisableUser).toBe('UserUpdate');
		expect(COMMAND_CATEGORY.AdminCreateUser).toBe('UserCreation');
		expect(COMMAND_CATEGORY.ListGroups).toBe('UserPoolResourceRead');
		expect(COMMAND_CATEGORY.CreateGroup).toBe('UserPoolResourceUpdate');
		expect(COMMAND_CATEGORY.AdminResetUserPassword).toBe('UserAccountRecovery');
		expect(CATEGORY_RATE.UserList).toBe(30);
		expect(CATEGORY_RATE.UserUpdate).toBe(25);
	});
});

describe('paginators', () => {
	it('ListUsers follows PaginationToken through short and empty pages until it is absent', async () => {
		cognito
			.on(ListUsersCommand)
			.resolvesOnce({ Users: [{ Username: 'a' }, { Username: 'b' }], PaginationToken: 't1' })
			.resolvesOnce({ Users: [], PaginationToken: 't2' })
			.resolvesOnce({ Users: [{ Username: 'c' }] });
		const api = new CognitoApi(connection);
		const users = await collect(paginateUsers(api, 'eu-west-1_pool', { filter: 'email ^= "a"' }));
		expect(users.map((u) => u.Username)).toEqual(['a', 'b', 'c']);
		const inputs = cognito.commandCalls(ListUsersCommand).map((call) => call.args[0].input);
		expect(inputs).toEqual([
			{ UserPoolId: 'eu-west-1_pool', Limit: 60, PaginationToken: undefined, Filter: 'email ^= "a"' },
			{ UserPoolId: 'eu-west-1_pool', Limit: 60, PaginationToken: 't1', Filter: 'email ^= "a"' },
			{ UserPoolId: 'eu-west-1_pool', Limit: 60, PaginationToken: 't2', Filter: 'email ^= "a"' },
		]);
		expect(api.metrics.calls.ListUsers).toBe(3);
	});

	it.each([
		['ListGroups', ListGroupsCommand, 'Groups', (api: CognitoApi) => paginateGroups(api, 'p_1')],
		['ListUsersInGroup', ListUsersInGroupCommand, 'Users', (api: CognitoApi) => paginateGroupMembers(api, 'p_1', 'g')],
		[
			'AdminListGroupsForUser',
			AdminListGroupsForUserCommand,
			'Groups',
			(api: CognitoApi) => paginateUserGroups(api, 'p_1', 'u'),
		],
		['ListUserPools', ListUserPoolsCommand, 'UserPools', (api: CognitoApi) => paginateUserPools(api)],
	] as const)('%s pages with NextToken', async (_name, Command, key, paginate) => {
		// One mock chain serves four command types with different outputs.
		const mock = cognito.on(Command as typeof ListGroupsCommand);
		mock.resolvesOnce({ [key]: [{}, {}], NextToken: 'n1' } as never).resolvesOnce({ [key]: [{}] } as never);
		const items = await collect(paginate(new CognitoApi(connection)) as AsyncIterable<Page<unknown>>);
		expect(items).toHaveLength(3);
		const inputs = cognito
			.commandCalls(Command as never)
			.map((call) => (call.args[0] as { input: Record<string, unknown> }).input);
		expect(inputs[0].NextToken).toBeUndefined();
		expect(inputs[1].NextToken).toBe('n1');
		expect(inputs[0].Limit ?? inputs[0].MaxResults).toBe(60);
		expect(inputs[0]).not.toHaveProperty('PaginationToken');
	});

	it('queues each page by what the listing has left: its expected pages, else as many as it has read', async () => {
		const priorities = async (expectedPages?: number) => {
			cognito.reset();
			const pages = cognito.on(ListUsersCommand);
			for (let i = 1; i < 6; i++) pages.resolvesOnce({ Users: [], PaginationToken: `t${i}` });
			pages.resolvesOnce({ Users: [] });
			const api = new CognitoApi(connection);
			const send = jest.spyOn(api, 'send');
			await collect(paginateUsers(api, 'p_1', { expectedPages }));
			return send.mock.calls.map((call) => call[2]?.priority);
		};
		const page = listingPriority;
		// Sized from the pool's estimate: 10 pages expected, so 9 left after the first, then 8...
		expect(await priorities(10)).toEqual([page(undefined), page(9), page(8), page(7), page(6), page(5)]);
		// Unsized (a group's members): after k pages, about 2k in all.
		expect(await priorities()).toEqual([page(undefined), page(2), page(4), page(6), page(8), page(10)]);
		const unsized = await priorities();
		expect(unsized.slice(1)).toEqual([...unsized.slice(1)].sort((a, b) => (b ?? 0) - (a ?? 0)));
		// Past its estimate (2 pages expected), a listing is taken as unsized.
		expect(await priorities(2)).toEqual([page(undefined), page(1), page(4), page(6), page(8), page(10)]);
	});

	it('keeps nothing of a page reachable while the next page waits its turn', async () => {
		// A big sync has ~80 listings waiting at the limiter for seconds: a page each kept alive made
		// V8 promote every page to the old generation (hundreds of MB at 100,000 users).
		setFlagsFromString('--expose_gc');
		const gc = runInNewContext('gc') as () => void;
		// Counted by a FinalizationRegistry: a WeakRef would itself keep its target alive for a while.
		let freed = 0;
		const finalized = new FinalizationRegistry(() => freed++);
		const api = new CognitoApi(connection);
		let sends = 0;
		let releaseSecond: (() => void) | undefined;
		// Not a jest mock: one would keep every result it returned.
		api.send = (async () => {
			if (sends++ === 0) {
				const Users = Array.from({ length: 60 }, (_, i) => ({ Username: `u${i}` }));
				for (const user of Users) finalized.register(user, undefined);
				return { Users, PaginationToken: 't1' };
			}
			await new Promise<void>((resolve) => (releaseSecond = resolve));
			return { Users: [{ Username: 'last' }] };
		}) as unknown as CognitoApi['send'];
		const pages = paginateUsers(api, 'p_1');
		const usersOfNextPage = async () => (await pages.next()).value?.items.map((user: UserType) => user.Username);
		expect(await usersOfNextPage()).toHaveLength(60);
		const second = usersOfNextPage();
		while (!releaseSecond) await new Promise((resolve) => setImmediate(resolve));
		for (let tries = 0; tries < 50 && freed < 60; tries++) {
			gc();
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		expect(freed).toBe(60);
		releaseSecond();
		expect(await second).toEqual(['last']);
	});

	it('clamps page sizes to 1..60', () => {
		expect(clampPageSize(500)).toBe(60);
		expect(clampPageSize(0)).toBe(1);
		expect(clampPageSize(25.7)).toBe(25);
		expect(clampPageSize(undefined)).toBe(60);
	});

	it('collect with a limit stops requesting pages once it has enough', async () => {
		cognito
			.on(ListUsersCommand)
			.resolvesOnce({ Users: [{ Username: 'a' }, { Username: 'b' }], PaginationToken: 't1' })
			.resolvesOnce({ Users: [{ Username: 'c' }, { Username: 'd' }], PaginationToken: 't2' });
		const users = await collect(paginateUsers(new CognitoApi(connection), 'p_1', { pageSize: 2 }), 3);
		expect(users.map((u) => u.Username)).toEqual(['a', 'b', 'c']);
		expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(2);
	});
});

describe('send: retries and error mapping', () => {
	it('retries TooManyRequestsException and LimitExceededException, then succeeds once', async () => {
		cognito
			.on(GetGroupCommand)
			.rejectsOnce(awsError('TooManyRequestsException'))
			.rejectsOnce(awsError('LimitExceededException'))
			.resolves({ Group: { GroupName: 'admins' } });
		const api = new CognitoApi(connection, fastRetry);
		const out = await api.send('GetGroup', { UserPoolId: 'p_1', GroupName: 'admins' });
		expect(out.Group?.GroupName).toBe('admins');
		expect(cognito.commandCalls(GetGroupCommand)).toHaveLength(3);
		expect(api.metrics).toMatchObject({ throttles: 2, retries: 2, calls: { GetGroup: 3 } });
	});

	it('retries 5xx and dropped connections but not client errors', async () => {
		cognito
			.on(ListUsersCommand)
			.rejectsOnce(awsError('InternalErrorException', 'boom', 500))
			.rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.resolves({ Users: [] });
		const api = new CognitoApi(connection, fastRetry);
		await api.send('ListUsers', { UserPoolId: 'p_1' });
		expect(api.metrics.retries).toBe(2);
		expect(api.metrics.throttles).toBe(0);

		cognito.reset();
		cognito.on(ListUsersCommand).rejects(awsError('InvalidParameterException', 'bad filter'));
		await expect(api.send('ListUsers', { UserPoolId: 'p_1' })).rejects.toThrow(
			'Cognito rejected ListUsers: bad filter',
		);
		expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(1);
	});

	it('gives up after maxAttempts with a throttled error', async () => {
		cognito.on(ListUsersCommand).rejects(awsError('TooManyRequestsException'));
		const api = new CognitoApi(connection, { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 } });
		const failure = api.send('ListUsers', { UserPoolId: 'p_1' });
		await expect(failure).rejects.toBeInstanceOf(CognitoError);
		await expect(failure).rejects.toMatchObject({
			kind: 'throttled',
			message: 'Cognito throttled ListUsers on user pool "p_1" after 4 attempts (TooManyRequestsException)',
		});
		expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(4);
	});

	it('backs off exponentially with full jitter, capped', () => {
		const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(1, policy, () => 1)).toBe(100);
		expect(backoffDelay(3, policy, () => 1)).toBe(400);
		expect(backoffDelay(10, policy, () => 1)).toBe(1000);
		expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
		expect(backoffDelay(3, policy, () => 0)).toBe(0);
	});

	it.each([
		['UserNotFoundException', 'AdminAddUserToGroup', 'User "jane" was not found in user pool "p_1"'],
		['ResourceNotFoundException', 'AdminAddUserToGroup', 'Group "admins" was not found in user pool "p_1"'],
		[
			'AccessDeniedException',
			'AdminAddUserToGroup',
			'not allowed to call cognito-idp:AdminAddUserToGroup on user pool "p_1"',
		],
		['UnrecognizedClientException', 'AdminAddUserToGroup', 'AWS does not recognise the access key ID'],
		['InvalidSignatureException', 'AdminAddUserToGroup', 'The secret access key does not match the access key ID'],
		['ExpiredTokenException', 'AdminAddUserToGroup', 'The session token has expired'],
	])('maps %s to a message naming what it was about', async (name, _operation, expected) => {
		cognito.on(AdminAddUserToGroupCommand).rejects(awsError(name, `raw ${name} with super-secret-value`));
		const api = new CognitoApi(connection, fastRetry);
		const failure = api.send('AdminAddUserToGroup', { UserPoolId: 'p_1', Username: 'jane', GroupName: 'admins' });
		await expect(failure).rejects.toThrow(expected);
		const error = (await failure.catch((e: unknown) => e)) as CognitoError;
		expect(error.awsName).toBe(name);
		expect(error.hint.length).toBeGreaterThan(10);
		expect(`${error.message} ${error.hint}`).not.toContain('super-secret-value');
	});

	it('names the pool and region when the pool is missing', async () => {
		cognito.on(ListUsersCommand).rejects(awsError('ResourceNotFoundException', 'User pool p_404 does not exist.'));
		const api = new CognitoApi(connection);
		await expect(api.send('ListUsers', { UserPoolId: 'eu-west-1_missing' })).rejects.toThrow(
			'User pool "eu-west-1_missing" was not found in region "eu-west-1"',
		);
	});

	it('redacts secrets from AWS messages it passes through', async () => {
		cognito.on(ListUsersCommand).rejects(awsError('SomethingOdd', 'echo super-secret-value back'));
		const api = new CognitoApi(connection);
		await expect(api.send('ListUsers', { UserPoolId: 'p_1' })).rejects.toThrow(
			'Cognito ListUsers failed: SomethingOdd: echo [redacted] back',
		);
	});

	it('says the endpoint is unreachable, without credentials in the URL', async () => {
		cognito.on(ListUsersCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
		const api = new CognitoApi({ ...connection, endpoint: 'http://user:pw@127.0.0.1:9' }, fastRetry);
		const failure = api.send('ListUsers', { UserPoolId: 'p_1' });
		await expect(failure).rejects.toThrow('Could not reach Cognito at http://127.0.0.1:9 (connection refused)');
		expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(1);
	});

	it('tells a missing group from a missing pool, whatever the group is called', async () => {
		const api = new CognitoApi(connection);
		cognito.on(GetGroupCommand).rejects(awsError('ResourceNotFoundException', 'pool-admins'));
		const group = (await api
			.send('GetGroup', { UserPoolId: 'p_1', GroupName: 'pool-admins' })
			.catch((e: unknown) => e)) as CognitoError;
		expect(group).toMatchObject({ missing: 'group', message: 'Group "pool-admins" was not found in user pool "p_1"' });

		cognito.reset();
		cognito.on(GetGroupCommand).rejects(awsError('ResourceNotFoundException', 'User pool p_1 does not exist.'));
		const pool = (await api
			.send('GetGroup', { UserPoolId: 'p_1', GroupName: 'admins' })
			.catch((e: unknown) => e)) as CognitoError;
		expect(pool).toMatchObject({ missing: 'userPool', message: 'User pool "p_1" was not found in region "eu-west-1"' });
	});

	it('recognises a network code inside a wrapped error message', async () => {
		cognito
			.on(ListUsersCommand)
			.rejects(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9'));
		const api = new CognitoApi({ ...connection, endpoint: 'http://127.0.0.1:9' }, fastRetry);
		await expect(api.send('ListUsers', { UserPoolId: 'p_1' })).rejects.toMatchObject({
			kind: 'unreachable',
			awsName: 'ECONNREFUSED',
		});
	});

	it('a fork counts its own calls and keeps the retry policy', async () => {
		cognito.on(ListUsersCommand).rejectsOnce(awsError('TooManyRequestsException')).resolves({ Users: [] });
		const parent = new CognitoApi(connection, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
		const fork = parent.fork({ metrics: newMetrics() });
		await fork.send('ListUsers', { UserPoolId: 'p_1' });
		expect(fork.metrics).toMatchObject({ throttles: 1, calls: { ListUsers: 2 } });
		expect(parent.metrics.calls).toEqual({});
		cognito.reset();
		cognito.on(ListUsersCommand).rejects(awsError('TooManyRequestsException'));
		await expect(fork.send('ListUsers', { UserPoolId: 'p_1' })).rejects.toThrow('after 2 attempts');
	});
});
