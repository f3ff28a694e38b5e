/**
 * User → Get Many's attribute filter against moto: custom attributes, Contains and Is Empty read the
 * pool page by page; searchable attributes with Equals / Starts With still use Cognito's filter.
 * The answers are checked against the pool read with a raw client, and the calls are counted.
 */
import {
	AdminCreateUserCommand,
	AdminDisableUserCommand,
	CreateUserPoolCommand,
	ListUsersCommand,
	type CognitoIdentityProviderClient,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency, motoCredentials, SEED_CONCURRENCY, seedName, useCallCounter } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { runNode, runNodeError } from '../support/nodeRunner';

/** Three pages of 60, the last one short. */
const USERS = 140;
let client: CognitoIdentityProviderClient;
let poolId: string;

/** Every fourth user in "Sales EMEA", the next in "Engineering", the other two without a department. */
const departmentOf = (i: number) => (i % 4 === 0 ? 'Sales EMEA' : i % 4 === 1 ? 'Engineering' : undefined);

useMotoPool('user-filter', {
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
		const indexes = Array.from({ length: USERS }, (_, i) => i);
		await mapWithConcurrency(indexes, SEED_CONCURRENCY, async (i) => {
			const department = departmentOf(i);
			const username = seedName('member', i, USERS);
			await client.send(
				new AdminCreateUserCommand({
					UserPoolId: poolId,
					Username: username,
					MessageAction: 'SUPPRESS',
					UserAttributes: [
						{ Name: 'email', Value: `${username}@example.com` },
						...(department ? [{ Name: 'custom:department', Value: department }] : []),
					],
				}),
			);
			if (i % 9 === 0) await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
		});
	},
});

const { callsDuring } = useCallCounter();

async function getMany(
	parameters: Record<string, unknown>,
): Promise<{ output: INodeExecutionData[]; calls: Record<string, number> }> {
	let output: INodeExecutionData[] = [];
	const calls = await callsDuring(async () => {
		output = await runNode('user', 'getAll', [parameters], { credentials: motoCredentials(), userPoolId: poolId });
	});
	return { output, calls };
}

/** The whole pool, read with the raw client. */
async function rawUsers(): Promise<UserType[]> {
	const users: UserType[] = [];
	let token: string | undefined;
	do {
		const page = await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60, PaginationToken: token }));
		users.push(...(page.Users ?? []));
		token = page.PaginationToken;
	} while (token);
	return users;
}

const departmentIn = (user: UserType) => user.Attributes?.find((a) => a.Name === 'custom:department')?.Value;
const names = (users: UserType[]) => users.map((u) => u.Username).sort();
const outputNames = (output: INodeExecutionData[]) => output.map((o) => o.json.username as string).sort();
const custom = (match: string, value = '') => ({
	filter: { condition: { attribute: 'other', attributeName: 'custom:department', match, value } },
});

describe('getAll: filter on any attribute, on moto', () => {
	it('finds users by a custom attribute across every page, one ListUsers call per 60 users', async () => {
		const { output, calls } = await getMany({ returnAll: true, ...custom('equals', 'Sales EMEA') });
		const expected = names((await rawUsers()).filter((u) => departmentIn(u) === 'Sales EMEA'));
		expect(expected).toHaveLength(USERS / 4);
		expect(outputNames(output)).toEqual(expected);
		expect(output[0].json.attributes).toMatchObject({ 'custom:department': 'Sales EMEA' });
		expect(calls).toEqual({ ListUsers: Math.ceil(USERS / 60) });
	});

	it.each([
		['contains', 'EMEA', (d?: string) => d === 'Sales EMEA'],
		['startsWith', 'Eng', (d?: string) => d === 'Engineering'],
		['isEmpty', '', (d?: string) => d === undefined],
		['isNotEmpty', '', (d?: string) => d !== undefined],
	])('custom:department %s "%s"', async (match, value, keep) => {
		const { output, calls } = await getMany({ returnAll: true, ...custom(match, value) });
		expect(outputNames(output)).toEqual(names((await rawUsers()).filter((u) => keep(departmentIn(u)))));
		expect(calls).toEqual({ ListUsers: 3 });
	});

	it('with a Limit, stops reading once enough users match', async () => {
		// A quarter of the pool is in Sales: the first page of 60 holds more than 5 of them.
		const { output, calls } = await getMany({ returnAll: false, limit: 5, ...custom('equals', 'Sales EMEA') });
		expect(output).toHaveLength(5);
		expect(
			output.every((o) => (o.json.attributes as Record<string, string>)['custom:department'] === 'Sales EMEA'),
		).toBe(true);
		expect(calls).toEqual({ ListUsers: 1 });
	});

	it('tests a searchable attribute with Contains on the listed users', async () => {
		const { output, calls } = await getMany({
			returnAll: true,
			filter: { condition: { attribute: 'email', match: 'contains', value: '7@example' } },
		});
		const expected = names((await rawUsers()).filter((u) => u.Username?.endsWith('7')));
		expect(expected.length).toBeGreaterThan(0);
		expect(outputNames(output)).toEqual(expected);
		expect(calls).toEqual({ ListUsers: 3 });
	});

	it('keeps Cognito filtering a searchable attribute with Equals: one call, only the match read', async () => {
		const { output, calls } = await getMany({
			returnAll: true,
			filter: { condition: { attribute: 'status', match: 'equals', value: 'Disabled' } },
		});
		const expected = names((await rawUsers()).filter((u) => u.Enabled === false));
		expect(expected).toHaveLength(Math.ceil(USERS / 9));
		expect(outputNames(output)).toEqual(expected);
		expect(calls).toEqual({ ListUsers: 1 });
	});

	it('refuses an attribute name without its custom: prefix before any call', async () => {
		let message = '';
		const calls = await callsDuring(async () => {
			const error = await runNodeError(
				'user',
				'getAll',
				{
					returnAll: true,
					filter: { condition: { attribute: 'other', attributeName: 'department', match: 'isEmpty' } },
				},
				{ credentials: motoCredentials(), userPoolId: poolId },
			);
			message = error.message;
		});
		expect(message).toBe('"department" is not a Cognito attribute: custom attributes are named "custom:department"');
		expect(calls).toEqual({});
	});
});
