import {
	CreateGroupCommand,
	DeleteGroupCommand,
	GetGroupCommand,
	GroupExistsException,
	ListGroupsCommand,
	ListUsersInGroupCommand,
	ResourceNotFoundException,
	UpdateGroupCommand,
	type GroupType,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError, type INodeProperties } from 'n8n-workflow';

import * as group from '../../nodes/AwsCognito/actions/group';
import { groupNameProblem } from '../../nodes/AwsCognito/parameters';
import { inputsOf as callInputs, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_GroupPool1';
const CREDENTIALS = unitCredentials('group');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/AdminsRole';
const metadata = { $metadata: { httpStatusCode: 200, requestId: 'req-1' } };

const byName = (value: string) => ({ mode: 'name', value });

const { run, runError } = nodeRunner('group', { credentials: CREDENTIALS, userPoolId: POOL_ID });

function awsGroup(name: string, extra: Partial<GroupType> = {}): GroupType {
	return {
		GroupName: name,
		UserPoolId: POOL_ID,
		Description: `The ${name} group`,
		Precedence: 3,
		RoleArn: ROLE_ARN,
		CreationDate: new Date('2024-01-02T03:04:05.000Z'),
		LastModifiedDate: new Date('2024-02-03T04:05:06.000Z'),
		...extra,
	};
}

function awsUser(username: string): UserType {
	return {
		Username: username,
		Attributes: [
			{ Name: 'sub', Value: `sub-${username}` },
			{ Name: 'email', Value: `${username}@example.com` },
		],
		Enabled: true,
		UserStatus: 'CONFIRMED',
		UserCreateDate: new Date('2024-01-02T03:04:05.000Z'),
		UserLastModifiedDate: new Date('2024-02-03T04:05:06.000Z'),
	};
}

const groupNotFound = () =>
	new ResourceNotFoundException({ message: 'Group not found.', $metadata: { httpStatusCode: 400 } });
const poolNotFound = () =>
	new ResourceNotFoundException({
		message: `User pool ${POOL_ID} does not exist.`,
		$metadata: { httpStatusCode: 400 },
	});
const accessDenied = () =>
	Object.assign(new Error('User is not authorized'), {
		name: 'AccessDeniedException',
		$metadata: { httpStatusCode: 400 },
	});

/** Inputs of every call of one command, in order. */
const inputsOf = <T>(command: new (input: T) => unknown): T[] => callInputs(cognito, command);

describe('group operation list', () => {
	const options = (group.operationField.options ?? []) as Array<{ name: string; value: string; action?: string }>;

	it('offers exactly the implemented operations, sorted by name, each with an action', () => {
		expect(options.map((o) => o.value)).toEqual(['create', 'delete', 'get', 'getAll', 'getMembers', 'update']);
		expect(options.map((o) => o.value).sort()).toEqual(Object.keys(group.operations).sort());
		const names = options.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(names).toEqual(['Create', 'Delete', 'Get', 'Get Many', 'Get Members', 'Update']);
		for (const option of options) expect(option.action).toMatch(/group/);
	});

	it('shows every field only for the group resource and its own operation', () => {
		for (const field of group.description) {
			expect(field.displayOptions?.show?.resource).toEqual(['group']);
			expect(field.displayOptions?.show?.operation).toHaveLength(1);
		}
	});

	it('has no option value that n8n would read as an expression', () => {
		const values: unknown[] = [];
		const walk = (fields: INodeProperties[]) => {
			for (const field of fields) {
				for (const option of (field.options ?? []) as Array<{ value?: unknown; options?: unknown }>) {
					if ('value' in option) values.push(option.value);
					else walk([option as unknown as INodeProperties]);
				}
			}
		};
		walk([group.operationField, ...group.description]);
		expect(values.length).toBeGreaterThan(6);
		for (const value of values) expect(String(value).startsWith('=')).toBe(false);
	});
});

describe('group name rules', () => {
	it('accepts letters of any script, digits, punctuation and symbols, up to 128 characters', () => {
		for (const name of [
			'admins',
			'sales-emea_2024',
			'ventes-été',
			'管理者',
			'🚀team',
			'a'.repeat(128),
			'us-east-1_Google',
		]) {
			expect(groupNameProblem(name)).toBeUndefined();
		}
	});

	it.each([
		['an empty name', '', /empty/],
		['a space', 'two words', /space/],
		['a tab', 'tab\there', /space or a control character/],
		['a line break', 'line\nbreak', /control character/],
		['129 characters', 'a'.repeat(129), /129 characters long; Cognito allows at most 128/],
	])('rejects %s', (_label, name, problem) => {
		expect(groupNameProblem(name)).toMatch(problem);
	});
});

describe('group get', () => {
	it('sends GetGroup for the named group and returns it simplified, paired with its item', async () => {
		cognito.on(GetGroupCommand).resolves({ Group: awsGroup('admins'), ...metadata });

		const output = await run('get', { group: byName('admins'), simplify: true });

		expect(inputsOf(GetGroupCommand)).toEqual([{ UserPoolId: POOL_ID, GroupName: 'admins' }]);
		expect(output).toEqual([
			{
				json: {
					groupName: 'admins',
					description: 'The admins group',
					precedence: 3,
					roleArn: ROLE_ARN,
					userPoolId: POOL_ID,
					createdAt: '2024-01-02T03:04:05.000Z',
					updatedAt: '2024-02-03T04:05:06.000Z',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('returns the group as Cognito sent it, without $metadata, when Simplify is off', async () => {
		cognito.on(GetGroupCommand).resolves({ Group: awsGroup('admins'), ...metadata });

		const [item] = await run('get', { group: { mode: 'list', value: 'admins' }, simplify: false });

		expect(item.json).toEqual(awsGroup('admins'));
		expect(item.json).not.toHaveProperty('$metadata');
		expect(item.json).not.toHaveProperty('Group');
	});

	it("looks up each item's own group and pairs each result with its item", async () => {
		cognito.on(GetGroupCommand).callsFake((input: { GroupName: string }) => ({ Group: awsGroup(input.GroupName) }));

		const output = await run('get', (i) => ({ group: byName(`group-${i}`), simplify: true }), { items: 3 });

		expect(inputsOf(GetGroupCommand).map((input) => input.GroupName)).toEqual(['group-0', 'group-1', 'group-2']);
		expect(output.map((item) => [item.json.groupName, item.pairedItem])).toEqual([
			['group-0', { item: 0 }],
			['group-1', { item: 1 }],
			['group-2', { item: 2 }],
		]);
	});

	it('names the group and the pool when the group does not exist', async () => {
		cognito.on(GetGroupCommand).rejects(groupNotFound());

		const error = await runError('get', { group: byName('ghosts'), simplify: true });

		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`Group "ghosts" was not found in user pool "${POOL_ID}"`);
	});

	it('turns a failing item into an error item with Continue On Fail and goes on', async () => {
		cognito
			.on(GetGroupCommand, { GroupName: 'ghosts' })
			.rejects(groupNotFound())
			.on(GetGroupCommand, { GroupName: 'admins' })
			.resolves({ Group: awsGroup('admins') });

		const output = await run('get', (i) => ({ group: byName(i === 0 ? 'ghosts' : 'admins'), simplify: true }), {
			items: 2,
			continueOnFail: true,
		});

		expect(output).toEqual([
			{ json: { error: `Group "ghosts" was not found in user pool "${POOL_ID}"` }, pairedItem: { item: 0 } },
			expect.objectContaining({ json: expect.objectContaining({ groupName: 'admins' }), pairedItem: { item: 1 } }),
		]);
	});

	it('rejects an empty group or a name Cognito would refuse, before any call', async () => {
		const empty = await runError('get', { group: byName('  '), simplify: true });
		expectItemError(empty, NodeOperationError, 0);
		expect(empty.message).toBe('Group is empty');

		const spaced = await runError('get', { group: byName('team leads'), simplify: true });
		expectItemError(spaced, NodeOperationError, 0);
		expect(spaced.message).toMatch(/^Group "team leads" contains a space/);

		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('group getAll', () => {
	const page = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => awsGroup(`group-${String(from + i).padStart(3, '0')}`));

	it('follows NextToken to the last page with Return All, asking for 60 a page', async () => {
		cognito
			.on(ListGroupsCommand)
			.resolvesOnce({ Groups: page(0, 60), NextToken: 't1' })
			.resolvesOnce({ Groups: page(60, 60), NextToken: 't2' })
			.resolvesOnce({ Groups: page(120, 13) });

		const output = await run('getAll', { returnAll: true, simplify: true });

		expect(inputsOf(ListGroupsCommand)).toEqual([
			{ UserPoolId: POOL_ID, Limit: 60, NextToken: undefined },
			{ UserPoolId: POOL_ID, Limit: 60, NextToken: 't1' },
			{ UserPoolId: POOL_ID, Limit: 60, NextToken: 't2' },
		]);
		expect(output).toHaveLength(133);
		expect(new Set(output.map((item) => item.json.groupName)).size).toBe(133);
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		expect(output[132].json).toEqual(expect.objectContaining({ groupName: 'group-132', roleArn: ROLE_ARN }));
	});

	it('goes on past an empty page that still has a token', async () => {
		cognito
			.on(ListGroupsCommand)
			.resolvesOnce({ Groups: page(0, 2), NextToken: 't1' })
			.resolvesOnce({ Groups: [], NextToken: 't2' })
			.resolvesOnce({ Groups: page(2, 1) });

		const output = await run('getAll', { returnAll: true, simplify: true });

		expect(output.map((item) => item.json.groupName)).toEqual(['group-000', 'group-001', 'group-002']);
	});

	it('asks for no more than the limit and stops once it has enough', async () => {
		cognito.on(ListGroupsCommand).resolves({ Groups: page(0, 5), NextToken: 'more' });

		const output = await run('getAll', { returnAll: false, limit: 5, simplify: true });

		expect(inputsOf(ListGroupsCommand)).toEqual([{ UserPoolId: POOL_ID, Limit: 5, NextToken: undefined }]);
		expect(output).toHaveLength(5);
	});

	it('reads a second page for a limit above 60 and cuts it at the limit', async () => {
		cognito
			.on(ListGroupsCommand)
			.resolvesOnce({ Groups: page(0, 60), NextToken: 't1' })
			.resolvesOnce({ Groups: page(60, 60), NextToken: 't2' });

		const output = await run('getAll', { returnAll: false, limit: 70, simplify: true });

		expect(inputsOf(ListGroupsCommand)).toHaveLength(2);
		expect(output).toHaveLength(70);
	});

	it('returns raw groups when Simplify is off', async () => {
		cognito.on(ListGroupsCommand).resolves({ Groups: [awsGroup('admins')], ...metadata });

		const output = await run('getAll', { returnAll: true, simplify: false });

		expect(output).toEqual([{ json: awsGroup('admins'), pairedItem: { item: 0 } }]);
	});

	it('rejects a limit below 1, naming the field', async () => {
		const error = await runError('getAll', { returnAll: false, limit: 0, simplify: true });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toMatch(/^Limit must be a whole number of at least 1/);
		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('group getMembers', () => {
	const members = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => awsUser(`user-${String(from + i).padStart(3, '0')}`));

	it('follows NextToken of ListUsersInGroup and returns simplified users', async () => {
		cognito
			.on(ListUsersInGroupCommand)
			.resolvesOnce({ Users: members(0, 60), NextToken: 'n1' })
			.resolvesOnce({ Users: members(60, 5) });

		const output = await run('getMembers', { group: byName('admins'), returnAll: true, simplify: true });

		expect(inputsOf(ListUsersInGroupCommand)).toEqual([
			{ UserPoolId: POOL_ID, GroupName: 'admins', Limit: 60, NextToken: undefined },
			{ UserPoolId: POOL_ID, GroupName: 'admins', Limit: 60, NextToken: 'n1' },
		]);
		expect(output).toHaveLength(65);
		expect(output[64]).toEqual({
			json: {
				username: 'user-064',
				sub: 'sub-user-064',
				email: 'user-064@example.com',
				email_verified: undefined,
				given_name: undefined,
				family_name: undefined,
				enabled: true,
				status: 'CONFIRMED',
				createdAt: '2024-01-02T03:04:05.000Z',
				updatedAt: '2024-02-03T04:05:06.000Z',
				attributes: { sub: 'sub-user-064', email: 'user-064@example.com' },
			},
			pairedItem: { item: 0 },
		});
	});

	it('stops at the limit and returns raw users when Simplify is off', async () => {
		cognito.on(ListUsersInGroupCommand).resolves({ Users: members(0, 3), NextToken: 'n1' });

		const output = await run('getMembers', { group: byName('admins'), returnAll: false, limit: 3, simplify: false });

		expect(inputsOf(ListUsersInGroupCommand)).toEqual([
			{ UserPoolId: POOL_ID, GroupName: 'admins', Limit: 3, NextToken: undefined },
		]);
		expect(output.map((item) => item.json)).toEqual(members(0, 3));
	});

	it('names the group when it does not exist', async () => {
		cognito.on(ListUsersInGroupCommand).rejects(groupNotFound());
		const error = await runError('getMembers', { group: byName('ghosts'), returnAll: true, simplify: true });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`Group "ghosts" was not found in user pool "${POOL_ID}"`);
	});
});

describe('group create', () => {
	it('sends CreateGroup with every field, the role under RoleArn', async () => {
		cognito.on(CreateGroupCommand).resolves({ Group: awsGroup('admins', { Precedence: 0 }), ...metadata });

		const [item] = await run('create', {
			groupName: ' admins ',
			additionalFields: { description: 'The admins group', precedence: 0, roleArn: ROLE_ARN },
			simplify: true,
		});

		expect(inputsOf(CreateGroupCommand)).toEqual([
			{ UserPoolId: POOL_ID, GroupName: 'admins', Description: 'The admins group', Precedence: 0, RoleArn: ROLE_ARN },
		]);
		expect(item).toEqual({
			json: expect.objectContaining({ groupName: 'admins', precedence: 0, roleArn: ROLE_ARN }),
			pairedItem: { item: 0 },
		});
		expect(item.json).not.toHaveProperty('existed');
	});

	it('sends only the name when no additional field is set, and never an empty description', async () => {
		cognito.on(CreateGroupCommand).resolves({ Group: awsGroup('plain') });

		await run('create', { groupName: 'plain', additionalFields: { description: '' }, simplify: true });

		expect(inputsOf(CreateGroupCommand)).toEqual([{ UserPoolId: POOL_ID, GroupName: 'plain' }]);
	});

	it('accepts role ARNs of other partitions and with a path', async () => {
		cognito.on(CreateGroupCommand).resolves({ Group: awsGroup('a') });
		const arns = [
			'arn:aws-cn:iam::123456789012:role/CnRole',
			'arn:aws-us-gov:iam::123456789012:role/service-role/GovRole+=,.@-x',
		];
		for (const roleArn of arns) {
			await run('create', { groupName: 'a', additionalFields: { roleArn }, simplify: true });
		}
		expect(inputsOf(CreateGroupCommand).map((input) => input.RoleArn)).toEqual(arns);
	});

	it.each([
		// Empty from an expression: n8n itself refuses to run a required field left empty.
		['an empty group name', { groupName: '={{ "" }}' }, /^Group Name "" is empty$/],
		['a group name with a space', { groupName: 'two words' }, /^Group Name "two words" contains a space/],
		[
			'a 129-character group name',
			{ groupName: 'x'.repeat(129) },
			/^Group Name "x+" is 129 characters long; Cognito allows at most 128$/,
		],
		[
			'a negative precedence',
			{ groupName: 'ok', additionalFields: { precedence: -1 } },
			/^Precedence must be a whole number from 0 to 2147483647, not "-1"$/,
		],
		[
			'a fractional precedence',
			{ groupName: 'ok', additionalFields: { precedence: 1.5 } },
			/^Precedence must be a whole number/,
		],
		[
			'a text precedence',
			{ groupName: 'ok', additionalFields: { precedence: 'high' } },
			/^Precedence must be a number, but the value is the text "high"$/,
		],
		[
			'a role name instead of an ARN',
			{ groupName: 'ok', additionalFields: { roleArn: 'AdminsRole' } },
			/^Role ARN "AdminsRole" is not the ARN of an IAM role$/,
		],
		[
			'an S3 ARN',
			{ groupName: 'ok', additionalFields: { roleArn: 'arn:aws:s3:::my-bucket' } },
			/^Role ARN .* is not the ARN of an IAM role$/,
		],
		[
			'a short account ID',
			{ groupName: 'ok', additionalFields: { roleArn: 'arn:aws:iam::12345:role/Short' } },
			/^Role ARN .* is not the ARN/,
		],
		[
			'an IAM user ARN',
			{ groupName: 'ok', additionalFields: { roleArn: 'arn:aws:iam::123456789012:user/Bob' } },
			/^Role ARN .* is not the ARN/,
		],
		['a blank role ARN', { groupName: 'ok', additionalFields: { roleArn: '  ' } }, /^Role ARN is empty$/],
		[
			'a 2049-character description',
			{ groupName: 'ok', additionalFields: { description: 'd'.repeat(2049) } },
			/^Description is 2049 characters long; Cognito allows at most 2048$/,
		],
	])('rejects %s with a message naming the field, before any call', async (_label, parameters, message) => {
		const error = await runError('create', { simplify: true, ...parameters });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toMatch(message);
		expect(error.description).toBeTruthy();
		expect(cognito.calls()).toHaveLength(0);
	});

	it('fails on an existing group by default, saying what to do', async () => {
		cognito.on(CreateGroupCommand).rejects(
			new GroupExistsException({
				message: 'A group with the name already exists',
				$metadata: { httpStatusCode: 400 },
			}),
		);

		const error = await runError('create', { groupName: 'admins', simplify: true });

		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`Group "admins" already exists in user pool "${POOL_ID}"`);
		expect(cognito.commandCalls(GetGroupCommand)).toHaveLength(0);
	});

	it('returns the existing group, unchanged, with "If Group Exists" set to return it', async () => {
		cognito
			.on(CreateGroupCommand)
			.rejects(new GroupExistsException({ message: 'exists', $metadata: { httpStatusCode: 400 } }))
			.on(GetGroupCommand)
			.resolves({ Group: awsGroup('admins', { Description: 'as it was' }) });

		const [item] = await run('create', {
			groupName: 'admins',
			additionalFields: { description: 'new text' },
			options: { ifGroupExists: 'returnExisting' },
			simplify: true,
		});

		expect(inputsOf(GetGroupCommand)).toEqual([{ UserPoolId: POOL_ID, GroupName: 'admins' }]);
		expect(cognito.commandCalls(UpdateGroupCommand)).toHaveLength(0);
		expect(item.json).toEqual(
			expect.objectContaining({ groupName: 'admins', description: 'as it was', existed: true }),
		);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('marks a newly created group existed: false when "If Group Exists" returns existing ones', async () => {
		cognito.on(CreateGroupCommand).resolves({ Group: awsGroup('fresh') });
		const [item] = await run('create', {
			groupName: 'fresh',
			options: { ifGroupExists: 'returnExisting' },
			simplify: false,
		});
		expect(item.json).toEqual({ ...awsGroup('fresh'), existed: false });
	});

	it('still fails on other errors with "If Group Exists" set to return existing groups', async () => {
		cognito.on(CreateGroupCommand).rejects(accessDenied());
		const error = await runError('create', {
			groupName: 'admins',
			options: { ifGroupExists: 'returnExisting' },
			simplify: true,
		});
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toMatch(/not allowed to call cognito-idp:CreateGroup/);
		expect(cognito.commandCalls(GetGroupCommand)).toHaveLength(0);
	});
});

describe('group update', () => {
	it('changes only the given field and re-sends the others as they are', async () => {
		cognito
			.on(GetGroupCommand)
			.resolves({ Group: awsGroup('admins', { Description: 'old', Precedence: 3 }) })
			.on(UpdateGroupCommand)
			.resolves({ Group: awsGroup('admins', { Description: 'new', Precedence: 3 }), ...metadata });

		const [item] = await run('update', {
			group: byName('admins'),
			updateFields: { description: 'new' },
			simplify: true,
		});

		expect(inputsOf(GetGroupCommand)).toEqual([{ UserPoolId: POOL_ID, GroupName: 'admins' }]);
		expect(inputsOf(UpdateGroupCommand)).toEqual([
			{ UserPoolId: POOL_ID, GroupName: 'admins', Description: 'new', Precedence: 3, RoleArn: ROLE_ARN },
		]);
		expect(item).toEqual({
			json: expect.objectContaining({ groupName: 'admins', description: 'new', roleArn: ROLE_ARN }),
			pairedItem: { item: 0 },
		});
	});

	it('sends every given field, and no setting the group does not have', async () => {
		cognito
			.on(GetGroupCommand)
			.resolves({ Group: { GroupName: 'bare', UserPoolId: POOL_ID } })
			.on(UpdateGroupCommand)
			.resolves({ Group: awsGroup('bare') });
		const otherRole = 'arn:aws:iam::123456789012:role/Other';

		await run('update', { group: byName('bare'), updateFields: { precedence: 0, roleArn: otherRole }, simplify: true });
		await run('update', { group: byName('bare'), updateFields: { description: '' }, simplify: true });

		expect(inputsOf(UpdateGroupCommand)).toEqual([
			{ UserPoolId: POOL_ID, GroupName: 'bare', Precedence: 0, RoleArn: otherRole },
			{ UserPoolId: POOL_ID, GroupName: 'bare', Description: '' },
		]);
	});

	it('returns the raw group Cognito answered when Simplify is off', async () => {
		cognito
			.on(GetGroupCommand)
			.resolves({ Group: awsGroup('admins') })
			.on(UpdateGroupCommand)
			.resolves({ Group: awsGroup('admins'), ...metadata });
		const [item] = await run('update', { group: byName('admins'), updateFields: { precedence: 1 }, simplify: false });
		expect(item.json).toEqual(awsGroup('admins'));
	});

	it('needs at least one field, and says which it can take', async () => {
		const error = await runError('update', { group: byName('admins'), updateFields: {}, simplify: true });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('Update Fields is empty: there is nothing to update');
		expect(error.description).toMatch(/Description, Precedence or Role ARN/);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('validates fields exactly as Create does', async () => {
		const error = await runError('update', {
			group: byName('admins'),
			updateFields: { roleArn: 'arn:aws:iam::123456789012:group/Admins' },
			simplify: true,
		});
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toMatch(/^Role ARN .* is not the ARN of an IAM role$/);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('does not send UpdateGroup when the group does not exist', async () => {
		cognito.on(GetGroupCommand).rejects(groupNotFound());
		const error = await runError('update', {
			group: byName('ghosts'),
			updateFields: { precedence: 1 },
			simplify: true,
		});
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`Group "ghosts" was not found in user pool "${POOL_ID}"`);
		expect(cognito.commandCalls(UpdateGroupCommand)).toHaveLength(0);
	});
});

describe('group delete', () => {
	it('sends DeleteGroup and reports the deletion', async () => {
		cognito.on(DeleteGroupCommand).resolves(metadata);

		const output = await run('delete', { group: byName('admins') });

		expect(inputsOf(DeleteGroupCommand)).toEqual([{ UserPoolId: POOL_ID, GroupName: 'admins' }]);
		expect(output).toEqual([{ json: { group: 'admins', deleted: true }, pairedItem: { item: 0 } }]);
	});

	it('fails on a missing group unless "Succeed If Missing" is on', async () => {
		cognito.on(DeleteGroupCommand).rejects(groupNotFound());

		const error = await runError('delete', { group: byName('ghosts') });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`Group "ghosts" was not found in user pool "${POOL_ID}"`);

		const output = await run('delete', { group: byName('ghosts'), options: { succeedIfMissing: true } });
		expect(output).toEqual([
			{ json: { group: 'ghosts', deleted: false, reason: 'notFound' }, pairedItem: { item: 0 } },
		]);
	});

	it('still fails on a missing user pool with "Succeed If Missing" on', async () => {
		cognito.on(DeleteGroupCommand).rejects(poolNotFound());

		const error = await runError('delete', { group: byName('admins'), options: { succeedIfMissing: true } });

		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`User pool "${POOL_ID}" was not found in region "us-east-1"`);
	});

	it('still fails on other errors with "Succeed If Missing" on', async () => {
		cognito.on(DeleteGroupCommand).rejects(accessDenied());
		const error = await runError('delete', { group: byName('admins'), options: { succeedIfMissing: true } });
		expect(error.message).toMatch(/not allowed to call cognito-idp:DeleteGroup/);
	});

	it('keeps one result per item, in order, with Continue On Fail', async () => {
		cognito
			.on(DeleteGroupCommand, { GroupName: 'g0' })
			.resolves({})
			.on(DeleteGroupCommand, { GroupName: 'g1' })
			.rejects(accessDenied())
			.on(DeleteGroupCommand, { GroupName: 'g2' })
			.resolves({});

		const output = await run('delete', (i) => ({ group: byName(`g${i}`) }), { items: 3, continueOnFail: true });

		expect(output).toEqual([
			{ json: { group: 'g0', deleted: true }, pairedItem: { item: 0 } },
			{ json: { error: expect.stringMatching(/cognito-idp:DeleteGroup/) }, pairedItem: { item: 1 } },
			{ json: { group: 'g2', deleted: true }, pairedItem: { item: 2 } },
		]);
	});
});
