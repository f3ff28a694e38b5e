/**
 * Fields whose value comes from an expression can receive anything: an object, a list, null. Each
 * is refused before any call, naming the field and what it got (never "[object Object]" or "NaN").
 */
import { AdminCreateUserCommand, CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { NodeOperationError } from 'n8n-workflow';

import { unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, runNode, runNodeError } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_TypedIn1';
const options = { credentials: unitCredentials('typed'), userPoolId: POOL_ID };
const metadata = { $metadata: { httpStatusCode: 200 } };

const OBJECT = '={{ { "username": "jane" } }}';
const LIST = '={{ ["jane", "bob"] }}';
const NULL = '={{ null }}';
const byUsername = (value: string) => ({ mode: 'username', value });
const groupByName = (value: string) => ({ mode: 'name', value });

async function refusal(resource: string, operation: string, parameters: Record<string, unknown>) {
	const error = await runNodeError(resource, operation, parameters, options);
	expectItemError(error, NodeOperationError, 0);
	expect(cognito.calls()).toHaveLength(0);
	return error;
}

describe('text fields refuse objects, lists and null before any call', () => {
	it.each([
		[OBJECT, 'an object'],
		[LIST, 'a list'],
		[NULL, 'null'],
	])('User given %s says it got %s', async (value, kind) => {
		const error = await refusal('user', 'get', { user: byUsername(value) });
		expect(error.message).toBe(`User must be text, but the value is ${kind}`);
		expect(error.description).toContain('{{ $json.user.username }}');
	});

	it('names the Group of Add to Group', async () => {
		const error = await refusal('user', 'addToGroup', { user: byUsername('jane'), group: groupByName(OBJECT) });
		expect(error.message).toBe('Group must be text, but the value is an object');
	});

	it('names the User Pool', async () => {
		const error = await runNodeError(
			'user',
			'get',
			{ userPool: { __rl: true, mode: 'id', value: LIST }, user: byUsername('jane') },
			{ credentials: options.credentials },
		);
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('User Pool must be text, but the value is a list');
	});

	it.each([
		[{ username: OBJECT }, 'Username must be text, but the value is an object'],
		[{ username: 'jane', email: LIST }, 'Email must be text, but the value is a list'],
		[{ username: 'jane', given_name: NULL }, 'Given Name must be text, but the value is null'],
		[
			{ username: 'jane', additionalAttributes: { attribute: [{ name: OBJECT, value: 'x' }] } },
			"Additional attribute 1's name must be text, but the value is an object",
		],
		[
			{ username: 'jane', additionalAttributes: { attribute: [{ name: 'custom:team', value: NULL }] } },
			'Additional attribute 1\'s value ("custom:team") must be text, but the value is null',
		],
		[
			{ username: 'jane', options: { temporaryPassword: OBJECT } },
			'Temporary Password must be text, but the value is an object',
		],
	])('Create refuses %p', async (parameters, message) => {
		const error = await refusal('user', 'create', parameters);
		expect(error.message).toBe(message);
	});

	it('names the filter value of Get Many', async () => {
		const error = await refusal('user', 'getAll', {
			returnAll: true,
			filter: { condition: { attribute: 'email', match: 'equals', value: OBJECT } },
		});
		expect(error.message).toBe('Filter value must be text, but the value is an object');
	});

	it.each([
		[{ groupName: LIST }, 'Group Name must be text, but the value is a list'],
		[
			{ groupName: 'admins', additionalFields: { description: OBJECT } },
			'Description must be text, but the value is an object',
		],
		[{ groupName: 'admins', additionalFields: { roleArn: NULL } }, 'Role ARN must be text, but the value is null'],
		[
			{ groupName: 'admins', additionalFields: { precedence: '={{ "first" }}' } },
			'Precedence must be a number, but the value is the text "first"',
		],
	])('Group Create refuses %p', async (parameters, message) => {
		const error = await refusal('group', 'create', parameters);
		expect(error.message).toBe(message);
	});

	it('turns a number from an expression into its text', async () => {
		cognito.on(AdminCreateUserCommand).resolves({ ...metadata, User: { Username: '1042' } });
		await runNode('user', 'create', { username: '={{ 1042 }}' }, options);
		expect(cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input.Username).toBe('1042');
	});

	it('accepts a precedence given as numeric text', async () => {
		cognito.on(CreateGroupCommand).resolves({ ...metadata, Group: { GroupName: 'admins' } });
		await runNode('group', 'create', { groupName: 'admins', additionalFields: { precedence: '={{ "3" }}' } }, options);
		expect(cognito.commandCalls(CreateGroupCommand)[0].args[0].input.Precedence).toBe(3);
	});
});

describe('Limit says when it is not a number', () => {
	it.each([
		['={{ "ten" }}', 'Limit must be a number, but the value is the text "ten"'],
		[OBJECT, 'Limit must be a number, but the value is an object'],
		['={{ 2.5 }}', 'Limit must be a whole number of at least 1, not 2.5'],
	])('Limit %s', async (limit, message) => {
		const error = await refusal('user', 'getAll', { returnAll: false, limit });
		expect(error.message).toBe(message);
		expect(error.message).not.toContain('NaN');
	});
});
