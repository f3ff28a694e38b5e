/**
 * Typed inputs: a user, group, attribute or filter field whose expression gives an object, a list or
 * null is refused before any call, naming the field and what it got (never "[object Object]" sent
 * to Cognito); a limit that is not a number says so.
 */
import { AdminCreateUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { NodeOperationError } from 'n8n-workflow';

import { unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner, type RunParameters } from '../support/nodeRunner';

const cognito = useMockedCognito();
const POOL_ID = 'us-east-1_TypedIn01';
const CREDENTIALS = unitCredentials('typed');
const RECORD = { username: 'jane', email: 'jane@example.com' };

const users = nodeRunner('user', { credentials: CREDENTIALS, userPoolId: POOL_ID });
const groups = nodeRunner('group', { credentials: CREDENTIALS, userPoolId: POOL_ID });

async function expectRefused(
	runner: typeof users,
	operation: string,
	parameters: RunParameters,
	message: string | RegExp,
): Promise<void> {
	const error = await runner.runError(operation, parameters);
	expectItemError(error, NodeOperationError, 0);
	if (typeof message === 'string') expect(error.message).toBe(message);
	else expect(error.message).toMatch(message);
	expect(error.message).not.toContain('[object Object]');
	expect(cognito.calls()).toHaveLength(0);
}

describe('user and group fields', () => {
	it.each([
		['an object', RECORD, 'User must be text, but its value is an object (keys username, email)'],
		['a list', ['jane', 'bob'], 'User must be text, but its value is an array (2 items)'],
		['null', null, 'User must be text, but its value is null'],
	])('refuses a user given as %s', async (_case, value, message) => {
		await expectRefused(users, 'disable', { user: { mode: 'username', value } }, message);
	});

	it('says how to fix it: map one field of the record, or give a default for null', async () => {
		const record = await users.runError('disable', { user: { mode: 'username', value: RECORD } });
		expect(record.description).toContain('{{ $json.user.username }}');
		const missing = await users.runError('disable', { user: { mode: 'username', value: null } });
		expect(missing.description).toContain('missing field');
	});

	it('refuses a group, a group name, a new username and a user pool that are not text', async () => {
		await expectRefused(
			users,
			'addToGroup',
			{ user: { mode: 'username', value: 'jane' }, group: { mode: 'name', value: { name: 'admins' } } },
			'Group must be text, but its value is an object (keys name)',
		);
		await expectRefused(
			groups,
			'create',
			{ groupName: ['admins'] },
			'Group Name must be text, but its value is an array (1 item)',
		);
		await expectRefused(users, 'create', { username: RECORD }, /^Username must be text, but its value is an object/);
		const pool = await users.runError(
			'disable',
			{ user: { mode: 'username', value: 'jane' }, userPool: { mode: 'id', value: { id: POOL_ID } } },
			{ userPoolId: undefined },
		);
		expect(pool.message).toBe('User Pool must be text, but its value is an object (keys id)');
	});

	it('accepts numbers as text, e.g. an employee number as username', async () => {
		cognito.on(AdminCreateUserCommand).resolves({ User: { Username: '40123' } });
		await users.run('create', { username: 40123 });
		expect(cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input.Username).toBe('40123');
	});
});

describe('attribute fields', () => {
	it.each([
		['the Email field', { email: { work: 'a@b.c' } }, 'Email must be text, but its value is an object (keys work)'],
		['the Given Name field', { given_name: null }, 'Given Name must be text, but its value is null'],
		[
			"an additional attribute's name",
			{ additionalAttributes: { attribute: [{ name: ['nickname'], value: 'x' }] } },
			"Additional attribute 1's name must be text, but its value is an array (1 item)",
		],
		[
			"an additional attribute's value",
			{ additionalAttributes: { attribute: [{ name: 'custom:department', value: { id: 7 } }] } },
			'Attribute "custom:department" must be text, but its value is an object (keys id)',
		],
	])('refuses %s when it is not text', async (_case, parameters, message) => {
		await expectRefused(users, 'create', { username: 'jane', ...parameters }, message);
	});

	it('never shows what a password field holds', async () => {
		const error = await users.runError('create', {
			username: 'jane',
			options: { temporaryPassword: { secret: 'Hunter2!' } },
		});
		expect(error.message).toBe('Temporary Password must be text, but its value is an object');
		expect(JSON.stringify(error)).not.toContain('secret');
		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('filter fields', () => {
	it('refuses a filter value or attribute that is not text', async () => {
		await expectRefused(
			users,
			'getAll',
			{ returnAll: true, filter: { condition: { attribute: 'email', match: 'equals', value: RECORD } } },
			'Filter Value must be text, but its value is an object (keys username, email)',
		);
		await expectRefused(
			users,
			'getAll',
			{ returnAll: true, filter: { condition: { attribute: ['email'], match: 'equals', value: 'x' } } },
			'Filter Attribute must be text, but its value is an array (1 item)',
		);
	});
});

describe('Limit', () => {
	it.each([
		['text', 'many', 'Limit must be a number, but its value is the text "many"'],
		['an object', { n: 5 }, 'Limit must be a number, but its value is an object'],
		['null', null, 'Limit must be a number, but its value is null'],
		['empty text', '', 'Limit must be a number, but its value is the text ""'],
		['a fraction', 2.5, 'Limit must be a whole number of at least 1, not 2.5'],
	])('refuses %s, saying what it got', async (_case, limit, message) => {
		await expectRefused(users, 'getAll', { returnAll: false, limit }, message);
	});

	it('accepts a number given as text', async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [{ Username: 'a' }, { Username: 'b' }, { Username: 'c' }] });
		const output = await users.run('getAll', { returnAll: false, limit: '2' });
		expect(output).toHaveLength(2);
		expect(cognito.commandCalls(ListUsersCommand)[0].args[0].input.Limit).toBe(2);
	});
});
