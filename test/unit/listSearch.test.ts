import {
	ListGroupsCommand,
	ListUserPoolsCommand,
	ListUsersCommand,
	type GroupType,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError, type INodeListSearchResult } from 'n8n-workflow';

import { listSearch, MAX_PAGES_PER_CALL, MIN_RESULTS_PER_CALL } from '../../nodes/AwsCognito/methods/listSearch';
import { loadOptionsContext } from '../support/engine';
import { inputsOf as callInputs, unitCredentials, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_SearchPool1';
const CREDENTIALS = unitCredentials('search');

const context = (
	parameters: Record<string, unknown> = { userPool: { mode: 'list', value: POOL_ID } },
	credentials = CREDENTIALS,
) => loadOptionsContext({ parameters, credentials });

const user = (username: string, email?: string): UserType => ({
	Username: username,
	Attributes: email ? [{ Name: 'email', Value: email }] : [],
});
const group = (name: string, description?: string): GroupType => ({ GroupName: name, Description: description });
const users = (from: number, count: number) =>
	Array.from({ length: count }, (_, i) =>
		user(`user-${String(from + i).padStart(3, '0')}`, `u${from + i}@example.com`),
	);
const groups = (from: number, count: number) =>
	Array.from({ length: count }, (_, i) => group(`group-${String(from + i).padStart(3, '0')}`));

const inputsOf = <T>(command: new (input: T) => unknown): T[] => callInputs(cognito, command);

async function searchError(search: Promise<INodeListSearchResult>): Promise<Error & { description?: string }> {
	try {
		await search;
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the search to fail, but it succeeded');
}

describe('searchUsers', () => {
	it('returns one page and its token, and resumes from the token it is given', async () => {
		cognito
			.on(ListUsersCommand, { PaginationToken: undefined })
			.resolves({ Users: users(0, 60), PaginationToken: 'page-2' })
			.on(ListUsersCommand, { PaginationToken: 'page-2' })
			.resolves({ Users: users(60, 10) });

		const first = await listSearch.searchUsers.call(context());
		expect(first.results).toHaveLength(60);
		expect(first.results[0]).toEqual({ name: 'user-000 (u0@example.com)', value: 'user-000' });
		expect(first.paginationToken).toBe('page-2');

		const second = await listSearch.searchUsers.call(context(), undefined, 'page-2');
		expect(second.results.map((r) => r.value)).toEqual(users(60, 10).map((u) => u.Username));
		expect(second.paginationToken).toBeUndefined();

		expect(inputsOf(ListUsersCommand)).toEqual([
			{ UserPoolId: POOL_ID, Limit: 60, PaginationToken: undefined, Filter: undefined },
			{ UserPoolId: POOL_ID, Limit: 60, PaginationToken: 'page-2', Filter: undefined },
		]);
	});

	it('lists every user exactly once when scrolled to the end', async () => {
		const all = users(0, 257);
		cognito.on(ListUsersCommand).callsFake((input: { PaginationToken?: string; Limit: number }) => {
			const start = Number(input.PaginationToken ?? 0);
			const end = Math.min(start + input.Limit, all.length);
			return { Users: all.slice(start, end), PaginationToken: end < all.length ? String(end) : undefined };
		});

		const seen: string[] = [];
		let token: string | undefined;
		let calls = 0;
		do {
			const page = await listSearch.searchUsers.call(context(), '', token);
			seen.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken as string | undefined;
			calls++;
		} while (token);

		expect(calls).toBe(5);
		expect(seen).toEqual(all.map((u) => u.Username));
	});

	it('prefix-searches usernames server-side', async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [user('jane.doe')] });

		const result = await listSearch.searchUsers.call(context(), '  jane ');

		expect(inputsOf(ListUsersCommand)[0].Filter).toBe('username ^= "jane"');
		expect(result.results).toEqual([{ name: 'jane.doe', value: 'jane.doe' }]);
	});

	it('prefix-searches emails when the text contains "@", escaping quotes', async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [user('u-1', 'jane@example.com')] });

		await listSearch.searchUsers.call(context(), 'jane@');
		await listSearch.searchUsers.call(context(), 'o"brien@');

		expect(inputsOf(ListUsersCommand).map((input) => input.Filter)).toEqual([
			'email ^= "jane@"',
			'email ^= "o\\"brien@"',
		]);
	});

	it('keeps reading filtered pages until it has enough matches, so the dropdown can scroll', async () => {
		// Cognito returns short and even empty pages mid-stream when a filter is set.
		cognito
			.on(ListUsersCommand)
			.resolvesOnce({ Users: users(0, 3), PaginationToken: 't1' })
			.resolvesOnce({ Users: [], PaginationToken: 't2' })
			.resolvesOnce({ Users: users(3, MIN_RESULTS_PER_CALL), PaginationToken: 't3' })
			.resolves({ Users: users(100, 5) });

		const result = await listSearch.searchUsers.call(context(), 'user-');

		expect(inputsOf(ListUsersCommand).map((input) => input.PaginationToken)).toEqual([undefined, 't1', 't2']);
		expect(result.results).toHaveLength(3 + MIN_RESULTS_PER_CALL);
		expect(result.paginationToken).toBe('t3');
	});

	it("uses the credential's default pool when the node names none", async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [] });
		await listSearch.searchUsers.call(
			context({}, { ...CREDENTIALS, userPoolId: 'eu-west-1_Default' } as typeof CREDENTIALS),
		);
		expect(inputsOf(ListUsersCommand)[0].UserPoolId).toBe('eu-west-1_Default');
	});

	it('says how to choose a pool when there is none', async () => {
		const error = await searchError(listSearch.searchUsers.call(context({})));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No user pool selected');
		expect(cognito.calls()).toHaveLength(0);
	});

	it('rejects search text Cognito cannot filter by, as an n8n error, without calling', async () => {
		const error = await searchError(listSearch.searchUsers.call(context(), 'jane\u0000'));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/control character/);
		expect(cognito.calls()).toHaveLength(0);
	});

	it("surfaces AWS's reason as an n8n API error", async () => {
		cognito
			.on(ListUsersCommand)
			.rejects(
				Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }),
			);
		const error = await searchError(listSearch.searchUsers.call(context()));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`The credential's IAM identity is not allowed to call cognito-idp:ListUsers on user pool "${POOL_ID}"`,
		);
	});
});

describe('searchGroups', () => {
	it('returns one page and its NextToken, resuming from a token', async () => {
		cognito
			.on(ListGroupsCommand, { NextToken: undefined })
			.resolves({ Groups: [group('admins', 'Administrators'), ...groups(1, 59)], NextToken: 'g2' })
			.on(ListGroupsCommand, { NextToken: 'g2' })
			.resolves({ Groups: [group('plain', ''), group('zeta')] });

		const first = await listSearch.searchGroups.call(context());
		expect(first.results).toHaveLength(60);
		expect(first.results[0]).toEqual({ name: 'admins', value: 'admins', description: 'Administrators' });
		expect(first.paginationToken).toBe('g2');

		const second = await listSearch.searchGroups.call(context(), undefined, 'g2');
		expect(second).toEqual({
			results: [
				{ name: 'plain', value: 'plain', description: undefined },
				{ name: 'zeta', value: 'zeta', description: undefined },
			],
			paginationToken: undefined,
		});
		expect(inputsOf(ListGroupsCommand)).toEqual([
			{ UserPoolId: POOL_ID, Limit: 60, NextToken: undefined },
			{ UserPoolId: POOL_ID, Limit: 60, NextToken: 'g2' },
		]);
	});

	it('reads on past a short page, so that the dropdown gets enough to scroll', async () => {
		cognito
			.on(ListGroupsCommand, { NextToken: undefined })
			.resolves({ Groups: groups(0, 2), NextToken: 'g2' })
			.on(ListGroupsCommand, { NextToken: 'g2' })
			.resolves({ Groups: groups(2, 1) });

		const result = await listSearch.searchGroups.call(context());

		expect(result).toEqual({
			results: groups(0, 3).map((g) => ({ name: g.GroupName, value: g.GroupName, description: undefined })),
			paginationToken: undefined,
		});
	});

	it('filters by name, case-insensitively, reading on past pages without a match', async () => {
		cognito
			.on(ListGroupsCommand, { NextToken: undefined })
			.resolves({ Groups: groups(0, 60), NextToken: 'g2' })
			.on(ListGroupsCommand, { NextToken: 'g2' })
			.resolves({ Groups: [...groups(60, 10), group('Sales-EMEA')] });

		const result = await listSearch.searchGroups.call(context(), 'sales');

		expect(result.results.map((r) => r.value)).toEqual(['Sales-EMEA']);
		expect(result.paginationToken).toBeUndefined();
	});

	it(`reads at most ${MAX_PAGES_PER_CALL} pages for a rare match, then hands back the token`, async () => {
		let served = 0;
		cognito.on(ListGroupsCommand).callsFake(() => {
			served++;
			return { Groups: groups(served * 60, 60), NextToken: `g${served}` };
		});

		const result = await listSearch.searchGroups.call(context(), 'no-such-group');

		expect(served).toBe(MAX_PAGES_PER_CALL);
		expect(result).toEqual({ results: [], paginationToken: `g${MAX_PAGES_PER_CALL}` });
	}, 15_000);

	it('scrolls through 133 groups, each listed once', async () => {
		const all = groups(0, 133);
		cognito.on(ListGroupsCommand).callsFake((input: { NextToken?: string; Limit: number }) => {
			const start = Number(input.NextToken ?? 0);
			const end = Math.min(start + input.Limit, all.length);
			return { Groups: all.slice(start, end), NextToken: end < all.length ? String(end) : undefined };
		});

		const seen: string[] = [];
		let token: string | undefined;
		do {
			const page = await listSearch.searchGroups.call(context(), undefined, token);
			seen.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken as string | undefined;
		} while (token);

		expect(seen).toEqual(all.map((g) => g.GroupName));
	});
});

describe('searchUserPools', () => {
	const pool = (id: string, name: string) => ({ Id: id, Name: name });

	it('lists pools without needing a selected pool, one page per call', async () => {
		cognito.on(ListUserPoolsCommand, { NextToken: undefined }).resolves({
			UserPools: Array.from({ length: 60 }, (_, i) => pool(`us-east-1_P${i}`, `pool-${i}`)),
			NextToken: 'p2',
		});

		const result = await listSearch.searchUserPools.call(context({}));

		expect(inputsOf(ListUserPoolsCommand)).toEqual([{ MaxResults: 60, NextToken: undefined }]);
		expect(result.results[0]).toEqual({ name: 'pool-0 (us-east-1_P0)', value: 'us-east-1_P0' });
		expect(result.results).toHaveLength(60);
		expect(result.paginationToken).toBe('p2');
	});

	it('matches the search text against name or ID', async () => {
		cognito.on(ListUserPoolsCommand).resolves({
			UserPools: [pool('us-east-1_Abc', 'Customers'), pool('us-east-1_Xyz', 'staff'), pool('eu-west-1_Q', 'other')],
		});

		const byName = await listSearch.searchUserPools.call(context({}), 'CUST');
		const byId = await listSearch.searchUserPools.call(context({}), 'xyz');

		expect(byName.results.map((r) => r.value)).toEqual(['us-east-1_Abc']);
		expect(byId.results.map((r) => r.value)).toEqual(['us-east-1_Xyz']);
	});

	it('reports a broken credential as an n8n error naming the field', async () => {
		const error = await searchError(
			listSearch.searchUserPools.call(context({}, { ...CREDENTIALS, region: 'Ireland' })),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Region is not an AWS region name/);
	});
});
