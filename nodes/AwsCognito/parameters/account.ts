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

/** The MFA methods Cognito has, by the names this node uses. */
export const MFA_METHODS = ['sms', 'totp', 'email'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];
export type MfaAction = 'unchanged' | 'enable' | 'disable';

/** Set MFA's choices: what to do with each method, and which one is preferred. */
export interface MfaChanges {
	actions: Record<MfaMethod, MfaAction>;
	preferred: MfaMethod | 'unchanged';
}

export const MFA_METHOD_NAMES: Record<MfaMethod, string> = {
	sms: 'SMS',
	totp: 'Authenticator App (TOTP)',
	email: 'Email',
};

/** One of `allowed`, or a clear error naming the field and the choices. */
function choiceOf<T extends string>(
	context: IExecuteFunctions,
	parameter: string,
	field: string,
	itemIndex: number,
	allowed: readonly T[],
): T {
	const value = textValue(
		context.getNode(),
		context.getNodeParameter(parameter, itemIndex, 'unchanged'),
		field,
		itemIndex,
	);
	if ((allowed as readonly string[]).includes(value)) return value as T;
	throw new NodeOperationError(context.getNode(), `${field} "${value}" is not supported`, {
		description: `Choose one of: ${allowed.join(', ')}.`,
		itemIndex,
	});
}

/** Set MFA's fields, checked: at least one change, and a preferred method that stays enabled. */
export function readMfaChanges(context: IExecuteFunctions, itemIndex: number): MfaChanges {
	const actions = Object.fromEntries(
		MFA_METHODS.map((method) => [
			method,
			choiceOf<MfaAction>(context, method, MFA_METHOD_NAMES[method], itemIndex, ['unchanged', 'enable', 'disable']),
		]),
	) as Record<MfaMethod, MfaAction>;
	const preferred = choiceOf<MfaMethod | 'unchanged'>(context, 'preferred', 'Preferred Method', itemIndex, [
		'unchanged',
		...MFA_METHODS,
	]);
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { description, itemIndex });
	if (preferred !== 'unchanged' && actions[preferred] === 'disable') {
		throw fail(
			`Preferred Method is ${MFA_METHOD_NAMES[preferred]}, but ${MFA_METHOD_NAMES[preferred]} is set to Disable`,
			'Prefer a method that stays enabled, or leave Preferred Method unchanged.',
		);
	}
	if (preferred === 'unchanged' && MFA_METHODS.every((method) => actions[method] === 'unchanged')) {
		throw fail(
			'Set MFA has nothing to change',
			'Set SMS, Authenticator App or Email to Enable or Disable, or choose a Preferred Method. To reset MFA after an incident, disable all three.',
		);
	}
	return { actions, preferred };
}
