import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { readMfaPreference, type MfaMethod } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';
import { mfaSettings } from './mfa';
import { sendForUser } from './targetUser';

const change = (method: MfaMethod, displayName: string, note: string): INodeProperties => ({
	displayName,
	name: method,
	type: 'options',
	options: [
		{ name: 'Leave Unchanged', value: 'unchanged' },
		{ name: 'Enable', value: 'enable' },
		{ name: 'Disable', value: 'disable' },
	],
	default: 'unchanged',
	description: `Whether the user may use ${note} as a second factor`,
});

const properties: INodeProperties[] = [
	userLocator,
	change('sms', 'SMS', 'a code sent by SMS (needs a verified phone_number)'),
	change('totp', 'Authenticator App (TOTP)', 'an authenticator app they already registered'),
	change('email', 'Email', 'a code sent by email (needs the Essentials or Plus tier)'),
	{
		displayName: 'Preferred Method',
		name: 'preferred',
		type: 'options',
		options: [
			{ name: 'Leave Unchanged', value: 'unchanged' },
			{ name: 'SMS', value: 'sms' },
			{ name: 'Authenticator App (TOTP)', value: 'totp' },
			{ name: 'Email', value: 'email' },
		],
		default: 'unchanged',
		description: 'The method Cognito asks for first at sign-in; it is enabled if it is not already',
	},
];

export const description = updateDisplayOptions(showFor('user', 'setMfa'), properties);

/** Sets the same preference again succeeds; disabling every method resets the user's MFA. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const preference = readMfaPreference(this, context.itemIndex);
	const { username } = await sendForUser(this, context, 'AdminSetUserMFAPreference', mfaSettings(preference));
	return { username, mfaUpdated: true, ...preference.changes, preferred: preference.preferred ?? 'unchanged' };
}
