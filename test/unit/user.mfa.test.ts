import { AdminGetUserCommand, AdminSetUserMFAPreferenceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { awsError, inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();
const POOL_ID = 'us-east-1_MfaPool01';
const jane = { mode: 'username', value: 'jane' };
const { run, runError } = nodeRunner('user', { credentials: unitCredentials('mfa'), userPoolId: POOL_ID });

describe('Get MFA', () => {
	it.each([
		[
			'two methods, TOTP preferred',
			{ UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' },
			{ mfaEnabled: true, enabledMethods: ['sms', 'totp'], preferredMethod: 'totp' },
		],
		[
			'email only',
			{ UserMFASettingList: ['EMAIL_OTP'], PreferredMfaSetting: 'EMAIL_OTP' },
			{ mfaEnabled: true, enabledMethods: ['email'], preferredMethod: 'email' },
		],
		['no MFA', {}, { mfaEnabled: false, enabledMethods: [], preferredMethod: null }],
		[
			'legacy SMS MFA (MFAOptions only)',
			{ MFAOptions: [{ DeliveryMedium: 'SMS' as const, AttributeName: 'phone_number' }] },
			{ mfaEnabled: true, enabledMethods: ['sms'], preferredMethod: null },
		],
	])('reads %s from one AdminGetUser call', async (_case, settings, expected) => {
		cognito.on(AdminGetUserCommand).resolves({ Username: 'jane', UserAttributes: [], ...settings });
		const output = await run('getMfa', { user: jane });
		expect(inputsOf(cognito, AdminGetUserCommand)).toEqual([{ UserPoolId: POOL_ID, Username: 'jane' }]);
		expect(output).toEqual([{ json: { username: 'jane', ...expected }, pairedItem: { item: 0 } }]);
	});

	it("returns Cognito's answer without $metadata when Simplify is off", async () => {
		cognito.on(AdminGetUserCommand).resolves({
			$metadata: { httpStatusCode: 200 },
			Username: 'jane',
			UserMFASettingList: ['SMS_MFA'],
			PreferredMfaSetting: 'SMS_MFA',
		});
		const [item] = await run('getMfa', { user: jane, simplify: false });
		expect(item.json).toEqual({ Username: 'jane', UserMFASettingList: ['SMS_MFA'], PreferredMfaSetting: 'SMS_MFA' });
	});
});

describe('Set MFA', () => {
	beforeEach(() => {
		cognito.on(AdminSetUserMFAPreferenceCommand).resolves({});
	});
	const sent = () => inputsOf(cognito, AdminSetUserMFAPreferenceCommand);
	const off = { Enabled: false, PreferredMfa: false };

	it('resets MFA (all three disabled) in one call, and reports it', async () => {
		const output = await run('setMfa', { user: jane, sms: 'disable', totp: 'disable', email: 'disable' });
		expect(sent()).toEqual([
			{
				UserPoolId: POOL_ID,
				Username: 'jane',
				SMSMfaSettings: off,
				SoftwareTokenMfaSettings: off,
				EmailMfaSettings: off,
			},
		]);
		expect(output[0].json).toEqual({
			username: 'jane',
			sms: 'disabled',
			totp: 'disabled',
			email: 'disabled',
			preferredMethod: 'unchanged',
		});
	});

	it.each([
		[
			'enable TOTP, preferred, and SMS as a fallback',
			{ sms: 'enable', totp: 'enable', preferred: 'totp' },
			{
				SMSMfaSettings: { Enabled: true, PreferredMfa: false },
				SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
			},
		],
		['enable SMS, preference untouched', { sms: 'enable' }, { SMSMfaSettings: { Enabled: true } }],
		[
			'prefer email (which enables it), the others untouched',
			{ preferred: 'email' },
			{ EmailMfaSettings: { Enabled: true, PreferredMfa: true } },
		],
		['disable SMS only', { sms: 'disable' }, { SMSMfaSettings: off }],
	])('%s: sends only the methods that change', async (_case, parameters, settings) => {
		await run('setMfa', { user: jane, ...parameters });
		expect(sent()).toEqual([{ UserPoolId: POOL_ID, Username: 'jane', ...settings }]);
	});

	it.each([
		['nothing to change', {}, 'Set MFA has nothing to change'],
		[
			'a preferred method that is disabled',
			{ sms: 'disable', preferred: 'sms' },
			'Preferred Method is SMS, but SMS is set to Disable',
		],
		['an unknown choice', { totp: 'off' }, 'Authenticator App (TOTP) "off" is not supported'],
		['a choice that is a record', { email: { value: 'disable' } }, /^Email must be text, but its value is an object/],
	])('refuses %s before any call', async (_case, parameters, message) => {
		const error = await runError('setMfa', { user: jane, ...parameters });
		expectItemError(error, NodeOperationError, 0);
		if (typeof message === 'string') expect(error.message).toBe(message);
		else expect(error.message).toMatch(message);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('explains a refused TOTP enable: the user must register an authenticator app first', async () => {
		cognito
			.on(AdminSetUserMFAPreferenceCommand)
			.rejects(awsError('InvalidParameterException', 'User has not verified software token mfa'));
		const error = await runError('setMfa', { user: jane, totp: 'enable' });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe('Cognito rejected AdminSetUserMFAPreference: User has not verified software token mfa');
		expect(error.description).toContain('User "jane" may have no verified authenticator app');
	});

	it('names the user and the pool when Cognito does not know the user', async () => {
		cognito.on(AdminSetUserMFAPreferenceCommand).rejects(awsError('UserNotFoundException', 'User does not exist.'));
		const error = await runError('setMfa', { user: { mode: 'username', value: 'ghost' }, sms: 'disable' });
		expect(error.message).toBe(`User "ghost" was not found in user pool "${POOL_ID}"`);
	});
});
