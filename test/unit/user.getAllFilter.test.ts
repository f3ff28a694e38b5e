/**
 * User → Get Many's attribute filter through n8n's engine, the SDK mocked: which filters Cognito
 * runs, which read the pool page by page, how many calls a limit costs, and the refusals.
 */
import { ListUsersCommand, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import { NodeOperationError } from 'n8n-workflow';

import { description } from '../../nodes/AwsCognito/actions/user/getAll.operation';
import { inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_Filter1';
const metadata = { $metadata: { httpStatusCode: 200 } };
const { run, runError } = nodeRunner('user', { credentials: unitCredentials('filter'), userPoolId: POOL_ID });

const TOTAL = 150;

/** u001..u150: every third in "Sales EMEA", the one after it in "Engineering", the next without a department. */
function department(i: number): string | undefined {
	return i % 3 === 0 ? 'Sales EMEA' : i % 3 === 1 ? 'Engineering' : undefined;
}
const name = (i: number) => `u${String(i).padStart(3, '0')}`;

function poolUsers(): UserType[] {
	return Array.from({ length: TOTAL }, (_, index) => {
		const i = index + 1;
		const attributes: Record<string, string | undefined> = {
			sub: `sub-${i}`,
			email: `${name(i)}@example.com`,
			'custom:department': department(i),
			// An attribute set to "" counts as empty, like one never set.
			nickname: i % 10 === 0 ? `nick-${i}` : i % 10 === 5 ? '' : undefined,
		};
		return {
			Username: name(i),
			Attributes: Object.entries(attributes)
				.filter(([, value]) => value !== undefined)
				.map(([Name, Value]) => ({ Name, Value })),
			Enabled: i % 7 !== 0,
			UserStatus: 'CONFIRMED',
		};
	});
}

/** ListUsers over the pool: pages of the Limit asked for (at most 60), following tokens. */
function mockPool(): UserType[] {
	const users = poolUsers();
	cognito.on(ListUsersCommand).callsFake((input: { Limit?: number; PaginationToken?: string; Filter?: string }) => {
		if (input.Filter) return { ...metadata, Users: [] };
		const start = input.PaginationToken ? Number(input.PaginationToken.replace('token-', '')) : 0;
		const end = Math.min(users.length, start + Math.min(60, input.Limit ?? 60));
		return {
			...metadata,
			Users: users.slice(start, end),
			PaginationToken: end < users.length ? `token-${end}` : undefined,
		};
	});
	return users;
}

const listInputs = () => inputsOf(cognito, ListUsersCommand);
const usernames = (output: Array<{ json: Record<string, unknown> }>) => output.map((o) => o.json.username);
const expected = (keep: (i: number) => boolean) =>
	Array.from({ length: TOTAL }, (_, index) => index + 1)
		.filter(keep)
		.map(name);
const condition = (fields: Record<string, unknown>) => ({ filter: { condition: fields } });
const custom = (match: string, value = '') =>
	condition({ attribute: 'other', attributeName: 'custom:department', match, value });

/** The three unfiltered pages of the whole pool. */
const WHOLE_POOL = [
	{ UserPoolId: POOL_ID, Limit: 60 },
	{ UserPoolId: POOL_ID, Limit: 60, PaginationToken: 'token-60' },
	{ UserPoolId: POOL_ID, Limit: 60, PaginationToken: 'token-120' },
];

describe('getAll: filter on any attribute', () => {
	it('finds a custom attribute equal to a value across every page, without a Cognito filter', async () => {
		mockPool();
		const output = await run('getAll', { returnAll: true, ...custom('equals', 'Sales EMEA') });
		expect(listInputs()).toEqual(WHOLE_POOL);
		expect(usernames(output)).toEqual(expected((i) => i % 3 === 0));
		expect(output[0].json.attributes).toEqual(expect.objectContaining({ 'custom:department': 'Sales EMEA' }));
	});

	it.each([
		['contains', 'EMEA', (i: number) => i % 3 === 0],
		['contains', 'e', (i: number) => i % 3 !== 2],
		['startsWith', 'Eng', (i: number) => i % 3 === 1],
		['isEmpty', '', (i: number) => i % 3 === 2],
		['isNotEmpty', '', (i: number) => i % 3 !== 2],
	])('custom:department %s "%s" keeps exactly the matching users', async (match, value, keep) => {
		mockPool();
		const output = await run('getAll', { returnAll: true, ...custom(match, value) });
		expect(usernames(output)).toEqual(expected(keep));
		expect(listInputs()).toHaveLength(3);
	});

	it('matches case-sensitively, as Cognito does', async () => {
		mockPool();
		expect(await run('getAll', { returnAll: true, ...custom('contains', 'emea') })).toEqual([]);
	});

	it('counts an attribute set to "" as empty', async () => {
		mockPool();
		const output = await run('getAll', {
			returnAll: true,
			...condition({ attribute: 'nickname', match: 'isEmpty' }),
		});
		expect(usernames(output)).toEqual(expected((i) => i % 10 !== 0));
	});

	it('reads a searchable attribute page by page when the match is one Cognito lacks', async () => {
		mockPool();
		const output = await run('getAll', {
			returnAll: true,
			...condition({ attribute: 'email', match: 'contains', value: '7@' }),
		});
		expect(listInputs()).toEqual(WHOLE_POOL);
		expect(usernames(output)).toEqual(expected((i) => i % 10 === 7));
	});

	it('tests Enabled Status on the listed users when it is not a Cognito filter', async () => {
		mockPool();
		const output = await run('getAll', {
			returnAll: true,
			...condition({ attribute: 'status', match: 'contains', value: 'Dis' }),
		});
		expect(usernames(output)).toEqual(expected((i) => i % 7 === 0));
	});

	it('keeps Cognito filtering a searchable attribute typed as Other with Equals', async () => {
		mockPool();
		await run('getAll', {
			returnAll: true,
			...condition({ attribute: 'other', attributeName: 'email', match: 'equals', value: 'u042@example.com' }),
		});
		expect(listInputs()).toEqual([{ UserPoolId: POOL_ID, Limit: 60, Filter: 'email = "u042@example.com"' }]);
	});

	it('with a Limit, stops reading once that many users match: 5 in the first page cost one call', async () => {
		mockPool();
		const output = await run('getAll', { returnAll: false, limit: 5, ...custom('equals', 'Sales EMEA') });
		// A full page of 60 even though the limit is 5: the matches are a fraction of each page.
		expect(listInputs()).toEqual([WHOLE_POOL[0]]);
		expect(usernames(output)).toEqual(['u003', 'u006', 'u009', 'u012', 'u015']);
	});

	it('with a Limit the first page cannot fill, reads on only until it is met', async () => {
		mockPool();
		const output = await run('getAll', { returnAll: false, limit: 25, ...custom('equals', 'Sales EMEA') });
		// The 25th match is u075, in the second page: the third is never asked for.
		expect(listInputs()).toEqual(WHOLE_POOL.slice(0, 2));
		expect(output).toHaveLength(25);
		expect(output[24].json.username).toBe('u075');
	});

	it('reads the whole pool when fewer users match than the limit', async () => {
		mockPool();
		const output = await run('getAll', { returnAll: false, limit: 500, ...custom('isEmpty') });
		expect(listInputs()).toEqual(WHOLE_POOL);
		expect(output).toHaveLength(50);
	});

	it('says in the option that it reads the whole pool and what that costs', () => {
		const filter = description.find((property) => property.name === 'filter');
		expect(filter?.description).toContain('read the whole pool');
		expect(filter?.description).toContain('60 users per ListUsers call');
		expect(filter?.description).toContain('1,667 calls');
	});
});

describe('getAll: filter refusals, before any call', () => {
	it.each([
		[
			{ attribute: 'other', attributeName: 'department', match: 'equals', value: 'x' },
			'"department" is not a Cognito attribute: custom attributes are named "custom:department"',
		],
		[
			{ attribute: 'other', attributeName: 'custom: department', match: 'equals', value: 'x' },
			'"custom: department" is not an attribute name: names have no spaces and at most 32 characters',
		],
		[{ attribute: 'other', attributeName: '', match: 'isEmpty' }, 'The filter has no attribute name'],
		[{ attribute: 'other', attributeName: 'custom:', match: 'isEmpty' }, '"custom:" is not a Cognito attribute'],
		[{ attribute: 'email', match: '^=', value: 'x' }, 'Unknown filter match "^=": use one of equals, startsWith'],
		[{ attribute: 'username', match: 'isEmpty' }, 'Every user has a "username"'],
		[{ attribute: 'status', match: 'isNotEmpty' }, 'Every user has a "status"'],
		[{ attribute: 'nickname', match: 'contains', value: '' }, 'needs a value; to find users without it, use "isEmpty"'],
		[{ attribute: 'email', match: 'equals', value: '' }, 'needs a value'],
		[{ attribute: 'nickname', match: 'equals', value: 'a\nb' }, 'control character'],
		[{ attribute: 'status', match: 'equals', value: 'off' }, 'The "status" filter takes "Enabled" or "Disabled"'],
	])('refuses %p', async (fields, message) => {
		const error = await runError('getAll', { returnAll: true, ...condition(fields) });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toContain(message);
		expect(cognito.calls()).toHaveLength(0);
	});

	it.each([
		[
			{ attribute: 'other', attributeName: '={{ { "name": "custom:team" } }}', match: 'isEmpty' },
			'Filter attribute name must be text, but the value is an object',
		],
		[
			{ attribute: 'nickname', match: 'equals', value: '={{ ["a"] }}' },
			'Filter value must be text, but the value is a list',
		],
		[{ attribute: 'nickname', match: '={{ null }}', value: 'a' }, 'Filter match must be text, but the value is null'],
	])('refuses a field that is not text: %p', async (fields, message) => {
		const error = await runError('getAll', { returnAll: true, ...condition(fields) });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe(message);
		expect(cognito.calls()).toHaveLength(0);
	});
});
