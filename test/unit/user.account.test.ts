/**
 * Account operations an admin takes on one user: Set Password, Resend Invitation, Confirm Sign-Up.
 * Each sends exactly its command; failures name the user and pool and say what to do.
 */
import {
	AdminConfirmSignUpCommand,
	AdminCreateUserCommand,
	AdminGetUserCommand,
	AdminSetUserPasswordCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as user from '../../nodes/AwsCognito/actions/user';
import { awsError, inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();
const POOL_ID = 'us-east-1_Account01';
const CREDENTIALS = unitCredentials('account');
const SUB = '8c4f1e2a-5b6d-4c3e-9f10-2a3b4c5d6e7f';
const PASSWORD = 'Correct-Horse-Battery-9';
const jane = { mode: 'username', value: 'jane' };

const { run, runError } = nodeRunner('user', { credentials: CREDENTIALS, userPoolId: POOL_ID });

/** The fields each operation shows, by name. */
const shown = (operation: string) =>
	user.description
		.filter((p) => p.displayOptions?.show?.operation?.includes(operation))
		.map((p) => p.name)
		.sort();

describe('Set Password', () => {
	it('shows the user, a password field and Permanent', () => {
		expect(shown('setPassword')).toEqual(['password', 'permanent', 'user']);
		const password = user.description.find((p) => p.name === 'password');
		expect(password?.typeOptions?.password).toBe(true);
	});

	it.each([
		[undefined, false],
		[true, true],
		['true', true],
	])('sends AdminSetUserPassword with Permanent %p as %p, and never outputs the password', async (permanent, sent) => {
		cognito.on(AdminSetUserPasswordCommand).resolves({});
		const output = await run('setPassword', { user: jane, password: PASSWORD, permanent });
		expect(inputsOf(cognito, AdminSetUserPasswordCommand)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', Password: PASSWORD, Permanent: sent },
		]);
		expect(output).toEqual([
			{ json: { username: 'jane', passwordSet: true, permanent: sent }, pairedItem: { item: 0 } },
		]);
		expect(JSON.stringify(output)).not.toContain(PASSWORD);
	});

	it('sends the password exactly as given, spaces included', async () => {
		cognito.on(AdminSetUserPasswordCommand).resolves({});
		await run('setPassword', { user: jane, password: ` ${PASSWORD} ` });
		expect(inputsOf(cognito, AdminSetUserPasswordCommand)[0].Password).toBe(` ${PASSWORD} `);
	});

	it('addresses a "By Sub" user by the username it resolves to', async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [{ Username: 'jane' }] });
		cognito.on(AdminSetUserPasswordCommand).resolves({});
		await run('setPassword', { user: { mode: 'sub', value: SUB }, password: PASSWORD });
		expect(inputsOf(cognito, AdminSetUserPasswordCommand)[0].Username).toBe('jane');
	});

	it.each([
		['an empty password', { password: '' }, 'Password is empty'],
		[
			'a password over 256 characters',
			{ password: 'x'.repeat(257) },
			'Password is 257 characters long; Cognito allows at most 256',
		],
		[
			'a password that is a record',
			{ password: { value: PASSWORD } },
			'Password must be text, but its value is an object',
		],
		[
			'Permanent given as other text',
			{ password: PASSWORD, permanent: 'yes' },
			'Permanent must be true or false, but its value is the text "yes"',
		],
	])('refuses %s before any call, without quoting it', async (_case, parameters, message) => {
		const error = await runError('setPassword', { user: jane, ...parameters });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe(message);
		expect(JSON.stringify(error)).not.toContain(PASSWORD);
		expect(cognito.calls()).toHaveLength(0);
	});

	it("keeps the password out of Cognito's error, also as an error item", async () => {
		cognito
			.on(AdminSetUserPasswordCommand)
			.rejects(awsError('InvalidPasswordException', `Password ${PASSWORD} does not conform to policy: needs a symbol`));
		const error = await runError('setPassword', { user: jane, password: PASSWORD });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(
			'Cognito rejected AdminSetUserPassword: Password [redacted] does not conform to policy: needs a symbol',
		);
		const output = await run('setPassword', { user: jane, password: PASSWORD }, { continueOnFail: true });
		expect(output[0].json.error).toContain('does not conform to policy');
		expect(JSON.stringify(output)).not.toContain(PASSWORD);
	});

	it('names the user and the pool when Cognito does not know the user', async () => {
		cognito.on(AdminSetUserPasswordCommand).rejects(awsError('UserNotFoundException', 'User does not exist.'));
		const error = await runError('setPassword', { user: { mode: 'username', value: 'ghost' }, password: PASSWORD });
		expect(error.message).toBe(`User "ghost" was not found in user pool "${POOL_ID}"`);
	});
});

describe('Resend Invitation', () => {
	it('sends AdminCreateUser with MessageAction RESEND by email, and reports the status', async () => {
		cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'jane', UserStatus: 'FORCE_CHANGE_PASSWORD' } });
		const output = await run('resendInvitation', { user: jane });
		expect(inputsOf(cognito, AdminCreateUserCommand)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] },
		]);
		expect(output[0].json).toEqual({
			username: 'jane',
			invitationSent: true,
			deliveryMediums: ['EMAIL'],
			status: 'FORCE_CHANGE_PASSWORD',
		});
	});

	it('sends by SMS, or by both', async () => {
		cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'jane' } });
		await run('resendInvitation', [
			{ user: jane, deliveryMediums: ['SMS'] },
			{ user: jane, deliveryMediums: ['EMAIL', 'SMS'] },
		]);
		expect(inputsOf(cognito, AdminCreateUserCommand).map((input) => input.DesiredDeliveryMediums)).toEqual([
			['SMS'],
			['EMAIL', 'SMS'],
		]);
	});

	it.each([
		[[], 'Send By is empty'],
		[['FAX'], 'Send By "FAX" is not supported'],
	])('refuses Send By %p before any call', async (deliveryMediums, message) => {
		const error = await runError('resendInvitation', { user: jane, deliveryMediums });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe(message);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('says that a user who has signed in gets no invitation, and what to do instead', async () => {
		cognito
			.on(AdminCreateUserCommand)
			.rejects(
				awsError('UnsupportedUserStateException', 'Resend not possible. jane status is not FORCE_CHANGE_PASSWORD'),
			);
		const error = await runError('resendInvitation', { user: jane });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(
			`User "jane" in user pool "${POOL_ID}" has already signed in: Cognito resends invitations only to users who have not (status FORCE_CHANGE_PASSWORD)`,
		);
		expect(error.description).toContain('Reset Password');
	});
});

describe('Confirm Sign-Up', () => {
	it('sends AdminConfirmSignUp and nothing else', async () => {
		cognito.on(AdminConfirmSignUpCommand).resolves({});
		const output = await run('confirmSignUp', { user: jane });
		expect(cognito.calls()).toHaveLength(1);
		expect(inputsOf(cognito, AdminConfirmSignUpCommand)).toEqual([{ UserPoolId: POOL_ID, Username: 'jane' }]);
		expect(output[0].json).toEqual({ username: 'jane', confirmed: true, alreadyConfirmed: false });
	});

	it('succeeds for a user who is already confirmed, checking their status once', async () => {
		cognito
			.on(AdminConfirmSignUpCommand)
			.rejects(awsError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED'));
		cognito.on(AdminGetUserCommand).resolves({ Username: 'jane', UserStatus: 'CONFIRMED' });
		const output = await run('confirmSignUp', { user: jane });
		expect(output[0].json).toEqual({ username: 'jane', confirmed: true, alreadyConfirmed: true });
		expect(inputsOf(cognito, AdminGetUserCommand)).toEqual([{ UserPoolId: POOL_ID, Username: 'jane' }]);
	});

	it('explains why an invited user (FORCE_CHANGE_PASSWORD) cannot be confirmed, and the fix', async () => {
		cognito
			.on(AdminConfirmSignUpCommand)
			.rejects(awsError('NotAuthorizedException', 'User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD'));
		cognito.on(AdminGetUserCommand).resolves({ Username: 'jane', UserStatus: 'FORCE_CHANGE_PASSWORD' });
		const error = await runError('confirmSignUp', { user: jane });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(
			`User "jane" in user pool "${POOL_ID}" cannot be confirmed: their status is FORCE_CHANGE_PASSWORD`,
		);
		expect(error.description).toContain('Set Password with Permanent on');
	});

	it('lets other failures through without reading the user', async () => {
		cognito.on(AdminConfirmSignUpCommand).rejects(awsError('UserNotFoundException', 'User does not exist.'));
		const error = await runError('confirmSignUp', { user: { mode: 'username', value: 'ghost' } });
		expect(error.message).toBe(`User "ghost" was not found in user pool "${POOL_ID}"`);
		expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
	});
});
