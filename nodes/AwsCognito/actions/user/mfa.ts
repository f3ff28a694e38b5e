import type { AdminSetUserMFAPreferenceRequest } from '@aws-sdk/client-cognito-identity-provider';

import type { MfaMethod, MfaPreference } from '../../parameters';

/** The name Cognito gives each method in AdminGetUser's UserMFASettingList and PreferredMfaSetting. */
export const COGNITO_MFA_NAME: Record<MfaMethod, string> = {
	sms: 'SMS_MFA',
	totp: 'SOFTWARE_TOKEN_MFA',
	email: 'EMAIL_OTP',
};

const SETTINGS_FIELD = {
	sms: 'SMSMfaSettings',
	totp: 'SoftwareTokenMfaSettings',
	email: 'EmailMfaSettings',
} as const satisfies Record<MfaMethod, keyof AdminSetUserMFAPreferenceRequest>;

/**
 * The settings AdminSetUserMFAPreference needs for a preference. A method left unchanged is not
 * sent (Cognito keeps it), unless it becomes the preferred one, which enables it.
 */
export function mfaSettings({ changes, preferred }: MfaPreference): Partial<AdminSetUserMFAPreferenceRequest> {
	const settings: Partial<AdminSetUserMFAPreferenceRequest> = {};
	for (const method of Object.keys(SETTINGS_FIELD) as MfaMethod[]) {
		const change = changes[method];
		if (change === 'unchanged' && preferred !== method) continue;
		const enabled = change !== 'disable';
		settings[SETTINGS_FIELD[method]] = { Enabled: enabled, PreferredMfa: preferred === method };
	}
	return settings;
}
