import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { readDeliveryMediums } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';
import { isAwsError, restated } from './failures';
import { lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [
	userLocator,
	{
		displayName: 'Send By',
		name: 'deliveryMediums',
		type: 'multiOptions',
		options: [
			{ name: 'Email', value: 'EMAIL', description: 'To the user\'s "email" attribute' },
			{ name: 'SMS', value: 'SMS', description: 'To the user\'s "phone_number" attribute' },
		],
		default: ['EMAIL'],
		required: true,
		description: 'How Cognito sends the new invitation (with a new temporary password)',
	},
];

export const description = updateDisplayOptions(showFor('user', 'resendInvitation'), properties);

/**
 * AdminCreateUser with MessageAction RESEND: a new temporary password, sent again. Cognito does this
 * only for users who have not yet signed in (FORCE_CHANGE_PASSWORD).
 */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const deliveryMediums = readDeliveryMediums(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	try {
		const out = await context.api.send('AdminCreateUser', {
			UserPoolId: userPoolId,
			Username: username,
			MessageAction: 'RESEND',
			DesiredDeliveryMediums: deliveryMediums,
		});
		return { username, invitationSent: true, deliveryMediums, status: out.User?.UserStatus };
	} catch (error) {
		if (!isAwsError(error, 'UnsupportedUserStateException')) throw error;
		throw restated(error, {
			message: `User "${username}" in user pool "${userPoolId}" has already signed in: Cognito resends invitations only to users who have not (status FORCE_CHANGE_PASSWORD)`,
			kind: 'invalidInput',
			hint: 'Use Reset Password to send them a code to choose a new password, or Set Password to give them a temporary one.',
		});
	}
}
