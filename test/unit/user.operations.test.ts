import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	AdminDeleteUserCommand,
	AdminDisableUserCommand,
	AdminEnableUserCommand,
	AdminGetUserCommand,
	AdminListGroupsForUserCommand,
	AdminRemoveUserFromGroupCommand,
	AdminResetUserPasswordCommand,
	AdminUpdateUserAttributesCommand,
	AdminUserGlobalSignOutCommand,
	ListUsersCommand,
	ResourceNotFoundException,
	UserNotFoundException,
	UsernameExistsException,
	type GroupType,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as user from '../../nodes/AwsCognito/actions/user';
import { unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner, runNode } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_UnitPool1';
const CREDENTIALS = unitCredentials('unit');
const SECRET = CREDENTIALS.secretAccessKey;
const SUB = '8c4f1e2a-5b6d-4c3e-9f10-2a3b4c5d6e7f';
const metadata = { $metadata: { httpStatusCode: 200, requestId: 'req-1' } };

const byUsername = (value: string) => ({ mode: 'username', value });
const fromList = (value: string) => ({ mode: 'list', value });
const bySub = (value: string) => ({ mode: 'sub', value });
const groupByName = (value: string) => ({ mode: 'name', value });

/** Runs the node on n8n's engine, with the user resource and the test pool. */
const { run, runError } = nodeRunner('user', { credentials: CREDENTIALS, userPoolId: POOL_ID });

function awsUser(username: string, attributes: Record<string, string> = {}, extra: Partial<UserType> = {}): UserType {
	return {
		Username: username,
		Attributes: Object.entries({ sub: `sub-${username}`, ...attributes }).map(([Name, Value]) => ({ Name, Value })),
		Enabled: true,
		UserStatus: 'CONFIRMED',
		UserCreateDate: new Date('2024-01-02T03:04:05.000Z'),
		UserLastModifiedDate: new Date('2024-02-03T04:05:06.000Z'),
		...extra,
	};
}

function userNotFound() {
	return new UserNotFoundException({ message: 'User does not exist.', $metadata: { httpStatusCode: 400 } });
}

describe('user operation list', () => {
	it('offers every implemented operation, sorted by name, each with an action', () => {
		const options = (user.operationField.options ?? []) as Array<{ name: string; value: string; action?: string }>;
		expect(options.map((o) => o.value).sort()).toEqual(Object.keys(user.operations).sort());
		expect(Object.keys(user.operations).sort()).toEqual(
			[
				'addToGroup',
				'confirmSignUp',
				'create',
				'delete',
				'disable',
				'enable',
				'forgetDevice',
				'get',
				'getAll',
				'getDevices',
				'getGroups',
				'getMfa',
				'getSignInEvents',
				'linkIdentity',
				'removeFromGroup',
				'resendInvitation',
				'resetPassword',
				'setMfa',
				'setPassword',
				'signOut',
				'unlinkIdentity',
				'update',
			].sort(),
		);
		const names = options.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		for (const option of options) expect(option.action).toMatch(/^[A-Z][a-z]/);
	});

	it('shows each operation its own fields only', () => {
		const shown = (name: string) =>
			user.description
				.filter((p) => p.displayOptions?.show?.operation?.includes(name))
				.map((p) => p.name)
				.sort();
		expect(shown('create')).toEqual(
			[
				'additionalAttributes',
				'email',
				'family_name',
				'given_name',
				'markEmailVerified',
				'options',
				'sendInvite',
				'simplify',
				'username',
			].sort(),
		);
		expect(shown('update')).toEqual(
			['additionalAttributes', 'email', 'family_name', 'given_name', 'markEmailVerified', 'user'].sort(),
		);
		expect(shown('addToGroup')).toEqual(['group', 'user']);
		expect(shown('getAll')).toEqual(['filter', 'includeLastSignIn', 'limit', 'returnAll', 'simplify']);
		expect(shown('delete')).toEqual(['options', 'user']);
		expect(shown('get')).toEqual(['includeLastSignIn', 'simplify', 'user']);
	});
});

describe('get', () => {
	it('sends AdminGetUser for the username and returns the simplified user, paired', async () => {
		cognito.on(AdminGetUserCommand).resolves({
			...metadata,
			Username: 'jane',
			UserAttributes: [
				{ Name: 'sub', Value: SUB },
				{ Name: 'email', Value: 'jane@example.com' },
				{ Name: 'email_verified', Value: 'true' },
				{ Name: 'custom:department', Value: 'Sales' },
			],
			Enabled: false,
			UserStatus: 'CONFIRMED',
			UserCreateDate: new Date('2024-01-02T03:04:05.000Z'),
		});
		const output = await run('get', { user: fromList('jane') });
		expect(cognito.commandCalls(AdminGetUserCommand).map((c) => c.args[0].input)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane' },
		]);
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					username: 'jane',
					sub: SUB,
					email: 'jane@example.com',
					email_verified: true,
					enabled: false,
					status: 'CONFIRMED',
					createdAt: '2024-01-02T03:04:05.000Z',
					attributes: expect.objectContaining({ 'custom:department': 'Sales' }),
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('returns the raw response without $metadata when Simplify is off', async () => {
		cognito.on(AdminGetUserCommand).resolves({ ...metadata, Username: 'jane', UserAttributes: [], Enabled: true });
		const [item] = await run('get', { user: byUsername('jane'), simplify: false });
		expect(item.json).toEqual({ Username: 'jane', UserAttributes: [], Enabled: true });
	});

	it('resolves "By Sub" with one ListUsers call filtered on the sub, then addresses the username', async () => {
		cognito.on(ListUsersCommand).resolves({ ...metadata, Users: [awsUser('jane')] });
		cognito.on(AdminGetUserCommand).resolves({ ...metadata, Username: 'jane', UserAttributes: [] });
		const [item] = await run('get', { user: bySub(SUB) });
		expect(cognito.commandCalls(ListUsersCommand).map((c) => c.args[0].input)).toEqual([
			{ UserPoolId: POOL_ID, Filter: `sub = "${SUB}"`, Limit: 1 },
		]);
		expect(cognito.commandCalls(AdminGetUserCommand)[0].args[0].input).toEqual({
			UserPoolId: POOL_ID,
			Username: 'jane',
		});
		expect(item.json.username).toBe('jane');
	});

	it('fails naming the sub when no user has it', async () => {
		cognito.on(ListUsersCommand).resolves({ ...metadata, Users: [] });
		const error = await runError('get', { user: bySub(SUB) });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toContain(SUB);
		expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
	});

	it('fails naming the user and the pool when Cognito does not know them', async () => {
		cognito.on(AdminGetUserCommand).rejects(userNotFound());
		const error = await runError('get', { user: byUsername('ghost') });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`User "ghost" was not found in user pool "${POOL_ID}"`);
	});

	it('fails before any call when the user is empty', async () => {
		const error = await runError('get', { user: byUsername('  ') });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('User is empty');
		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('items, pairing and Continue On Fail', () => {
	const names = ['ann', 'ghost', 'bob'];
	beforeEach(() => {
		cognito.on(AdminDisableUserCommand).resolves(metadata);
		cognito.on(AdminDisableUserCommand, { Username: 'ghost' }).rejects(userNotFound());
	});

	it('with Continue On Fail, turns the failing item into {error} and still processes the others', async () => {
		const output = await run('disable', (i) => ({ user: byUsername(names[i]) }), { items: 3, continueOnFail: true });
		expect(output).toEqual([
			{ json: { username: 'ann', enabled: false }, pairedItem: { item: 0 } },
			{ json: { error: `User "ghost" was not found in user pool "${POOL_ID}"` }, pairedItem: { item: 1 } },
			{ json: { username: 'bob', enabled: false }, pairedItem: { item: 2 } },
		]);
		expect(cognito.commandCalls(AdminDisableUserCommand).map((c) => c.args[0].input.Username)).toEqual(names);
	});

	it('without it, stops at the failing item with its index', async () => {
		const error = await runError('disable', (i) => ({ user: byUsername(names[i]) }), { items: 3 });
		expectItemError(error, NodeApiError, 1);
		expect(error.message).toContain('"ghost"');
		expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(2);
	});

	it('never puts the secret key in an error', async () => {
		cognito.on(AdminDisableUserCommand, { Username: 'ghost' }).rejects(
			Object.assign(new Error(`signature for ${SECRET} is wrong`), {
				name: 'SomethingOdd',
				$metadata: { httpStatusCode: 400 },
			}),
		);
		const output = await run('disable', (i) => ({ user: byUsername(names[i]) }), { items: 3, continueOnFail: true });
		expect(JSON.stringify(output)).not.toContain(SECRET);
		expect(output[1].json.error).toContain('[redacted]');
	});
});

describe('operations that send one call about one user', () => {
	const cases = [
		{ operation: 'enable', command: AdminEnableUserCommand, output: { username: 'jane', enabled: true } },
		{ operation: 'disable', command: AdminDisableUserCommand, output: { username: 'jane', enabled: false } },
		{
			operation: 'resetPassword',
			command: AdminResetUserPasswordCommand,
			output: { username: 'jane', passwordReset: true },
		},
		{ operation: 'signOut', command: AdminUserGlobalSignOutCommand, output: { username: 'jane', signedOut: true } },
		{ operation: 'delete', command: AdminDeleteUserCommand, output: { username: 'jane', deleted: true } },
	] as const;

	it.each(cases)(
		'$operation sends exactly one $command.name and reports the outcome',
		async ({ operation, command, output }) => {
			cognito.on(command).resolves(metadata);
			const result = await run(operation, { user: byUsername('jane') });
			expect(cognito.calls()).toHaveLength(1);
			expect(cognito.commandCalls(command).map((c) => c.args[0].input)).toEqual([
				{ UserPoolId: POOL_ID, Username: 'jane' },
			]);
			expect(result).toEqual([{ json: output, pairedItem: { item: 0 } }]);
		},
	);

	it.each(cases)(
		'$operation addresses a "By Sub" user by the username it resolves to',
		async ({ operation, command }) => {
			cognito.on(ListUsersCommand).resolves({ ...metadata, Users: [awsUser('jane')] });
			cognito.on(command).resolves(metadata);
			const [item] = await run(operation, { user: bySub(SUB) });
			expect(cognito.commandCalls(command)[0].args[0].input).toEqual({ UserPoolId: POOL_ID, Username: 'jane' });
			expect(item.json.username).toBe('jane');
		},
	);

	it("uses the credential's default pool when User Pool is empty", async () => {
		cognito.on(AdminEnableUserCommand).resolves(metadata);
		await runNode(
			'user',
			'enable',
			{ userPool: { mode: 'list', value: '' }, user: byUsername('jane') },
			{ credentials: { ...CREDENTIALS, userPoolId: 'eu-west-1_Default9' } },
		);
		expect(cognito.commandCalls(AdminEnableUserCommand)[0].args[0].input.UserPoolId).toBe('eu-west-1_Default9');
	});
});

describe('delete: Succeed If Missing', () => {
	it('fails naming the user when it is off', async () => {
		cognito.on(AdminDeleteUserCommand).rejects(userNotFound());
		const error = await runError('delete', { user: byUsername('ghost') });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toContain('"ghost"');
	});

	it('reports a missing user as not deleted when it is on', async () => {
		cognito.on(AdminDeleteUserCommand).rejects(userNotFound());
		const output = await run('delete', { user: byUsername('ghost'), options: { succeedIfMissing: true } });
		expect(output).toEqual([
			{ json: { username: 'ghost', deleted: false, reason: 'notFound' }, pairedItem: { item: 0 } },
		]);
	});

	it('reports a sub that matches no user by its sub, without a delete call', async () => {
		cognito.on(ListUsersCommand).resolves({ ...metadata, Users: [] });
		const output = await run('delete', { user: bySub(SUB), options: { succeedIfMissing: true } });
		expect(output[0].json).toEqual({ sub: SUB, deleted: false, reason: 'notFound' });
		expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(0);
	});

	it('still fails when the pool, not the user, is missing', async () => {
		cognito
			.on(AdminDeleteUserCommand)
			.rejects(
				new ResourceNotFoundException({ message: 'User pool does not exist.', $metadata: { httpStatusCode: 400 } }),
			);
		const error = await runError('delete', { user: byUsername('jane'), options: { succeedIfMissing: true } });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toContain(POOL_ID);
	});
});

describe('addToGroup / removeFromGroup', () => {
	it.each([
		['addToGroup', AdminAddUserToGroupCommand, true],
		['removeFromGroup', AdminRemoveUserFromGroupCommand, false],
	] as const)('%s sends its command with the group and reports membership', async (operation, command, member) => {
		cognito.on(command).resolves(metadata);
		const output = await run(operation, (i) => ({ user: byUsername(`user${i}`), group: groupByName(`team-${i}`) }), {
			items: 2,
		});
		expect(cognito.commandCalls(command).map((c) => c.args[0].input)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'user0', GroupName: 'team-0' },
			{ UserPoolId: POOL_ID, Username: 'user1', GroupName: 'team-1' },
		]);
		expect(output).toEqual([
			{ json: { username: 'user0', group: 'team-0', member }, pairedItem: { item: 0 } },
			{ json: { username: 'user1', group: 'team-1', member }, pairedItem: { item: 1 } },
		]);
	});

	it('fails before any call when the group is empty', async () => {
		// Empty from an expression: n8n itself refuses to run a required field left empty.
		const error = await runError('addToGroup', { user: byUsername('jane'), group: groupByName('={{ "" }}') });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('Group is empty');
		expect(cognito.calls()).toHaveLength(0);
	});

	it('names the group when Cognito does not know it', async () => {
		cognito
			.on(AdminAddUserToGroupCommand)
			.rejects(new ResourceNotFoundException({ message: 'Group not found.', $metadata: { httpStatusCode: 400 } }));
		const error = await runError('addToGroup', { user: byUsername('jane'), group: groupByName('nope') });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`Group "nope" was not found in user pool "${POOL_ID}"`);
	});
});

describe('create', () => {
	const created = (username: string, attributes: Record<string, string> = {}) => ({
		...metadata,
		User: awsUser(username, attributes, { UserStatus: 'FORCE_CHANGE_PASSWORD' }),
	});
	const createInputs = () => cognito.commandCalls(AdminCreateUserCommand).map((c) => c.args[0].input);

	it('suppresses the invitation by default and returns the simplified user', async () => {
		cognito.on(AdminCreateUserCommand).resolves(created('jane', { email: 'jane@example.com' }));
		const output = await run('create', {
			username: ' jane ',
			email: 'jane@example.com',
			given_name: 'Jane',
			family_name: 'Doe',
		});
		expect(createInputs()).toEqual([
			{
				UserPoolId: POOL_ID,
				Username: 'jane',
				MessageAction: 'SUPPRESS',
				UserAttributes: [
					{ Name: 'email', Value: 'jane@example.com' },
					{ Name: 'given_name', Value: 'Jane' },
					{ Name: 'family_name', Value: 'Doe' },
				],
			},
		]);
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					username: 'jane',
					email: 'jane@example.com',
					status: 'FORCE_CHANGE_PASSWORD',
					sub: 'sub-jane',
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(output[0].json).not.toHaveProperty('existed');
	});

	it('with Send Invite, asks Cognito to email the invitation and sets no MessageAction', async () => {
		cognito.on(AdminCreateUserCommand).resolves(created('jane'));
		await run('create', { username: 'jane', email: 'jane@example.com', sendInvite: true });
		const [input] = createInputs();
		expect(input.DesiredDeliveryMediums).toEqual(['EMAIL']);
		expect(input).not.toHaveProperty('MessageAction');
	});

	it('with Send Invite but no email, fails naming the field before any call', async () => {
		const error = await runError('create', { username: 'jane', email: '', sendInvite: true });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('Send Invite is on but user "jane" has no email');
		expect(error.description).toContain('Email');
		expect(cognito.calls()).toHaveLength(0);
	});

	it('accepts the email for an invitation from Additional Attributes too', async () => {
		cognito.on(AdminCreateUserCommand).resolves(created('jane'));
		await run('create', {
			username: 'jane',
			sendInvite: true,
			additionalAttributes: { attribute: [{ name: 'email', value: 'jane@example.com' }] },
		});
		expect(createInputs()[0].UserAttributes).toEqual([{ Name: 'email', Value: 'jane@example.com' }]);
	});

	it('sends the temporary password, marks the email verified and forwards additional attributes verbatim', async () => {
		cognito.on(AdminCreateUserCommand).resolves(created('jane'));
		await run('create', {
			username: 'jane',
			email: 'jane@example.com',
			markEmailVerified: true,
			additionalAttributes: {
				attribute: [
					{ name: 'nickname', value: ' JJ ' },
					{ name: 'custom:department', value: 'Sales & Ops "EMEA"' },
				],
			},
			options: { temporaryPassword: 'Temp#Pass1234' },
		});
		expect(createInputs()).toEqual([
			{
				UserPoolId: POOL_ID,
				Username: 'jane',
				MessageAction: 'SUPPRESS',
				TemporaryPassword: 'Temp#Pass1234',
				UserAttributes: [
					{ Name: 'email', Value: 'jane@example.com' },
					{ Name: 'email_verified', Value: 'true' },
					{ Name: 'nickname', Value: ' JJ ' },
					{ Name: 'custom:department', Value: 'Sales & Ops "EMEA"' },
				],
			},
		]);
	});

	it('never echoes the temporary password', async () => {
		cognito.on(AdminCreateUserCommand).resolves(created('jane'));
		const output = await run('create', {
			username: 'jane',
			options: { temporaryPassword: 'Temp#Pass1234' },
			simplify: false,
		});
		expect(JSON.stringify(output)).not.toContain('Temp#Pass1234');
	});

	it('sends no attributes when none is set', async () => {
		cognito.on(AdminCreateUserCommand).resolves(created('jane'));
		await run('create', { username: 'jane' });
		expect(createInputs()).toEqual([{ UserPoolId: POOL_ID, Username: 'jane', MessageAction: 'SUPPRESS' }]);
	});

	it('returns { User } without $metadata when Simplify is off', async () => {
		const response = created('jane');
		cognito.on(AdminCreateUserCommand).resolves(response);
		const [item] = await run('create', { username: 'jane', simplify: false });
		expect(item.json).toEqual({ User: response.User });
	});

	it.each([
		[
			'two rows with one name',
			{
				additionalAttributes: {
					attribute: [
						{ name: 'nickname', value: 'a' },
						{ name: 'nickname', value: 'b' },
					],
				},
			},
			'Attribute "nickname" is set twice: by additional attribute 1 and by additional attribute 2',
		],
		[
			'a row repeating the Email field',
			{
				email: 'jane@example.com',
				additionalAttributes: { attribute: [{ name: 'email', value: 'other@example.com' }] },
			},
			'Attribute "email" is set twice: by the Email field and by additional attribute 1',
		],
		[
			'a row repeating Mark Email Verified',
			{
				email: 'jane@example.com',
				markEmailVerified: true,
				additionalAttributes: { attribute: [{ name: 'email_verified', value: 'false' }] },
			},
			'Attribute "email_verified" is set twice: by Mark Email Verified and by additional attribute 1',
		],
		[
			'a row without a name',
			{
				additionalAttributes: {
					attribute: [
						{ name: 'nickname', value: 'a' },
						{ name: '  ', value: 'b' },
					],
				},
			},
			'Additional attribute 2 has no name',
		],
	])('rejects %s before any call', async (_case, parameters, message) => {
		const error = await runError('create', { username: 'jane', ...parameters });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe(message);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('rejects an empty username and Mark Email Verified without an email', async () => {
		const empty = await runError('create', { username: '  ' });
		expectItemError(empty, NodeOperationError, 0);
		expect(empty.message).toBe('Username is empty');
		const unverifiable = await runError('create', { username: 'jane', markEmailVerified: true });
		expect(unverifiable.message).toBe('Mark Email Verified is on but user "jane" has no email');
		expect(cognito.calls()).toHaveLength(0);
	});

	it('fails naming the username when it is taken and If User Exists is "error"', async () => {
		cognito
			.on(AdminCreateUserCommand)
			.rejects(
				new UsernameExistsException({ message: 'User account already exists', $metadata: { httpStatusCode: 400 } }),
			);
		const error = await runError('create', { username: 'jane' });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`A user with username or alias "jane" already exists in user pool "${POOL_ID}"`);
		expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
	});

	it('returns the existing user, marked existed, when If User Exists is "returnExisting"', async () => {
		cognito
			.on(AdminCreateUserCommand, { Username: 'jane' })
			.rejects(
				new UsernameExistsException({ message: 'User account already exists', $metadata: { httpStatusCode: 400 } }),
			);
		cognito.on(AdminCreateUserCommand, { Username: 'newbie' }).resolves(created('newbie'));
		cognito.on(AdminGetUserCommand).resolves({
			...metadata,
			Username: 'jane',
			UserAttributes: [{ Name: 'email', Value: 'jane@old.example.com' }],
			UserStatus: 'CONFIRMED',
		});
		const output = await run(
			'create',
			(i) => ({ username: ['jane', 'newbie'][i], options: { ifUserExists: 'returnExisting' } }),
			{
				items: 2,
			},
		);
		expect(cognito.commandCalls(AdminGetUserCommand).map((c) => c.args[0].input)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane' },
		]);
		expect(output[0]).toEqual({
			json: expect.objectContaining({
				username: 'jane',
				email: 'jane@old.example.com',
				status: 'CONFIRMED',
				existed: true,
			}),
			pairedItem: { item: 0 },
		});
		expect(output[1]).toEqual({
			json: expect.objectContaining({ username: 'newbie', existed: false }),
			pairedItem: { item: 1 },
		});
	});

	it('does not swallow other failures when If User Exists is "returnExisting"', async () => {
		cognito.on(AdminCreateUserCommand).rejects(
			Object.assign(new Error('Password does not conform to policy'), {
				name: 'InvalidPasswordException',
				$metadata: { httpStatusCode: 400 },
			}),
		);
		const error = await runError('create', {
			username: 'jane',
			options: { ifUserExists: 'returnExisting', temporaryPassword: 'x' },
		});
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toContain('Password does not conform to policy');
		expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
	});
});

describe('update', () => {
	it('sends the attributes and reports what it sent', async () => {
		cognito.on(AdminUpdateUserAttributesCommand).resolves(metadata);
		const output = await run('update', {
			user: byUsername('jane'),
			given_name: 'Janet',
			markEmailVerified: true,
			additionalAttributes: { attribute: [{ name: 'custom:department', value: 'R&D' }] },
		});
		expect(cognito.commandCalls(AdminUpdateUserAttributesCommand).map((c) => c.args[0].input)).toEqual([
			{
				UserPoolId: POOL_ID,
				Username: 'jane',
				UserAttributes: [
					{ Name: 'given_name', Value: 'Janet' },
					{ Name: 'email_verified', Value: 'true' },
					{ Name: 'custom:department', Value: 'R&D' },
				],
			},
		]);
		expect(output).toEqual([
			{
				json: {
					username: 'jane',
					updated: true,
					attributes: { given_name: 'Janet', email_verified: 'true', 'custom:department': 'R&D' },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('requires at least one attribute, before any call', async () => {
		const error = await runError('update', { user: byUsername('jane'), email: ' ' });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('No attribute to update');
		expect(cognito.calls()).toHaveLength(0);
	});

	it('rejects duplicates the same way as create', async () => {
		const error = await runError('update', {
			user: byUsername('jane'),
			family_name: 'Doe',
			additionalAttributes: { attribute: [{ name: 'family_name', value: 'Roe' }] },
		});
		expect(error.message).toBe(
			'Attribute "family_name" is set twice: by the Family Name field and by additional attribute 1',
		);
	});
});

describe('getAll', () => {
	/** n users u001..; ListUsers answers `pageSize`-user pages (at most the Limit asked for), with tokens. */
	function mockUserPages(total: number, pageSize = 60) {
		const users = Array.from({ length: total }, (_, i) => awsUser(`u${String(i + 1).padStart(3, '0')}`));
		cognito.on(ListUsersCommand).callsFake((input: { Limit?: number; PaginationToken?: string }) => {
			const start = input.PaginationToken ? Number(input.PaginationToken.replace('token-', '')) : 0;
			const size = Math.min(pageSize, input.Limit ?? 60);
			const end = Math.min(total, start + size);
			return { ...metadata, Users: users.slice(start, end), PaginationToken: end < total ? `token-${end}` : undefined };
		});
		return users;
	}
	const listInputs = () => cognito.commandCalls(ListUsersCommand).map((c) => c.args[0].input);

	it('with Return All, follows PaginationToken through every page, 60 at a time', async () => {
		mockUserPages(150);
		const output = await run('getAll', { returnAll: true });
		expect(listInputs()).toEqual([
			{ UserPoolId: POOL_ID, Limit: 60 },
			{ UserPoolId: POOL_ID, Limit: 60, PaginationToken: 'token-60' },
			{ UserPoolId: POOL_ID, Limit: 60, PaginationToken: 'token-120' },
		]);
		expect(output).toHaveLength(150);
		expect(output[149]).toEqual({ json: expect.objectContaining({ username: 'u150' }), pairedItem: { item: 0 } });
		expect(new Set(output.map((o) => o.json.username)).size).toBe(150);
	});

	it('keeps following the token through short pages', async () => {
		mockUserPages(25, 10);
		const output = await run('getAll', { returnAll: true });
		expect(listInputs().map((i) => i.PaginationToken)).toEqual([undefined, 'token-10', 'token-20']);
		expect(output).toHaveLength(25);
	});

	it('asks for the limit as page size when it is below 60, in one call', async () => {
		mockUserPages(150);
		const output = await run('getAll', { returnAll: false, limit: 5 });
		expect(listInputs()).toEqual([{ UserPoolId: POOL_ID, Limit: 5 }]);
		expect(output.map((o) => o.json.username)).toEqual(['u001', 'u002', 'u003', 'u004', 'u005']);
	});

	it('clamps the page size to 60 and stops once the limit is reached', async () => {
		mockUserPages(250);
		const output = await run('getAll', { returnAll: false, limit: 100 });
		expect(listInputs()).toEqual([
			{ UserPoolId: POOL_ID, Limit: 60 },
			{ UserPoolId: POOL_ID, Limit: 60, PaginationToken: 'token-60' },
		]);
		expect(output).toHaveLength(100);
		expect(output[99].json.username).toBe('u100');
	});

	it('rejects a limit below 1', async () => {
		const error = await runError('getAll', { returnAll: false, limit: 0 });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toContain('Limit');
		expect(cognito.calls()).toHaveLength(0);
	});

	it.each([
		[{ attribute: 'email', match: 'equals', value: 'jane@example.com' }, 'email = "jane@example.com"'],
		[{ attribute: 'given_name', match: 'startsWith', value: 'Ja' }, 'given_name ^= "Ja"'],
		[{ attribute: 'status', match: 'equals', value: 'Disabled' }, 'status = "Disabled"'],
		[{ attribute: 'cognito:user_status', match: 'equals', value: 'CONFIRMED' }, 'cognito:user_status = "CONFIRMED"'],
		[{ attribute: 'family_name', match: 'equals', value: 'O"Brien' }, 'family_name = "O\\"Brien"'],
	])('sends the filter %p as %s', async (condition, filter) => {
		mockUserPages(3);
		await run('getAll', { returnAll: true, filter: { condition } });
		expect(listInputs()).toEqual([{ UserPoolId: POOL_ID, Limit: 60, Filter: filter }]);
	});

	it('rejects a bad filter value naming it, before any call', async () => {
		const error = await runError('getAll', {
			returnAll: true,
			filter: { condition: { attribute: 'status', match: 'equals', value: 'off' } },
		});
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('The "status" filter takes "Enabled" or "Disabled", not "off"');
		expect(cognito.calls()).toHaveLength(0);
	});

	it('returns users as Cognito sent them when Simplify is off', async () => {
		const users = mockUserPages(2);
		const output = await run('getAll', { returnAll: true, simplify: false });
		expect(output.map((o) => o.json)).toEqual(users);
	});

	it('pairs every user with the item that asked for it', async () => {
		mockUserPages(2);
		const output = await run('getAll', { returnAll: true }, { items: 2 });
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});
});

describe('getGroups', () => {
	const groups: GroupType[] = Array.from({ length: 70 }, (_, i) => ({
		GroupName: `g${String(i + 1).padStart(2, '0')}`,
		UserPoolId: POOL_ID,
		Description: `Group ${i + 1}`,
		Precedence: i,
	}));
	beforeEach(() => {
		cognito.on(AdminListGroupsForUserCommand).callsFake((input: { Limit?: number; NextToken?: string }) => {
			const start = input.NextToken ? Number(input.NextToken) : 0;
			const end = Math.min(groups.length, start + (input.Limit ?? 60));
			return {
				...metadata,
				Groups: groups.slice(start, end),
				NextToken: end < groups.length ? String(end) : undefined,
			};
		});
	});
	const inputs = () => cognito.commandCalls(AdminListGroupsForUserCommand).map((c) => c.args[0].input);

	it('with Return All, follows NextToken and returns simplified groups', async () => {
		const output = await run('getGroups', { user: byUsername('jane'), returnAll: true });
		expect(inputs()).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', Limit: 60 },
			{ UserPoolId: POOL_ID, Username: 'jane', Limit: 60, NextToken: '60' },
		]);
		expect(output).toHaveLength(70);
		expect(output[0]).toEqual({
			json: { groupName: 'g01', description: 'Group 1', precedence: 0, userPoolId: POOL_ID },
			pairedItem: { item: 0 },
		});
	});

	it('with a limit, asks for no more than it needs', async () => {
		const output = await run('getGroups', { user: byUsername('jane'), returnAll: false, limit: 3, simplify: false });
		expect(inputs()).toEqual([{ UserPoolId: POOL_ID, Username: 'jane', Limit: 3 }]);
		expect(output.map((o) => o.json)).toEqual(groups.slice(0, 3));
	});
});
