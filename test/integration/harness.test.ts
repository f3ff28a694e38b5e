/**
 * Proves the integration harness itself: moto from global setup, the seeding helpers, and the
 * throttling proxy's AWS-shaped errors, policies and counters.
 */
import {
	type CognitoIdentityProviderClient,
	DescribeUserPoolCommand,
	ListGroupsCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
	TooManyRequestsException,
	LimitExceededException,
} from '@aws-sdk/client-cognito-identity-provider';

import {
	addMembers,
	createPool,
	deletePool,
	makeClient,
	motoEndpoint,
	seedGroups,
	seedUsers,
	uniqueName,
	type SeededUser,
} from '../support/cognito';
import { startMoto } from '../support/moto';
import { startThrottlingProxy, type ThrottlingProxy } from '../support/throttlingProxy';

const LIST_USERS = 'AWSCognitoIdentityProviderService.ListUsers';

/** The error a call rejects with, or a failure if it succeeds. */
async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { $metadata?: { httpStatusCode?: number } };
	}
	throw new Error('expected the call to fail, but it succeeded');
}

describe('integration harness', () => {
	let moto: CognitoIdentityProviderClient;
	let proxy: ThrottlingProxy;
	let throttled: CognitoIdentityProviderClient;
	let poolId: string;
	let users: SeededUser[];

	beforeAll(async () => {
		moto = makeClient(motoEndpoint());
		poolId = await createPool(moto, uniqueName('harness'));
		users = await seedUsers(moto, poolId, 3, 'user');
		proxy = await startThrottlingProxy(motoEndpoint(), { failFirst: 2, onlyTargets: [LIST_USERS] });
		throttled = makeClient(proxy.endpoint);
	});

	afterAll(async () => {
		throttled?.destroy();
		await proxy?.stop();
		if (poolId !== undefined) await deletePool(moto, poolId);
		moto?.destroy();
	});

	test('seeds users with their attributes', async () => {
		const { Users = [] } = await moto.send(new ListUsersCommand({ UserPoolId: poolId }));
		expect(Users.map((u) => u.Username).sort()).toEqual(['user-0001', 'user-0002', 'user-0003']);
		const first = Users.find((u) => u.Username === 'user-0001');
		const attributes = Object.fromEntries((first?.Attributes ?? []).map((a) => [a.Name, a.Value]));
		expect(attributes).toMatchObject({
			email: users[0].email,
			given_name: users[0].givenName,
			family_name: users[0].familyName,
		});
	});

	test('failFirst: 2 rejects the first two ListUsers calls like AWS, then forwards', async () => {
		for (let i = 0; i < 2; i++) {
			const error = await errorOf(throttled.send(new ListUsersCommand({ UserPoolId: poolId })));
			expect(error).toBeInstanceOf(TooManyRequestsException);
			expect(error.name).toBe('TooManyRequestsException');
			expect(error.message).toBe('Too many requests');
			expect(error.$metadata?.httpStatusCode).toBe(400);
		}

		const third = await throttled.send(new ListUsersCommand({ UserPoolId: poolId }));
		expect(third.$metadata.httpStatusCode).toBe(200);
		expect(third.Users).toHaveLength(3);

		// Targets outside onlyTargets are never throttled.
		const described = await throttled.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
		expect(described.UserPool?.Id).toBe(poolId);

		expect(proxy.stats()).toEqual({
			forwarded: 2,
			rejected: 2,
			upstreamErrors: 0,
			byTarget: {
				[LIST_USERS]: { forwarded: 1, rejected: 2 },
				'AWSCognitoIdentityProviderService.DescribeUserPool': { forwarded: 1, rejected: 0 },
			},
		});
	});

	test('setPolicy: failEvery rejects every k-th matching call with the chosen error', async () => {
		proxy.setPolicy({ failEvery: 3, errorName: 'LimitExceededException', onlyTargets: ['ListUsers'] });
		proxy.resetStats();

		const outcomes: string[] = [];
		for (let i = 0; i < 7; i++) {
			try {
				await throttled.send(new ListUsersCommand({ UserPoolId: poolId }));
				outcomes.push('ok');
			} catch (error) {
				expect(error).toBeInstanceOf(LimitExceededException);
				outcomes.push((error as Error).name);
			}
		}
		expect(outcomes).toEqual(['ok', 'ok', 'LimitExceededException', 'ok', 'ok', 'LimitExceededException', 'ok']);
		expect(proxy.stats().byTarget[LIST_USERS]).toEqual({ forwarded: 5, rejected: 2 });

		proxy.setPolicy({});
		await expect(throttled.send(new ListUsersCommand({ UserPoolId: poolId }))).resolves.toBeDefined();
	});

	test('seeds groups and memberships', async () => {
		const groups = await seedGroups(moto, poolId, 2, 'group');
		expect(groups).toEqual(['group-0001', 'group-0002']);
		await addMembers(
			moto,
			poolId,
			groups[0],
			users.map((u) => u.username),
		);
		const { Groups = [] } = await moto.send(new ListGroupsCommand({ UserPoolId: poolId }));
		expect(Groups.map((g) => g.GroupName).sort()).toEqual(groups);
		const { Users = [] } = await moto.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: groups[0] }));
		expect(Users).toHaveLength(3);
	});

	test('startMoto/stop: a second server starts on its own port and stops without leaving its process', async () => {
		const second = await startMoto();
		try {
			expect(second.endpoint).not.toBe(motoEndpoint());
			const client = makeClient(second.endpoint);
			const id = await createPool(client, 'second');
			expect(id).toMatch(/^us-east-1_/);
			client.destroy();
		} finally {
			await second.stop();
		}
		expect(() => process.kill(second.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
	});
});
