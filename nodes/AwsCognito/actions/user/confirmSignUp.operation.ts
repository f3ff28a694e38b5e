import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import type { OperationContext, OperationResult } from '../types';
import { isAwsError, restated } from './failures';
import { lookUpTargetUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'confirmSignUp'), [userLocator]);

/** What to do about a user Cognito will not confirm, by their status. */
function unconfirmableHint(status: string | undefined): string {
	if (status === 'FORCE_CHANGE_PASSWORD') {
		return 'An administrator created this user: they are confirmed when they choose their own password at first sign-in. To confirm them now, use Set Password with Permanent on.';
	}
	if (status === 'EXTERNAL_PROVIDER')
		return 'Users who sign in through an external identity provider need no confirmation.';
	return 'Only users who signed themselves up (status UNCONFIRMED) can be confirmed.';
}

/**
 * Confirms a self sign-up without the code. A user who is already confirmed counts as done (AWS
 * refuses the call for them), so a re-run succeeds; that check reads the user with AdminGetUser,
 * on the refusal only.
 */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	try {
		await context.api.send('AdminConfirmSignUp', { UserPoolId: userPoolId, Username: username });
		return { username, confirmed: true, alreadyConfirmed: false };
	} catch (error) {
		if (!isAwsError(error, 'NotAuthorizedException')) throw error;
		const { UserStatus: status } = await context.api.send('AdminGetUser', {
			UserPoolId: userPoolId,
			Username: username,
		});
		if (status === 'CONFIRMED') return { username, confirmed: true, alreadyConfirmed: true };
		throw restated(error, {
			message: `User "${username}" in user pool "${userPoolId}" cannot be confirmed: their status is ${status ?? 'unknown'}`,
			kind: 'invalidInput',
			hint: unconfirmableHint(status),
		});
	}
}
