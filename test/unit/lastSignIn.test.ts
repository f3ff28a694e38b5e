import {
	AdminGetUserCommand,
	AdminListUserAuthEventsCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';

import { unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { runNode } from '../support/nodeRunner';

const cognito = useMockedCognito();
const POOL_ID = 'us-east-1_SignIn1';
const CREDENTIALS = unitCredentials('signIn');

async function run(operation: string, parameters: Record<string, unknown>) {
	const output = await runNode('user', operation, parameters, { credentials: CREDENTIALS, userPoolId: POOL_ID });
	return output.map((item) => item.json);
}

function authEvent(type: string, response: string, iso: string) {
	return { EventType: type, EventResponse: response, CreationDate: new Date(iso) } as never;
}

function addOnNotEnabled() {
	return Object.assign(new Error('Advanced security features are not enabled'), {
		name: 'UserPoolAddOnNotEnabledException',
		$metadata: { httpStatusCode: 400 },
	});
}

describe('Include Last Sign-In', () => {
	it('is off by default: no auth-event call', async () => {
		cognito.on(AdminGetUserCommand).resolves({ Username: 'jane', UserAttributes: [] });
		const [item] = await run('get', { user: { mode: 'username', value: 'jane' } });
		expect(item).not.toHaveProperty('lastSignInAt');
		expect(cognito.commandCalls(AdminListUserAuthEventsCommand)).toHaveLength(0);
	});

	it('reports the newest successful sign-in, ignoring failures and other events', async () => {
		cognito.on(AdminGetUserCommand).resolves({ Username: 'jane', UserAttributes: [] });
		cognito.on(AdminListUserAuthEventsCommand).resolves({
			AuthEvents: [
				authEvent('SignIn', 'Fail', '2026-11-20T10:00:00Z'),
				authEvent('ForgotPassword', 'Pass', '2026-11-19T10:00:00Z'),
				authEvent('SignIn', 'Pass', '2026-11-18T10:00:00Z'),
				authEvent('SignIn', 'Pass', '2026-10-01T10:00:00Z'),
			],
		});
		const [item] = await run('get', { user: { mode: 'username', value: 'jane' }, includeLastSignIn: true });
		expect(item).toMatchObject({ username: 'jane', lastSignInAt: '2026-11-18T10:00:00.000Z' });
		expect(cognito.commandCalls(AdminListUserAuthEventsCommand)[0].args[0].input).toEqual({
			UserPoolId: POOL_ID,
			Username: 'jane',
			MaxResults: 60,
		});
	});

	it('says null for a user who never signed in', async () => {
		cognito.on(AdminGetUserCommand).resolves({ Username: 'new', UserAttributes: [] });
		cognito.on(AdminListUserAuthEventsCommand).resolves({ AuthEvents: [] });
		const [item] = await run('get', { user: { mode: 'username', value: 'new' }, includeLastSignIn: true });
		expect(item.lastSignInAt).toBeNull();
		expect(item).not.toHaveProperty('lastSignInUnavailable');
	});

	it('never fails on a pool without sign-in history, and stops asking after the first answer', async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [{ Username: 'a' }, { Username: 'b' }, { Username: 'c' }] });
		cognito.on(AdminListUserAuthEventsCommand).rejects(addOnNotEnabled());
		const items = await run('getAll', { returnAll: true, includeLastSignIn: true });
		expect(items.map((i) => i.username)).toEqual(['a', 'b', 'c']);
		for (const item of items) {
			expect(item.lastSignInAt).toBeNull();
			expect(item.lastSignInUnavailable).toMatch(/Plus feature tier/);
		}
		expect(cognito.commandCalls(AdminListUserAuthEventsCommand)).toHaveLength(1);
	});

	it('still fails on other errors, such as a missing permission', async () => {
		cognito.on(AdminGetUserCommand).resolves({ Username: 'jane', UserAttributes: [] });
		cognito
			.on(AdminListUserAuthEventsCommand)
			.rejects(
				Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }),
			);
		await expect(run('get', { user: { mode: 'username', value: 'jane' }, includeLastSignIn: true })).rejects.toThrow(
			'cognito-idp:AdminListUserAuthEvents',
		);
	});
});
