/** Account operations an admin takes on one user: each sends exactly its call, and fails saying why. */
import {
	AdminConfirmSignUpCommand,
	AdminCreateUserCommand,
	AdminGetUserCommand,
	AdminSetUserMFAPreferenceCommand,
	AdminSetUserPasswordCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { awsError, inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_Account1';
const PASSWORD = 'N3w#Secret-Passw0rd';
const metadata = { $metadata: { httpStatusCode: 200 } };
const byUsername = (value: string) => ({ mode: 'username', value });

const { run, runError } = nodeRunner('user', { credentials: unitCredentials('account'), userPoolId: POOL_ID });

describe('setPassword', () => {
	it.each([true, false])(
		'sends AdminSetUserPassword with Permanent %p and never outputs the password',
		async (permanent) => {
			cognito.on(AdminSetUserPasswordCommand).resolves(metadata);
			const output = await run('setPassword', { user: byUsername('jane'), password: PASSWORD, permanent });
			expect(inputsOf(cognito, AdminSetUserPasswordCommand)).toEqual([
				{ UserPoolId: POOL_ID, Username: 'jane', Password: PASSWORD, Permanent: permanent },
			]);
			expect(output).toEqual([{ json: { username: 'jane', passwordSet: true, permanent }, pairedItem: { item: 0 } }]);
			expect(JSON.stringify(output)).not.toContain(PASSWORD);
		},
	);

	it('keeps the password out of an error even when Cognito repeats it', async () => {
		cognito
			.on(AdminSetUserPasswordCommand)
			.rejects(awsError('InvalidPasswordException', `Password ${PASSWORD} does not conform to policy`));
		const error = await runError('setPassword', { user: byUsername('jane'), password: PASSWORD });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toContain('does not conform to policy');
		expect(
			JSON.stringify({ message: error.message, description: error.description, cause: error.cause }),
		).not.toContain(PASSWORD);
	});

	it('refuses an empty password before any call', async () => {
		const error = await runError('setPassword', { user: byUsername('jane'), password: '={{ "" }}' });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('Password is empty');
		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('resendInvitation', () => {
	it.each([
		['email', ['EMAIL']],
		['sms', ['SMS']],
		['emailAndSms', ['EMAIL', 'SMS']],
	])('sends AdminCreateUser RESEND by %s', async (deliveryMedium, mediums) => {
		cognito.on(AdminCreateUserCommand).resolves({ ...metadata, User: { Username: 'jane' } });
		const output = await run('resendInvitation', { user: byUsername('jane'), deliveryMedium });
		expect(inputsOf(cognito, AdminCreateUserCommand)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', MessageAction: 'RESEND', DesiredDeliveryMediums: mediums },
		]);
		expect(output[0].json).toEqual({ username: 'jane', invitationSent: true, deliveryMediums: mediums });
	});

	it('says that a user who accepted the invitation has none to resend, and what to do instead', async () => {
		cognito.on(AdminCreateUserCommand).rejects(awsError('UnsupportedUserStateException', 'User is already confirmed.'));
		const error = await runError('resendInvitation', { user: byUsername('jane') });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(
			`User "jane" in user pool "${POOL_ID}" has already accepted the invitation: there is no invitation to resend`,
		);
		expect(error.description).toContain('Reset Password');
	});
});

describe('confirmSignUp', () => {
	it('sends AdminConfirmSignUp and reports the user confirmed', async () => {
		cognito.on(AdminConfirmSignUpCommand).resolves(metadata);
		const output = await run('confirmSignUp', { user: byUsername('selfie') });
		expect(inputsOf(cognito, AdminConfirmSignUpCommand)).toEqual([{ UserPoolId: POOL_ID, Username: 'selfie' }]);
		expect(output[0].json).toEqual({ username: 'selfie', confirmed: true, alreadyConfirmed: false });
	});

	it('succeeds when the user is already confirmed', async () => {
		cognito
			.on(AdminConfirmSignUpCommand)
			.rejects(awsError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED'));
		const output = await run('confirmSignUp', { user: byUsername('selfie') });
		expect(output[0].json).toEqual({ username: 'selfie', confirmed: true, alreadyConfirmed: true });
	});

	it('explains that an admin-created user has no sign-up to confirm', async () => {
		cognito
			.on(AdminConfirmSignUpCommand)
			.rejects(awsError('NotAuthorizedException', 'User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD'));
		const error = await runError('confirmSignUp', { user: byUsername('jane') });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(
			`User "jane" in user pool "${POOL_ID}" has no sign-up to confirm (status FORCE_CHANGE_PASSWORD)`,
		);
		expect(error.description).toContain('Set Password');
	});

	it('addresses a "By Sub" user by the username it resolves to', async () => {
		cognito.on(ListUsersCommand).resolves({ ...metadata, Users: [{ Username: 'selfie' }] });
		cognito.on(AdminConfirmSignUpCommand).resolves(metadata);
		await run('confirmSignUp', { user: { mode: 'sub', value: '8c4f1e2a-5b6d-4c3e-9f10-2a3b4c5d6e7f' } });
		expect(inputsOf(cognito, AdminConfirmSignUpCommand)).toEqual([{ UserPoolId: POOL_ID, Username: 'selfie' }]);
	});
});

describe('getMfa / setMfa', () => {
	it('reads the methods and the preferred one from AdminGetUser', async () => {
		cognito.on(AdminGetUserCommand).resolves({
			...metadata,
			Username: 'jane',
			UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
			PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
		});
		const [item] = await run('getMfa', { user: byUsername('jane') });
		expect(item.json).toEqual({
			username: 'jane',
			mfaEnabled: true,
			preferred: 'totp',
			sms: true,
			totp: true,
			email: false,
			legacySmsMfa: false,
		});
	});

	it('reports no MFA for a user without any', async () => {
		cognito.on(AdminGetUserCommand).resolves({ ...metadata, Username: 'jane', PreferredMfaSetting: '' });
		const [item] = await run('getMfa', { user: byUsername('jane') });
		expect(item.json).toMatchObject({ mfaEnabled: false, preferred: null, sms: false, totp: false, email: false });
	});

	it.each([
		[
			'disables every method (an incident reset)',
			{ sms: 'disable', totp: 'disable', email: 'disable' },
			{
				SMSMfaSettings: { Enabled: false, PreferredMfa: false },
				SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
				EmailMfaSettings: { Enabled: false, PreferredMfa: false },
			},
		],
		[
			'enables TOTP as preferred and leaves the others out',
			{ totp: 'enable', preferred: 'totp' },
			{ SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } },
		],
		[
			'enables the preferred method left unchanged',
			{ sms: 'disable', preferred: 'email' },
			{
				SMSMfaSettings: { Enabled: false, PreferredMfa: false },
				EmailMfaSettings: { Enabled: true, PreferredMfa: true },
			},
		],
	])('%s', async (_case, parameters, settings) => {
		cognito.on(AdminSetUserMFAPreferenceCommand).resolves(metadata);
		await run('setMfa', { user: byUsername('jane'), ...parameters });
		expect(inputsOf(cognito, AdminSetUserMFAPreferenceCommand)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', ...settings },
		]);
	});

	it.each([
		[{}, 'Set MFA changes nothing'],
		[{ sms: 'disable', preferred: 'sms' }, 'Preferred Method is SMS, which this step disables'],
	])('refuses %p before any call', async (parameters, message) => {
		const error = await runError('setMfa', { user: byUsername('jane'), ...parameters });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe(message);
		expect(cognito.calls()).toHaveLength(0);
	});
});
