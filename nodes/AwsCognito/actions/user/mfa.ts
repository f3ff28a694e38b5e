import type { AdminGetUserResponse, AdminSetUserMFAPreferenceRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { IDataObject } from 'n8n-workflow';

import type { MfaChanges, MfaMethod } from '../../parameters';

/** Cognito's name of each MFA method in AdminGetUser's answer. */
const COGNITO_NAME: Record<MfaMethod, string> = { sms: 'SMS_MFA', totp: 'SOFTWARE_TOKEN_MFA', email: 'EMAIL_OTP' };

/** AdminSetUserMFAPreference's settings field of each method. */
const SETTINGS_FIELD = {
	sms: 'SMSMfaSettings',
	totp: 'SoftwareTokenMfaSettings',
	email: 'EmailMfaSettings',
} as const satisfies Record<MfaMethod, keyof AdminSetUserMFAPreferenceRequest>;

const methodOf = (cognitoName: string | undefined) =>
	(Object.keys(COGNITO_NAME) as MfaMethod[]).find((method) => COGNITO_NAME[method] === cognitoName);

/** A user's MFA settings as Get MFA outputs them with Simplify on. */
export function simplifyMfa(user: AdminGetUserResponse): IDataObject {
	const enabled = new Set((user.UserMFASettingList ?? []).map(methodOf).filter((m) => m !== undefined));
	// Users set up before UserMFASettingList existed carry SMS MFA in the legacy MFAOptions only.
	if ((user.MFAOptions ?? []).some((option) => option.DeliveryMedium === 'SMS')) enabled.add('sms');
	return {
		username: user.Username,
		mfaEnabled: enabled.size > 0,
		enabledMethods: [...enabled].sort(),
		preferredMethod: methodOf(user.PreferredMfaSetting) ?? null,
	};
}

/**
 * The AdminSetUserMFAPreference settings for the chosen changes. A method left unchanged is not
 * sent (so Cognito keeps it) unless it becomes the preferred one; "preferred" implies enabled.
 */
export function mfaPreferenceInput(
	changes: MfaChanges,
): Omit<AdminSetUserMFAPreferenceRequest, 'UserPoolId' | 'Username'> {
	const input: Omit<AdminSetUserMFAPreferenceRequest, 'UserPoolId' | 'Username'> = {};
	for (const method of Object.keys(SETTINGS_FIELD) as MfaMethod[]) {
		const action = changes.actions[method];
		const isPreferred = changes.preferred === method;
		const preference = changes.preferred === 'unchanged' ? {} : { PreferredMfa: isPreferred };
		if (action === 'disable') input[SETTINGS_FIELD[method]] = { Enabled: false, PreferredMfa: false };
		else if (action === 'enable') input[SETTINGS_FIELD[method]] = { Enabled: true, ...preference };
		else if (isPreferred) input[SETTINGS_FIELD[method]] = { Enabled: true, PreferredMfa: true };
	}
	return input;
}
