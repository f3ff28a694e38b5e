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

/** The MFA methods Set MFA changes, by their field names. */
export const MFA_METHODS = ['sms', 'totp', 'email'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

export type MfaChange = 'unchanged' | 'enable' | 'disable';

/** What Set MFA asks of each method, and which one to prefer (if any). */
export interface MfaPreference {
	changes: Record<MfaMethod, MfaChange>;
	preferred?: MfaMethod;
}

const MFA_LABELS: Record<MfaMethod, string> = { sms: 'SMS', totp: 'Authenticator App (TOTP)', email: 'Email' };

/** Set MFA's fields, checked before any call: something to change, and never a disabled method preferred. */
export function readMfaPreference(context: IExecuteFunctions, itemIndex: number): MfaPreference {
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { description, itemIndex });
	const changeOf = (method: MfaMethod): MfaChange => {
		const value = context.getNodeParameter(method, itemIndex, 'unchanged');
		if (value === 'unchanged' || value === 'enable' || value === 'disable') return value;
		throw fail(
			`${MFA_LABELS[method]} "${String(value)}" is not supported`,
			'Choose "Enable", "Disable" or "Leave Unchanged".',
		);
	};
	const changes = { sms: changeOf('sms'), totp: changeOf('totp'), email: changeOf('email') };
	const preferredValue = context.getNodeParameter('preferred', itemIndex, 'unchanged');
	const preferred = MFA_METHODS.find((method) => method === preferredValue);
	if (preferredValue !== 'unchanged' && !preferred) {
		throw fail(
			`Preferred Method "${String(preferredValue)}" is not supported`,
			'Choose SMS, Authenticator App, Email or "Leave Unchanged".',
		);
	}
	if (preferred && changes[preferred] === 'disable') {
		throw fail(
			`Preferred Method is ${MFA_LABELS[preferred]}, which this step disables`,
			'Prefer a method you enable or leave unchanged, or do not disable it.',
		);
	}
	if (!preferred && MFA_METHODS.every((method) => changes[method] === 'unchanged')) {
		throw fail('Set MFA changes nothing', 'Enable or disable at least one method, or choose a Preferred Method.');
	}
	return { changes, preferred };
}

/** Forget Device's "Device": every device of the user, or one by its key. */
export type DeviceChoice = { device: 'all' } | { device: 'one'; deviceKey: string };

export function readDeviceChoice(context: IExecuteFunctions, itemIndex: number): DeviceChoice {
	if (context.getNodeParameter('device', itemIndex, 'all') !== 'one') return { device: 'all' };
	const deviceKey = textOf(
		context.getNode(),
		context.getNodeParameter('deviceKey', itemIndex, ''),
		'Device Key',
		itemIndex,
	);
	if (!deviceKey) {
		throw new NodeOperationError(context.getNode(), 'Device Key is empty', {
			description: 'Enter the device key from Get Devices, or choose "All Devices of the User".',
			itemIndex,
		});
	}
	return { device: 'one', deviceKey };
}

/** A federated identity: the identity provider's name in the pool and the user's ID at that provider. */
export interface ProviderIdentity {
	providerName: string;
	providerUserId: string;
}

export function readProviderIdentity(context: IExecuteFunctions, itemIndex: number): ProviderIdentity {
	const node = context.getNode();
	const read = (parameter: string, field: string, example: string) => {
		const value = textOf(node, context.getNodeParameter(parameter, itemIndex, ''), field, itemIndex);
		if (!value) {
			throw new NodeOperationError(node, `${field} is empty`, { description: `Enter ${example}.`, itemIndex });
		}
		return value;
	};
	return {
		providerName: read(
			'providerName',
			'Provider Name',
			'the identity provider\'s name in the user pool, e.g. "Google" or "Facebook"',
		),
		providerUserId: read('providerUserId', 'Provider User ID', "the user's ID at that provider (the sub of its token)"),
	};
}
