/**
 * The resource locators' list searches against moto, scrolled the way n8n's dropdown scrolls them:
 * one call per page, each with the token the previous one returned.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listSearch } from '../../nodes/AwsCognito/methods/listSearch';
import {
	createPool,
	makeClient,
	mapWithConcurrency,
	motoCredentials,
	motoEndpoint,
	seedGroups,
	seedUsers,
	TEST_REGION,
	type SeededUser,
} from '../support/cognito';
import { loadOptionsContext } from '../support/engine';
import { startMoto, type MotoServer } from '../support/moto';
import { useMotoPool } from '../support/motoPool';

const USERS = 257;
const GROUPS = 133;

let client: CognitoIdentityProviderClient;
let poolId: string;
let users: SeededUser[];
let groups: string[];

function context(endpoint = motoEndpoint(), pool: string | undefined = poolId): ILoadOptionsFunctions {
	return loadOptionsContext({
		parameters: pool ? { userPool: { mode: 'list', value: pool } } : {},
		credentials: motoCredentials(endpoint),
	});
}

type Search = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: unknown,
) => Promise<INodeListSearchResult>;

/** Scrolls a search to its end; returns every value listed and the number of calls it took. */
async function scroll(search: Search, ctx: ILoadOptionsFunctions, filter?: string) {
	const values: string[] = [];
	let token: string | undefined;
	let calls = 0;
	do {
		const page = await search.call(ctx, filter, token);
		values.push(...page.results.map((result) => String(result.value)));
		token = page.paginationToken as string | undefined;
		calls++;
		if (calls > 50) throw new Error('the search never ended');
	} while (token);
	return { values, calls };
}

useMotoPool('list-search', {
	seed: async (pool) => {
		({ client, poolId } = pool);
		[users, groups] = await Promise.all([
			seedUsers(client, poolId, USERS, 'user'),
			seedGroups(client, poolId, GROUPS, 'team'),
		]);
	},
});

describe('searchUsers', () => {
	it(`scrolls through all ${USERS} users page by page, each listed exactly once`, async () => {
		const { values, calls } = await scroll(listSearch.searchUsers, context());

		expect(calls).toBe(Math.ceil(USERS / 60));
		expect(values).toHaveLength(USERS);
		expect(new Set(values)).toEqual(new Set(users.map((u) => u.username)));
	});

	it('shows the email beside the username', async () => {
		const page = await listSearch.searchUsers.call(context(), 'user-0042');
		expect(page.results).toEqual([{ name: 'user-0042 (user-0042@example.com)', value: 'user-0042' }]);
	});

	it('prefix-searches usernames server-side, scrolling the matches to the end', async () => {
		const { values, calls } = await scroll(listSearch.searchUsers, context(), 'user-01');

		const expected = users.map((u) => u.username).filter((name) => name.startsWith('user-01'));
		expect(expected).toHaveLength(100);
		expect(calls).toBe(2);
		expect(values).toHaveLength(100);
		expect(new Set(values)).toEqual(new Set(expected));
	});

	it('searches by email when the text contains "@"', async () => {
		const page = await listSearch.searchUsers.call(context(), 'user-0200@');
		expect(page.results.map((r) => r.value)).toEqual(['user-0200']);
		expect(page.paginationToken).toBeUndefined();
	});

	it('finds nothing, without error, for text no user starts with, quotes included', async () => {
		const page = await listSearch.searchUsers.call(context(), 'nobody "here"');
		expect(page).toEqual({ results: [], paginationToken: undefined });
	});

	it('names the pool when it does not exist', async () => {
		const missing = `${TEST_REGION}_NoSuchPool9`;
		await expect(listSearch.searchUsers.call(context(motoEndpoint(), missing))).rejects.toThrow(
			`User pool "${missing}" was not found in region "${TEST_REGION}"`,
		);
	});
});

describe('searchGroups', () => {
	it(`scrolls through all ${GROUPS} groups page by page, each listed exactly once`, async () => {
		const { values, calls } = await scroll(listSearch.searchGroups, context());

		expect(calls).toBe(Math.ceil(GROUPS / 60));
		expect(values).toHaveLength(GROUPS);
		expect(new Set(values)).toEqual(new Set(groups));
	});

	it('filters by part of the name, reading on to the end when matches are few', async () => {
		const page = await listSearch.searchGroups.call(context(), 'TEAM-012');

		expect(page.results.map((r) => r.value).sort()).toEqual(groups.filter((g) => g.startsWith('team-012')));
		expect(page.results).toHaveLength(10);
		expect(page.paginationToken).toBeUndefined();
		expect(page.results[0]).toEqual(expect.objectContaining({ description: expect.stringMatching(/^Seeded group/) }));
	});
});

describe('searchUserPools', () => {
	// ListUserPools lists every pool on the server; a private moto keeps other test files' pools out.
	let privateMoto: MotoServer;
	let privateClient: CognitoIdentityProviderClient;
	let poolIds: string[];
	const POOLS = 65;

	beforeAll(async () => {
		privateMoto = await startMoto();
		privateClient = makeClient(privateMoto.endpoint);
		poolIds = await mapWithConcurrency(
			Array.from({ length: POOLS }, (_, i) => `pool-${String(i + 1).padStart(3, '0')}`),
			8,
			async (name) => await createPool(privateClient, name),
		);
	}, 60_000);

	afterAll(async () => {
		privateClient?.destroy();
		await privateMoto?.stop();
	});

	it(`scrolls through all ${POOLS} pools, each listed once, without a pool selected`, async () => {
		const { values, calls } = await scroll(listSearch.searchUserPools, context(privateMoto.endpoint, undefined));

		expect(calls).toBe(2);
		expect(values).toHaveLength(POOLS);
		expect(new Set(values)).toEqual(new Set(poolIds));
	});

	it('finds a pool by name or by ID', async () => {
		const byName = await listSearch.searchUserPools.call(context(privateMoto.endpoint, undefined), 'POOL-064');
		expect(byName.results).toEqual([{ name: `pool-064 (${poolIds[63]})`, value: poolIds[63] }]);

		const byId = await listSearch.searchUserPools.call(context(privateMoto.endpoint, undefined), poolIds[5].slice(-8));
		expect(byId.results.map((r) => r.value)).toEqual([poolIds[5]]);
	});
});
