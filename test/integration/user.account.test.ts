/**
 * Account operations against moto, each result checked with a raw SDK client. moto implements
 * AdminSetUserPassword, AdminCreateUser RESEND, AdminConfirmSignUp and AdminSetUserMFAPreference;
 * the other account calls (devices, identities, sign-in events) are covered by SDK-mock unit tests.
 */
import {
	AdminCreateUserCommand,
	AdminGetUserCommand,
	CreateUserPoolClientCommand,
	SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';

import { motoCredentials, uniqueName } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { nodeRunner } from '../support/nodeRunner';

const pool = useMotoPool('account');
const { run, runError } = nodeRunner('user', () => ({ credentials: motoCredentials(), userPoolId: pool.poolId }));
const byUsername = (value: string) => ({ mode: 'username', value });

async function newUser(prefix: string): Promise<string> {
	const username = uniqueName(prefix);
	await pool.client.send(
		new AdminCreateUserCommand({
			UserPoolId: pool.poolId,
			Username: username,
			MessageAction: 'SUPPRESS',
			UserAttributes: [
				{ Name: 'email', Value: `${username}@example.com` },
				{ Name: 'phone_number', Value: '+15555550100' },
			],
		}),
	);
	return username;
}

const rawUser = async (username: string) =>
	await pool.client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));

describe('account operations on moto', () => {
	it('Set Password: permanent confirms the user, temporary asks for a change', async () => {
		const username = await newUser('pw');
		const [permanent] = await run('setPassword', {
			user: byUsername(username),
			password: 'Perm#Passw0rd!',
			permanent: true,
		});
		expect(permanent.json).toEqual({ username, passwordSet: true, permanent: true });
		expect((await rawUser(username)).UserStatus).toBe('CONFIRMED');
		await run('setPassword', { user: byUsername(username), password: 'Temp#Passw0rd!', permanent: false });
		expect((await rawUser(username)).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
	});

	it("Set Password: a password the pool's policy refuses fails in Cognito's words, without the password", async () => {
		const username = await newUser('weak');
		const error = await runError('setPassword', { user: byUsername(username), password: 'weakling' });
		expect(error.message).toContain('password policy');
		expect(error.message).not.toContain('weakling');
	});

	it('Resend Invitation: Cognito accepts the resend of an invited user', async () => {
		const username = await newUser('invite');
		const [item] = await run('resendInvitation', { user: byUsername(username), deliveryMedium: 'email' });
		expect(item.json).toEqual({ username, invitationSent: true, deliveryMediums: ['EMAIL'] });
		expect((await rawUser(username)).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
	});

	it('Confirm Sign-Up: confirms a self-signed-up user, and succeeds again', async () => {
		const appClient = await pool.client.send(
			new CreateUserPoolClientCommand({ UserPoolId: pool.poolId, ClientName: uniqueName('app') }),
		);
		const username = uniqueName('selfie');
		await pool.client.send(
			new SignUpCommand({
				ClientId: appClient.UserPoolClient?.ClientId,
				Username: username,
				Password: 'Self#Passw0rd!',
			}),
		);
		expect((await rawUser(username)).UserStatus).toBe('UNCONFIRMED');
		const [first] = await run('confirmSignUp', { user: byUsername(username) });
		expect(first.json).toMatchObject({ username, confirmed: true });
		expect((await rawUser(username)).UserStatus).toBe('CONFIRMED');
		const [again] = await run('confirmSignUp', { user: byUsername(username) });
		expect(again.json).toMatchObject({ username, confirmed: true });
	});

	it('Set MFA and Get MFA: enable SMS as preferred, read it back, then reset', async () => {
		const username = await newUser('mfa');
		await run('setMfa', { user: byUsername(username), sms: 'enable', preferred: 'sms' });
		expect((await rawUser(username)).UserMFASettingList).toEqual(['SMS_MFA']);
		const [read] = await run('getMfa', { user: byUsername(username) });
		expect(read.json).toMatchObject({ username, mfaEnabled: true, preferred: 'sms', sms: true, totp: false });
		await run('setMfa', { user: byUsername(username), sms: 'disable', totp: 'disable', email: 'disable' });
		const [reset] = await run('getMfa', { user: byUsername(username) });
		expect(reset.json).toMatchObject({ mfaEnabled: false, preferred: null, sms: false });
	});

	it('names the user and the pool when the user does not exist', async () => {
		const error = await runError('setMfa', { user: byUsername('nobody-here'), sms: 'disable' });
		expect(error.message).toBe(`User "nobody-here" was not found in user pool "${pool.poolId}"`);
	});
});
