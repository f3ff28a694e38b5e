import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { readDeliveryMediums } from '../../parameters';
import { CognitoError } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { explained } from './failures';
import { lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [
	userLocator,
	{
		displayName: 'Send By',
		name: 'deliveryMedium',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email', description: "To the user's email attribute" },
			{ name: 'SMS', value: 'sms', description: "To the user's phone_number attribute" },
			{ name: 'Email and SMS', value: 'emailAndSms' },
		],
		default: 'email',
		description: 'Where Cognito sends the invitation with a new temporary password',
	},
];

export const description = updateDisplayOptions(showFor('user', 'resendInvitation'), properties);

/** AdminCreateUser with MessageAction RESEND: a new temporary password, sent again; the user is unchanged. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const deliveryMediums = readDeliveryMediums(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	try {
		await context.api.send('AdminCreateUser', {
			UserPoolId: userPoolId,
			Username: username,
			MessageAction: 'RESEND',
			DesiredDeliveryMediums: deliveryMediums,
		});
	} catch (error) {
		// Cognito resends only to users who have not yet set their own password.
		if (error instanceof CognitoError && error.awsName === 'UnsupportedUserStateException') {
			throw explained(
				error,
				`User "${username}" in user pool "${userPoolId}" has already accepted the invitation: there is no invitation to resend`,
				'Use Reset Password to let them choose a new password, or Set Password to set one.',
			);
		}
		throw error;
	}
	return { username, invitationSent: true, deliveryMediums };
}
