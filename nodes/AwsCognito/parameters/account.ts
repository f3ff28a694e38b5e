import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { describeValue, textValue } from './text';

/** Cognito's longest password (AdminSetUserPassword API reference). */
export const MAX_PASSWORD_LENGTH = 256;

export interface NewPassword {
	password: string;
	permanent: boolean;
}

/** Set Password's "Password" and "Permanent"; the password is never quoted in a message. */
export function readNewPassword(context: IExecuteFunctions, itemIndex: number): NewPassword {
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { description, itemIndex });
	const raw = context.getNodeParameter('password', itemIndex, '');
	// Passwords are sent exactly as given: a leading or trailing space is part of the password.
	const password = textValue(context.getNode(), raw, 'Password', itemIndex, { secret: true, trim: false });
	if (!password) throw fail('Password is empty', 'Enter the new password, or an expression that gives one.');
	if (password.length > MAX_PASSWORD_LENGTH) {
		throw fail(
			`Password is ${password.length} characters long; Cognito allows at most ${MAX_PASSWORD_LENGTH}`,
			'Enter a shorter password.',
		);
	}
	return { password, permanent: readBoolean(context, 'permanent', 'Permanent', itemIndex, false) };
}

/** A boolean parameter; text "true"/"false" from an expression is accepted, anything else refused. */
export function readBoolean(
	context: IExecuteFunctions,
	parameter: string,
	field: string,
	itemIndex: number,
	fallback: boolean,
): boolean {
	const value = context.getNodeParameter(parameter, itemIndex, fallback);
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new NodeOperationError(
		context.getNode(),
		`${field} must be true or false, but its value is ${describeValue(value)}`,
		{
			description: `Turn "${field}" on or off, or use an expression that gives true or false.`,
			itemIndex,
		},
	);
}

const DELIVERY_MEDIUMS = ['EMAIL', 'SMS'] as const;
export type DeliveryMedium = (typeof DELIVERY_MEDIUMS)[number];

/** Resend Invitation's "Send By": email, SMS or both, at least one. */
export function readDeliveryMediums(context: IExecuteFunctions, itemIndex: number): DeliveryMedium[] {
	const raw = context.getNodeParameter('deliveryMediums', itemIndex, ['EMAIL']);
	const values = Array.isArray(raw) ? raw : [raw];
	const mediums = values.map((value) => textValue(context.getNode(), value, 'Send By', itemIndex).toUpperCase());
	const unknown = mediums.find((medium) => !(DELIVERY_MEDIUMS as readonly string[]).includes(medium));
	if (unknown !== undefined || !mediums.length) {
		throw new NodeOperationError(
			context.getNode(),
			mediums.length ? `Send By "${unknown}" is not supported` : 'Send By is empty',
			{ description: 'Choose Email, SMS or both.', itemIndex },
		);
	}
	return [...new Set(mediums)] as DeliveryMedium[];
}
