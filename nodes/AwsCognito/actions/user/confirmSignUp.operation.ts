import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { CognitoError } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { explained } from './failures';
import { lookUpTargetUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'confirmSignUp'), [userLocator]);

/** Cognito refuses to confirm a user who is not UNCONFIRMED, naming the status in its message. */
const CURRENT_STATUS = /current status is (\w+)/i;

/** Confirms a self-signed-up user without their code; a user already confirmed counts as done. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	try {
		await context.api.send('AdminConfirmSignUp', { UserPoolId: userPoolId, Username: username });
		return { username, confirmed: true, alreadyConfirmed: false };
	} catch (error) {
		if (!(error instanceof CognitoError) || error.awsName !== 'NotAuthorizedException') throw error;
		const status = CURRENT_STATUS.exec(error.message)?.[1]?.toUpperCase();
		if (status === 'CONFIRMED') return { username, confirmed: true, alreadyConfirmed: true };
		throw explained(
			error,
			`User "${username}" in user pool "${userPoolId}" has no sign-up to confirm${status ? ` (status ${status})` : ''}`,
			'Confirm Sign-Up is for users who signed up themselves (status UNCONFIRMED). For a user an administrator created, use Set Password with Permanent on, or Resend Invitation.',
		);
	}
}
