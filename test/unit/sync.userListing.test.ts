import { ListUsersCommand, ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';

import {
	expectedSnapshotCalls,
	MAX_CHAIN_RESTARTS,
	pagesFor,
	SUB_PREFIXES,
	takeSnapshot,
	userListingChains,
	type PoolSnapshot,
} from '../../nodes/AwsCognito/sync';
import { CognitoApi } from '../../nodes/AwsCognito/transport';
import { CALL_PRIORITY, listingPriority } from '../../nodes/AwsCognito/transport/limiter';
import { FakePool } from '../support/fakePool';
import { awsError, inputsOf, UNIT_CONNECTION, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();
// Snapshots of up to 2,000 users at the unit connection's UserList rate (30/s) take a few seconds.
jest.setTimeout(30_000);
const fastRetry = { baseDelayMs: 1, maxDelayMs: 2 };

/** `users` users in three groups: everyone, every third user, nobody. */
function poolOf(users: number): FakePool {
	const pool = new FakePool();
	const names = Array.from({ length: users }, (_, i) => `user-${String(i).padStart(5, '0')}`);
	names.forEach((name, i) => pool.addUser(name, { email: `${name}@example.com`, given_name: `Given ${i}` }));
	for (const group of ['everyone', 'thirds', 'nobody']) pool.addGroup(group);
	names.forEach((name, i) => {
		pool.addMember('everyone', name);
		if (i % 3 === 0) pool.addMember('thirds', name);
	});
	return pool;
}

const withoutStats = ({ stats: _stats, ...rest }: PoolSnapshot) => rest;

/** Users per first hex digit of their sub, in SUB_PREFIXES order. */
const usersPerPrefix = (pool: FakePool) =>
	SUB_PREFIXES.map((prefix) => [...pool.users.keys()].filter((name) => pool.subOf(name).startsWith(prefix)).length);

const filtersSent = () => inputsOf(cognito, ListUsersCommand).map((input) => input.Filter);

let api: CognitoApi;
beforeEach(() => {
	api = new CognitoApi(UNIT_CONNECTION, { retry: fastRetry });
});

describe('userListingChains', () => {
	it('lists on 16 chains when one chain would be latency-bound, on one otherwise', () => {
		// UserList at 24/s: a 0.3 s round trip keeps 7 requests in flight.
		expect(userListingChains(undefined, 24)).toBe(1);
		expect(userListingChains(0, 24)).toBe(1);
		expect(userListingChains(31 * 60, 24)).toBe(1);
		expect(userListingChains(31 * 60 + 1, 24)).toBe(16);
		expect(userListingChains(1_000_000, 24)).toBe(16);
		// At 3 requests a second one chain keeps up even at 0.3 s a page.
		expect(userListingChains(1_000_000, 3)).toBe(1);
	});
});

describe('users on sub prefix chains', () => {
	it('reads the same pool as one chain, at Σ max(1, ceil(U_p/60)) ListUsers calls: at most one more per chain', async () => {
		const pool = poolOf(1920);
		pool.install(cognito);
		const single = await takeSnapshot(api, pool.id, { userChains: 1 });
		expect(single.stats.userListing).toEqual({ chains: 1, restarts: 0 });
		cognito.resetHistory();

		// 1920 users = 32 pages: chosen by itself from DescribeUserPool's estimate.
		const parallel = await takeSnapshot(api, pool.id);
		expect(withoutStats(parallel)).toEqual(withoutStats(single));
		expect(withoutStats(parallel)).toEqual(withoutStats(pool.expectedSnapshot()));
		expect(parallel.stats.userListing).toEqual({ chains: 16, restarts: 0 });

		expect(new Set(filtersSent())).toEqual(new Set(SUB_PREFIXES.map((p) => `sub ^= "${p}"`)));
		const perPrefix = usersPerPrefix(pool);
		expect(perPrefix.reduce((a, b) => a + b, 0)).toBe(1920);
		const groupSizes = [...pool.members.values()].map((members) => members.size);
		expect(parallel.stats.calls).toEqual(
			expectedSnapshotCalls({ users: 1920, groups: 3, groupSizes, usersPerChain: perPrefix, plan: 'groups' }),
		);
		const listUsers = parallel.stats.calls.ListUsers ?? 0;
		expect(listUsers).toBe(perPrefix.reduce((sum, n) => sum + pagesFor(n), 0));
		expect(listUsers).toBeGreaterThan(pagesFor(1920));
		expect(listUsers).toBeLessThanOrEqual(pagesFor(1920) + SUB_PREFIXES.length);
	});

	it('with a recorded count big enough for 16 chains, starts them before DescribeUserPool answers', async () => {
		const pool = poolOf(1920);
		pool.install(cognito);
		let listedBeforeDescribed = false;
		pool.hook = async (operation) => {
			if (operation !== 'DescribeUserPool') return;
			// Answers once a ListUsers call came in, or after 2 s: a listing waiting for this answer sends none.
			const started = Date.now();
			while (cognito.commandCalls(ListUsersCommand).length === 0 && Date.now() - started < 2_000) {
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			listedBeforeDescribed = cognito.commandCalls(ListUsersCommand).length > 0;
		};
		const sized = await takeSnapshot(api, pool.id, { recordedUsers: 5000 });
		expect(listedBeforeDescribed).toBe(true);
		expect(withoutStats(sized)).toEqual(withoutStats(pool.expectedSnapshot()));
		expect(sized.stats.userListing.chains).toBe(16);
		// The plan still follows DescribeUserPool's fresh estimate.
		expect(sized.stats.calls.DescribeUserPool).toBe(1);

		// A small recorded count (the pool has grown since) waits for the estimate: 16 chains all the same.
		pool.hook = undefined;
		const grown = await takeSnapshot(api, pool.id, { recordedUsers: 100 });
		expect(withoutStats(grown)).toEqual(withoutStats(pool.expectedSnapshot()));
		expect(grown.stats.userListing.chains).toBe(16);
	});

	it('queues the 16 chains behind member listings, and one chain by its pages left', async () => {
		const pool = poolOf(1920);
		pool.install(cognito);
		// The snapshot sends through a fork of `api`.
		const send = jest.spyOn(CognitoApi.prototype, 'send');
		const priorities = (operation: string) =>
			send.mock.calls.filter(([name]) => name === operation).map(([, , options]) => options?.priority);
		await takeSnapshot(api, pool.id);
		const chained = priorities('ListUsers');
		expect(chained.filter((p) => p === CALL_PRIORITY.firstPage)).toHaveLength(16);
		expect(chained.filter((p) => p === CALL_PRIORITY.withSlack).length).toBeGreaterThan(16);
		expect(chained.every((p) => p === CALL_PRIORITY.firstPage || p === CALL_PRIORITY.withSlack)).toBe(true);
		expect(priorities('ListUsersInGroup').every((p) => (p ?? 0) < CALL_PRIORITY.withSlack)).toBe(true);
		send.mockClear();

		// One chain of 32 pages: the sync's critical path, ranked by what it has left.
		await takeSnapshot(api, pool.id, { userChains: 1 });
		expect(priorities('ListUsers')).toEqual([
			CALL_PRIORITY.firstPage,
			...Array.from({ length: 31 }, (_, i) => listingPriority(31 - i)),
		]);
		send.mockRestore();
	});

	it('starts the membership listings while users are still being listed', async () => {
		const pool = poolOf(1920);
		pool.install(cognito);
		const order: string[] = [];
		pool.hook = (operation) => {
			order.push(operation);
		};
		await takeSnapshot(api, pool.id);
		expect(order.indexOf('ListUsersInGroup')).toBeGreaterThan(-1);
		expect(order.indexOf('ListUsersInGroup')).toBeLessThan(order.lastIndexOf('ListUsers'));
	});

	it("user plan: asks for each user's groups as soon as the user is listed", async () => {
		const pool = poolOf(200);
		pool.install(cognito);
		const order: string[] = [];
		pool.hook = (operation) => {
			order.push(operation);
		};
		const snapshot = await takeSnapshot(api, pool.id, { plan: 'users', userChains: 16 });
		expect(withoutStats(snapshot)).toEqual(withoutStats(pool.expectedSnapshot()));
		expect(snapshot.stats.calls.AdminListGroupsForUser).toBe(200);
		expect(order.indexOf('AdminListGroupsForUser')).toBeLessThan(order.lastIndexOf('ListUsers'));
	});

	it('falls back to one unfiltered chain when the endpoint refuses the sub filter', async () => {
		const pool = poolOf(200);
		pool.install(cognito);
		pool.hook = (operation, input) => {
			if (operation === 'ListUsers' && input.Filter !== undefined)
				throw awsError('InvalidParameterException', 'Invalid search attribute: sub');
		};
		const snapshot = await takeSnapshot(api, pool.id, { userChains: 16 });
		expect(withoutStats(snapshot)).toEqual(withoutStats(pool.expectedSnapshot()));
		expect(snapshot.stats.userListing).toEqual({
			chains: 1,
			restarts: 0,
			fallback: expect.stringMatching(/^the filter was refused \(.*Invalid search attribute: sub\)$/),
		});
		// 16 refused first pages, then the 4 pages of one chain.
		expect(filtersSent().filter((f) => f === undefined)).toHaveLength(4);
		expect(filtersSent()).toHaveLength(16 + 4);
	});

	it('falls back to one chain, without duplicates, when the endpoint ignores the sub filter', async () => {
		const pool = poolOf(200);
		pool.honoursSubFilter = false;
		pool.install(cognito);
		const snapshot = await takeSnapshot(api, pool.id, { userChains: 16 });
		expect(withoutStats(snapshot)).toEqual(withoutStats(pool.expectedSnapshot()));
		expect(snapshot.users.size).toBe(200);
		expect(snapshot.stats.userListing.chains).toBe(1);
		expect(snapshot.stats.userListing.fallback).toMatch(/a user outside "sub \^= ." was returned/);
	});

	it('restarts a chain whose pagination token expired, without duplicates', async () => {
		const pool = poolOf(1000);
		pool.install(cognito);
		const prefix = SUB_PREFIXES.find((_prefix, i) => usersPerPrefix(pool)[i] > 60) ?? 'none';
		let expired = false;
		pool.hook = (operation, input) => {
			if (operation === 'ListUsers' && input.Filter === `sub ^= "${prefix}"` && input.PaginationToken && !expired) {
				expired = true;
				throw awsError('InvalidParameterException', 'Pagination token expired');
			}
		};
		const snapshot = await takeSnapshot(api, pool.id, { userChains: 16 });
		expect(expired).toBe(true);
		expect(withoutStats(snapshot)).toEqual(withoutStats(pool.expectedSnapshot()));
		expect(snapshot.stats.userListing).toEqual({ chains: 16, restarts: 1 });
		// That chain read its first page twice, and sent the refused request: two more calls.
		const pages = usersPerPrefix(pool).reduce((sum, n) => sum + pagesFor(n), 0);
		expect(snapshot.stats.calls.ListUsers).toBe(pages + 2);
	});

	it(`gives up on a chain whose token keeps expiring after ${MAX_CHAIN_RESTARTS} restarts, naming the error`, async () => {
		const pool = poolOf(200);
		pool.install(cognito);
		pool.hook = (operation, input) => {
			if (operation === 'ListUsers' && input.PaginationToken)
				throw awsError('InvalidParameterException', 'Pagination token expired');
		};
		await expect(takeSnapshot(api, pool.id, { userChains: 1 })).rejects.toThrow(/Pagination token expired/);
		// The first page and the refused second one, 1 + MAX_CHAIN_RESTARTS times.
		expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(2 * (1 + MAX_CHAIN_RESTARTS));
	});

	it('stops every chain and membership listing at the first failure', async () => {
		const pool = poolOf(1920);
		pool.install(cognito);
		const listingCalls = () =>
			cognito.commandCalls(ListUsersCommand).length + cognito.commandCalls(ListUsersInGroupCommand).length;
		let callsAtFailure = 0;
		pool.hook = (operation, input) => {
			if (operation === 'ListUsers' && input.Filter === 'sub ^= "7"' && input.PaginationToken) {
				callsAtFailure = listingCalls();
				throw awsError('InternalErrorException', 'boom', 500);
			}
		};
		await expect(takeSnapshot(api, pool.id, { retry: { maxAttempts: 1 } })).rejects.toThrow(/boom/);
		await new Promise((resolve) => setTimeout(resolve, 200));
		// A whole snapshot makes Σ pages of the chains + 32 + 11 + 1 member pages; after the failure,
		// only a call already leaving the limiter may still go out.
		const whole = usersPerPrefix(pool).reduce((sum, n) => sum + pagesFor(n), 0) + 32 + 11 + 1;
		expect(callsAtFailure).toBeGreaterThan(0);
		expect(callsAtFailure).toBeLessThan(whole);
		expect(listingCalls() - callsAtFailure).toBeLessThanOrEqual(1);
	});
});
