/**
 * Every group operation end to end: through the node's router, the transport and the AWS SDK to moto,
 * with the resulting state checked independently with a raw SDK client.
 */
import {
	type CognitoIdentityProviderClient,
	GetGroupCommand,
	ListUsersCommand,
	ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { addMembers, motoCredentials, seedGroups, seedUsers, TEST_REGION, useCallCounter } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { runNode, runNodeError, type RunOptions } from '../support/nodeRunner';

const SEEDED_GROUPS = 133;
const MEMBERS = 65;
const BIG_GROUP = 'team-0001';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/CognitoAdmins';
const OTHER_ROLE_ARN = 'arn:aws:iam::123456789012:role/service-role/CognitoAuditors';

let client: CognitoIdentityProviderClient;
let poolId: string;
let seededGroups: string[];
let memberNames: string[];

type NodeParameters = Record<string, unknown>;
const byName = (value: string) => ({ mode: 'name', value });

/** The node's options for this file's pool, or for `pool` when given. */
const runOptions = (options: { continueOnFail?: boolean; pool?: string }): RunOptions => ({
	credentials: motoCredentials(),
	userPoolId: options.pool ?? poolId,
	continueOnFail: options.continueOnFail,
});

async function run(
	operation: string,
	parameters: NodeParameters | NodeParameters[],
	options: { continueOnFail?: boolean; pool?: string } = {},
): Promise<INodeExecutionData[]> {
	return await runNode('group', operation, Array.isArray(parameters) ? parameters : [parameters], runOptions(options));
}

async function runJson(operation: string, parameters: NodeParameters): Promise<IDataObject> {
	const output = await run(operation, parameters);
	expect(output).toHaveLength(1);
	return output[0].json;
}

async function runError(
	operation: string,
	parameters: NodeParameters,
	options: { pool?: string } = {},
): Promise<Error> {
	return await runNodeError('group', operation, parameters, runOptions(options));
}

/** The group as Cognito stores it, read with a raw client; undefined if it does not exist. */
async function storedGroup(name: string) {
	try {
		return (await client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name }))).Group;
	} catch (error) {
		if (error instanceof ResourceNotFoundException) return undefined;
		throw error;
	}
}

function expectEachOnce(names: unknown[], expected: string[]) {
	expect(names).toHaveLength(expected.length);
	expect(new Set(names)).toEqual(new Set(expected));
}

useMotoPool('group-ops', {
	seed: async (pool) => {
		({ client, poolId } = pool);
		seededGroups = await seedGroups(client, poolId, SEEDED_GROUPS, 'team');
		memberNames = (await seedUsers(client, poolId, MEMBERS, 'member')).map((u) => u.username);
		await addMembers(client, poolId, BIG_GROUP, memberNames);
	},
});

/** Cognito calls the action made, by operation name. */
const { callsDuring } = useCallCounter();

// Reads first, while the pool holds only the seeded groups.
describe('getAll', () => {
	it(`returns all ${SEEDED_GROUPS} groups, each once, following the tokens over 3 pages`, async () => {
		let output: INodeExecutionData[] = [];
		const calls = await callsDuring(async () => {
			output = await run('getAll', { returnAll: true, simplify: true });
		});

		expect(calls).toEqual({ ListGroups: 3 });
		expectEachOnce(
			output.map((item) => item.json.groupName),
			seededGroups,
		);
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		const first = output.find((item) => item.json.groupName === 'team-0001')?.json;
		expect(first).toEqual(
			expect.objectContaining({ description: 'Seeded group 1', userPoolId: poolId, createdAt: expect.any(String) }),
		);
	});

	it('stops at the limit, reading only the pages it needs', async () => {
		let output: INodeExecutionData[] = [];
		const calls = await callsDuring(async () => {
			output = await run('getAll', { returnAll: false, limit: 70, simplify: false });
		});

		expect(calls).toEqual({ ListGroups: 2 });
		expect(output).toHaveLength(70);
		expect(new Set(output.map((item) => item.json.GroupName)).size).toBe(70);
		expect(output[0].json).toEqual(expect.objectContaining({ GroupName: expect.any(String), UserPoolId: poolId }));
		expect(output[0].json).not.toHaveProperty('$metadata');
	});
});

describe('getMembers', () => {
	it(`returns all ${MEMBERS} members across pages, each once, simplified`, async () => {
		let output: INodeExecutionData[] = [];
		const calls = await callsDuring(async () => {
			output = await run('getMembers', { group: byName(BIG_GROUP), returnAll: true, simplify: true });
		});

		expect(calls).toEqual({ ListUsersInGroup: 2 });
		expectEachOnce(
			output.map((item) => item.json.username),
			memberNames,
		);
		const member = output.find((item) => item.json.username === 'member-0007')?.json;
		expect(member).toEqual(
			expect.objectContaining({
				email: 'member-0007@example.com',
				given_name: 'Given7',
				enabled: true,
				sub: expect.any(String),
			}),
		);
	});

	it('stops at the limit', async () => {
		const output = await run('getMembers', { group: byName(BIG_GROUP), returnAll: false, limit: 61, simplify: false });
		expect(output).toHaveLength(61);
		expect(output[0].json).toEqual(
			expect.objectContaining({ Username: expect.stringMatching(/^member-/), Attributes: expect.any(Array) }),
		);
	});

	it('returns no items for a group without members', async () => {
		expect(await run('getMembers', { group: byName('team-0002'), returnAll: true, simplify: true })).toEqual([]);
	});

	it('names the group when it does not exist', async () => {
		const error = await runError('getMembers', { group: byName('no-such-team'), returnAll: true, simplify: true });
		expect(error.message).toBe(`Group "no-such-team" was not found in user pool "${poolId}"`);
	});
});

describe('create and get', () => {
	it('creates a group with every field; GetGroup returns the role ARN it was sent', async () => {
		const created = await runJson('create', {
			groupName: 'admins',
			additionalFields: { description: 'Administrators', precedence: 0, roleArn: ROLE_ARN },
			simplify: true,
		});

		expect(created).toEqual(
			expect.objectContaining({ groupName: 'admins', description: 'Administrators', precedence: 0, roleArn: ROLE_ARN }),
		);
		expect(await storedGroup('admins')).toEqual(
			expect.objectContaining({ Description: 'Administrators', Precedence: 0, RoleArn: ROLE_ARN }),
		);
		expect(await runJson('get', { group: byName('admins'), simplify: true })).toEqual(
			expect.objectContaining({ groupName: 'admins', roleArn: ROLE_ARN, precedence: 0 }),
		);
	});

	it('creates a group whose name uses other scripts and symbols', async () => {
		const created = await runJson('create', { groupName: 'ventes-été-管理者-🚀', simplify: true });
		expect(created.groupName).toBe('ventes-été-管理者-🚀');
		expect(await storedGroup('ventes-été-管理者-🚀')).toBeDefined();
	});

	it('fails on an existing group by default', async () => {
		const error = await runError('create', { groupName: 'admins', simplify: true });
		expect(error.message).toBe(`Group "admins" already exists in user pool "${poolId}"`);
	});

	it('returns the existing group unchanged with "If Group Exists" set to return it, so a re-run succeeds', async () => {
		const parameters = {
			groupName: 'admins',
			additionalFields: { description: 'Something else', precedence: 9 },
			options: { ifGroupExists: 'returnExisting' },
			simplify: true,
		};
		let existing: IDataObject = {};
		const calls = await callsDuring(async () => {
			existing = await runJson('create', parameters);
		});

		expect(calls).toEqual({ CreateGroup: 1, GetGroup: 1 });
		expect(existing).toEqual(
			expect.objectContaining({
				groupName: 'admins',
				description: 'Administrators',
				precedence: 0,
				roleArn: ROLE_ARN,
				existed: true,
			}),
		);
		expect(await storedGroup('admins')).toEqual(
			expect.objectContaining({ Description: 'Administrators', Precedence: 0 }),
		);
	});

	it('says existed: false when "If Group Exists" is set and the group is new', async () => {
		const created = await runJson('create', {
			groupName: 'auditors',
			options: { ifGroupExists: 'returnExisting' },
			simplify: true,
		});
		expect(created).toEqual(expect.objectContaining({ groupName: 'auditors', existed: false }));
	});

	it('rejects what Cognito forbids before calling, although moto would accept it', async () => {
		const calls = await callsDuring(async () => {
			expect((await runError('create', { groupName: 'two words', simplify: true })).message).toMatch(
				/^Group Name "two words" contains a space/,
			);
			expect(
				(await runError('create', { groupName: 'ok', additionalFields: { roleArn: 'nonsense' }, simplify: true }))
					.message,
			).toBe('Role ARN "nonsense" is not the ARN of an IAM role');
			expect(
				(await runError('create', { groupName: 'ok', additionalFields: { precedence: -4 }, simplify: true })).message,
			).toMatch(/^Precedence must be a whole number/);
		});
		expect(calls).toEqual({});
		expect(await storedGroup('two words')).toBeUndefined();
	});
});

describe('update', () => {
	it('changes only the given field; description, precedence and role stay as they were', async () => {
		const updated = await runJson('update', {
			group: byName('admins'),
			updateFields: { description: 'Admins (v2)' },
			simplify: true,
		});

		expect(updated).toEqual(expect.objectContaining({ description: 'Admins (v2)', precedence: 0, roleArn: ROLE_ARN }));
		expect(await storedGroup('admins')).toEqual(
			expect.objectContaining({ Description: 'Admins (v2)', Precedence: 0, RoleArn: ROLE_ARN }),
		);
	});

	it('replaces the role and precedence (RoleArn round trip)', async () => {
		const calls = await callsDuring(async () => {
			await run('update', {
				group: byName('admins'),
				updateFields: { roleArn: OTHER_ROLE_ARN, precedence: 5 },
				simplify: true,
			});
		});

		expect(calls).toEqual({ GetGroup: 1, UpdateGroup: 1 });
		expect(await storedGroup('admins')).toEqual(
			expect.objectContaining({ Description: 'Admins (v2)', Precedence: 5, RoleArn: OTHER_ROLE_ARN }),
		);
		expect(await runJson('get', { group: byName('admins'), simplify: false })).toEqual(
			expect.objectContaining({ GroupName: 'admins', RoleArn: OTHER_ROLE_ARN, Precedence: 5 }),
		);
	});

	it('fails on a missing group without creating it', async () => {
		const error = await runError('update', {
			group: byName('ghosts'),
			updateFields: { description: 'x' },
			simplify: true,
		});
		expect(error.message).toBe(`Group "ghosts" was not found in user pool "${poolId}"`);
		expect(await storedGroup('ghosts')).toBeUndefined();
	});

	it('needs at least one field', async () => {
		const error = await runError('update', { group: byName('admins'), updateFields: {}, simplify: true });
		expect(error.message).toBe('Update Fields is empty: there is nothing to update');
	});
});

describe('delete', () => {
	it('deletes a group with members; the members stay in the pool', async () => {
		const output = await run('delete', { group: byName(BIG_GROUP) });

		expect(output).toEqual([{ json: { group: BIG_GROUP, deleted: true }, pairedItem: { item: 0 } }]);
		expect(await storedGroup(BIG_GROUP)).toBeUndefined();
		const { Users = [] } = await client.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 60 }));
		expect(Users.length).toBe(60);
	});

	it('fails on a group already gone, unless "Succeed If Missing" is on', async () => {
		const error = await runError('delete', { group: byName(BIG_GROUP) });
		expect(error.message).toBe(`Group "${BIG_GROUP}" was not found in user pool "${poolId}"`);

		const output = await run('delete', { group: byName(BIG_GROUP), options: { succeedIfMissing: true } });
		expect(output).toEqual([
			{ json: { group: BIG_GROUP, deleted: false, reason: 'notFound' }, pairedItem: { item: 0 } },
		]);
	});

	it('still fails on a missing user pool with "Succeed If Missing" on', async () => {
		const missingPool = `${TEST_REGION}_NoSuchPool7`;
		const error = await runError(
			'delete',
			{ group: byName('admins'), options: { succeedIfMissing: true } },
			{ pool: missingPool },
		);
		expect(error.message).toBe(`User pool "${missingPool}" was not found in region "${TEST_REGION}"`);
		expect(await storedGroup('admins')).toBeDefined();
	});

	it('handles a batch item by item with Continue On Fail', async () => {
		const output = await run(
			'delete',
			[{ group: byName('auditors') }, { group: byName('ghosts') }, { group: byName('team-0003') }],
			{
				continueOnFail: true,
			},
		);

		expect(output).toEqual([
			{ json: { group: 'auditors', deleted: true }, pairedItem: { item: 0 } },
			{ json: { error: `Group "ghosts" was not found in user pool "${poolId}"` }, pairedItem: { item: 1 } },
			{ json: { group: 'team-0003', deleted: true }, pairedItem: { item: 2 } },
		]);
		expect(await storedGroup('auditors')).toBeUndefined();
		expect(await storedGroup('team-0003')).toBeUndefined();
	});
});
