import {
	AdminDisableUserCommand,
	AdminUpdateUserAttributesCommand,
	type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

import {
	buildUserFilter,
	CognitoApi,
	collect,
	paginateGroups,
	paginateUsers,
	type CognitoConnection,
} from '../../nodes/AwsCognito/transport';
import { motoCredentials, motoEndpoint, seedGroups, seedUsers } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { startThrottlingProxy, type ThrottlingProxy } from '../support/throttlingProxy';

const USERS = 263;
const GROUPS = 130;

let client: CognitoIdentityProviderClient;
let poolId: string;
let connection: CognitoConnection;

useMotoPool('transport', {
	seed: async (pool) => {
		({ client, poolId } = pool);
		await seedUsers(client, poolId, USERS, 'member');
		await seedGroups(client, poolId, GROUPS, 'team');
		connection = motoCredentials(motoEndpoint(), 1);
	},
});

describe('transport against moto', () => {
	it('lists every user across 5+ pages of 60, each exactly once', async () => {
		const api = new CognitoApi(connection);
		const users = await collect(paginateUsers(api, poolId));
		const names = users.map((u) => u.Username);
		expect(names).toHaveLength(USERS);
		expect(new Set(names).size).toBe(USERS);
		expect(api.metrics.calls.ListUsers).toBe(Math.ceil(USERS / 60));
	});

	it('lists all 130 groups across pages', async () => {
		const api = new CognitoApi(connection);
		const groups = await collect(paginateGroups(api, poolId));
		expect(new Set(groups.map((g) => g.GroupName)).size).toBe(GROUPS);
		expect(api.metrics.calls.ListGroups).toBe(Math.ceil(GROUPS / 60));
	});

	it('filters users by prefix and equality, server-side', async () => {
		const api = new CognitoApi(connection);
		const prefixed = await collect(
			paginateUsers(api, poolId, { filter: buildUserFilter('username', 'startsWith', 'member-01') }),
		);
		// member-0100 .. member-0199
		expect(prefixed).toHaveLength(100);
		const exact = await collect(
			paginateUsers(api, poolId, { filter: buildUserFilter('email', 'equals', 'member-0042@example.com') }),
		);
		expect(exact.map((u) => u.Username)).toEqual(['member-0042']);
	});

	it('filters on status; a value with quotes travels as one value and never widens the query', async () => {
		await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'member-0007' }));
		await client.send(
			new AdminUpdateUserAttributesCommand({
				UserPoolId: poolId,
				Username: 'member-0008',
				UserAttributes: [{ Name: 'family_name', Value: 'Family8' }],
			}),
		);
		const api = new CognitoApi(connection);
		const disabled = await collect(
			paginateUsers(api, poolId, { filter: buildUserFilter('status', 'equals', 'Disabled') }),
		);
		expect(disabled.map((u) => u.Username)).toEqual(['member-0007']);
		const injected = await collect(
			paginateUsers(api, poolId, {
				filter: buildUserFilter('family_name', 'startsWith', 'Nobody" or family_name ^= "Family'),
			}),
		);
		expect(injected).toEqual([]);
	});
});

describe('transport through a throttling proxy', () => {
	let proxy: ThrottlingProxy;

	beforeAll(async () => {
		proxy = await startThrottlingProxy(motoEndpoint());
	});
	afterAll(async () => await proxy.stop());

	it('retries throttled pages and emits each user exactly once', async () => {
		proxy.setPolicy({ failEvery: 2, onlyTargets: ['ListUsers'], errorName: 'TooManyRequestsException' });
		const api = new CognitoApi(
			{ ...connection, endpoint: proxy.endpoint },
			{ retry: { baseDelayMs: 5, maxDelayMs: 20 } },
		);
		const users = await collect(paginateUsers(api, poolId));
		expect(users).toHaveLength(USERS);
		expect(new Set(users.map((u) => u.Username)).size).toBe(USERS);
		const stats = proxy.stats().byTarget['AWSCognitoIdentityProviderService.ListUsers'];
		expect(stats.rejected).toBeGreaterThanOrEqual(Math.ceil(USERS / 60) - 1);
		expect(api.metrics.throttles).toBe(stats.rejected);
		expect(api.metrics.calls.ListUsers).toBe(stats.forwarded + stats.rejected);
	});

	it('retries LimitExceededException too, and fails clearly once attempts run out', async () => {
		proxy.setPolicy({ failFirst: 2, onlyTargets: ['ListGroups'], errorName: 'LimitExceededException' });
		const api = new CognitoApi(
			{ ...connection, endpoint: proxy.endpoint },
			{ retry: { baseDelayMs: 5, maxDelayMs: 20 } },
		);
		const groups = await collect(paginateGroups(api, poolId));
		expect(groups).toHaveLength(GROUPS);
		expect(api.metrics.throttles).toBe(2);

		proxy.setPolicy({ failFirst: 1000, onlyTargets: ['ListGroups'] });
		const impatient = new CognitoApi(
			{ ...connection, endpoint: proxy.endpoint },
			{ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
		);
		await expect(collect(paginateGroups(impatient, poolId))).rejects.toThrow(
			`Cognito throttled ListGroups on user pool "${poolId}" after 3 attempts (TooManyRequestsException)`,
		);
	});
});
