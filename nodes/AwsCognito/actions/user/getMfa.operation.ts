import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { MFA_METHODS, type MfaMethod } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';
import { COGNITO_MFA_NAME } from './mfa';
import { lookUpTargetUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'getMfa'), [userLocator]);

const methodOf = (cognitoName: string | undefined): MfaMethod | null =>
	MFA_METHODS.find((method) => COGNITO_MFA_NAME[method] === cognitoName) ?? null;

/** The user's MFA methods, read with AdminGetUser (the one admin call that returns them). */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	const user = await context.api.send('AdminGetUser', { UserPoolId: userPoolId, Username: username });
	const enabled = new Set(user.UserMFASettingList ?? []);
	return {
		username,
		mfaEnabled: enabled.size > 0,
		preferred: methodOf(user.PreferredMfaSetting || undefined),
		sms: enabled.has(COGNITO_MFA_NAME.sms),
		totp: enabled.has(COGNITO_MFA_NAME.totp),
		email: enabled.has(COGNITO_MFA_NAME.email),
		// Pools from before the MFA preference API keep SMS MFA here.
		legacySmsMfa: (user.MFAOptions ?? []).some((option) => option.DeliveryMedium === 'SMS'),
	};
}
