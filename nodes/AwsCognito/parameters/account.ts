import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { textOf } from './values';

/** Set Password's "Password": sent as typed (Cognito's policy decides), never trimmed, never echoed. */
export function readPassword(context: IExecuteFunctions, itemIndex: number): string {
	const password = textOf(
		context.getNode(),
		context.getNodeParameter('password', itemIndex, ''),
		'Password',
		itemIndex,
		{
			trim: false,
		},
	);
	if (!password) {
		throw new NodeOperationError(context.getNode(), 'Password is empty', {
			description: 'Enter the new password, or an expression that gives one.',
			itemIndex,
		});
	}
	return password;
}

/** The channels Resend Invitation sends the invitation on. */
export type DeliveryMedium = 'EMAIL' | 'SMS';

const DELIVERY_MEDIUMS: Record<string, DeliveryMedium[]> = {
	email: ['EMAIL'],
	sms: ['SMS'],
	emailAndSms: ['EMAIL', 'SMS'],
};

/** Resend Invitation's "Send By". */
export function readDeliveryMediums(context: IExecuteFunctions, itemIndex: number): DeliveryMedium[] {
	const choice = context.getNodeParameter('deliveryMedium', itemIndex, 'email');
	const mediums = typeof choice === 'string' ? DELIVERY_MEDIUMS[choice] : undefined;
	if (!mediums) {
		throw new NodeOperationError(context.getNode(), `Send By "${String(choice)}" is not supported`, {
			description: 'Choose "Email", "SMS" or "Email and SMS".',
			itemIndex,
		});
	}
	return mediums;
}
