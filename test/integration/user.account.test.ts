/**
 * Set Password, Resend Invitation and Confirm Sign-Up against moto, through the node's router, with
 * the pool checked independently with a raw SDK client.
 */
import {
	AdminGetUserCommand,
	AdminInitiateAuthCommand,
	CreateUserPoolClientCommand,
	SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IDataObject } from 'n8n-workflow';

import { motoCredentials, seedUsers, uniqueName } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { runNode, runNodeError } from '../support/nodeRunner';

const PASSWORD = 'Perm#Passw0rd!';
const pool = useMotoPool('user-account');

async function run(operation: string, parameters: Record<string, unknown>): Promise<IDataObject> {
	const output = await runNode('user', operation, parameters, {
		credentials: motoCredentials(),
		userPoolId: pool.poolId,
	});
	expect(output).toHaveLength(1);
	return output[0].json;
}

const runError = async (operation: string, parameters: Record<string, unknown>) =>
	await runNodeError('user', operation, parameters, { credentials: motoCredentials(), userPoolId: pool.poolId });

const byUsername = (value: string) => ({ mode: 'username', value });

async function statusOf(username: string): Promise<string | undefined> {
	const user = await pool.client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));
	return user.UserStatus;
}

/** A user created by an administrator (status FORCE_CHANGE_PASSWORD). */
async function invitedUser(prefix: string): Promise<string> {
	const [created] = await seedUsers(pool.client, pool.poolId, 1, uniqueName(prefix));
	return created.username;
}

async function appClient(): Promise<string> {
	const out = await pool.client.send(
		new CreateUserPoolClientCommand({
			UserPoolId: pool.poolId,
			ClientName: uniqueName('app'),
			ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
		}),
	);
	return out.UserPoolClient?.ClientId ?? '';
}

describe('Set Password', () => {
	it('a permanent password confirms an invited user, who can then sign in with it', async () => {
		const username = await invitedUser('setpw');
		expect(await statusOf(username)).toBe('FORCE_CHANGE_PASSWORD');
		const output = await run('setPassword', { user: byUsername(username), password: PASSWORD, permanent: true });
		expect(output).toEqual({ username, passwordSet: true, permanent: true });
		expect(await statusOf(username)).toBe('CONFIRMED');

		const auth = await pool.client.send(
			new AdminInitiateAuthCommand({
				UserPoolId: pool.poolId,
				ClientId: await appClient(),
				AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
				AuthParameters: { USERNAME: username, PASSWORD },
			}),
		);
		expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
	});

	it('a temporary password puts the user back to FORCE_CHANGE_PASSWORD; a re-run succeeds', async () => {
		const username = await invitedUser('setpw-temp');
		await run('setPassword', { user: byUsername(username), password: PASSWORD, permanent: true });
		for (let attempt = 0; attempt < 2; attempt++) {
			expect(await run('setPassword', { user: byUsername(username), password: PASSWORD })).toMatchObject({
				permanent: false,
			});
			expect(await statusOf(username)).toBe('FORCE_CHANGE_PASSWORD');
		}
	});

	it("surfaces the pool's password policy without the password", async () => {
		const username = await invitedUser('setpw-weak');
		const weak = 'alllowercase';
		const error = await runError('setPassword', { user: byUsername(username), password: weak, permanent: true });
		expect(error.message).toMatch(/^Cognito rejected AdminSetUserPassword/);
		expect(JSON.stringify({ message: error.message, description: error.description })).not.toContain(weak);
		expect(await statusOf(username)).toBe('FORCE_CHANGE_PASSWORD');
	});
});

describe('Resend Invitation', () => {
	it('resends to an invited user, who stays FORCE_CHANGE_PASSWORD', async () => {
		const username = await invitedUser('resend');
		expect(await run('resendInvitation', { user: byUsername(username) })).toEqual({
			username,
			invitationSent: true,
			deliveryMediums: ['EMAIL'],
			status: 'FORCE_CHANGE_PASSWORD',
		});
		expect(await statusOf(username)).toBe('FORCE_CHANGE_PASSWORD');
	});

	it('names a missing user and the pool', async () => {
		const error = await runError('resendInvitation', { user: byUsername('nobody-here') });
		expect(error.message).toBe(`User "nobody-here" was not found in user pool "${pool.poolId}"`);
	});
});

describe('Confirm Sign-Up', () => {
	it('confirms a self sign-up without its code; a re-run succeeds', async () => {
		const username = uniqueName('signup');
		await pool.client.send(
			new SignUpCommand({
				ClientId: await appClient(),
				Username: username,
				Password: PASSWORD,
				UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
			}),
		);
		expect(await statusOf(username)).toBe('UNCONFIRMED');
		expect(await run('confirmSignUp', { user: byUsername(username) })).toMatchObject({ username, confirmed: true });
		expect(await statusOf(username)).toBe('CONFIRMED');
		expect(await run('confirmSignUp', { user: byUsername(username) })).toMatchObject({ username, confirmed: true });
		expect(await statusOf(username)).toBe('CONFIRMED');
	});

	it('names a missing user and the pool', async () => {
		const error = await runError('confirmSignUp', { user: byUsername('nobody-here') });
		expect(error.message).toBe(`User "nobody-here" was not found in user pool "${pool.poolId}"`);
	});
});

describe('Get MFA and Set MFA', () => {
	async function mfaOf(username: string) {
		const user = await pool.client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));
		return { list: user.UserMFASettingList ?? [], preferred: user.PreferredMfaSetting ?? '' };
	}

	it('enables and prefers SMS, reads it back, then resets MFA (twice, both succeeding)', async () => {
		const username = await invitedUser('mfa');
		expect(await run('getMfa', { user: byUsername(username) })).toEqual({
			username,
			mfaEnabled: false,
			enabledMethods: [],
			preferredMethod: null,
		});

		await run('setMfa', { user: byUsername(username), sms: 'enable', preferred: 'sms' });
		expect(await mfaOf(username)).toEqual({ list: ['SMS_MFA'], preferred: 'SMS_MFA' });
		expect(await run('getMfa', { user: byUsername(username) })).toMatchObject({
			mfaEnabled: true,
			enabledMethods: ['sms'],
			preferredMethod: 'sms',
		});

		for (let attempt = 0; attempt < 2; attempt++) {
			expect(
				await run('setMfa', { user: byUsername(username), sms: 'disable', totp: 'disable', email: 'disable' }),
			).toMatchObject({ sms: 'disabled', totp: 'disabled', email: 'disabled' });
			expect(await mfaOf(username)).toEqual({ list: [], preferred: '' });
		}
	});

	it('explains that TOTP needs an authenticator app the user registered', async () => {
		const username = await invitedUser('mfa-totp');
		const error = await runError('setMfa', { user: byUsername(username), totp: 'enable' });
		expect(error.message).toBe('Cognito rejected AdminSetUserMFAPreference: User has not verified software token mfa');
		expect(error.description).toContain('authenticator app');
		expect((await mfaOf(username)).list).toEqual([]);
	});
});
