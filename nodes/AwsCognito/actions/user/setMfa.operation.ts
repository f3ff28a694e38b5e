import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { MFA_METHOD_NAMES, MFA_METHODS, readMfaChanges, type MfaMethod } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';
import { isAwsError, restated } from './failures';
import { mfaPreferenceInput } from './mfa';
import { lookUpTargetUser } from './targetUser';

function methodField(method: MfaMethod, note: string): INodeProperties {
	return {
		displayName: MFA_METHOD_NAMES[method],
		name: method,
		type: 'options',
		options: [
			{ name: 'Leave Unchanged', value: 'unchanged' },
			{ name: 'Enable', value: 'enable' },
			{ name: 'Disable', value: 'disable' },
		],
		default: 'unchanged',
		description: `Whether the user signs in with ${MFA_METHOD_NAMES[method]} as a second factor. ${note}.`,
	};
}

const properties: INodeProperties[] = [
	userLocator,
	methodField('sms', 'Needs a phone number on the user'),
	methodField('totp', 'Enabling needs an authenticator app the user has already registered; disabling works any time'),
	methodField('email', 'Needs an email on the user and a pool on the Essentials or Plus tier'),
	{
		displayName: 'Preferred Method',
		name: 'preferred',
		type: 'options',
		options: [
			{ name: 'Leave Unchanged', value: 'unchanged' },
			...MFA_METHODS.map((method) => ({ name: MFA_METHOD_NAMES[method], value: method })),
		],
		default: 'unchanged',
		description: 'The method Cognito asks for first when several are enabled; choosing one also enables it',
	},
];

export const description = updateDisplayOptions(showFor('user', 'setMfa'), properties);

/**
 * One AdminSetUserMFAPreference call. Enabling an enabled method or disabling a disabled one
 * succeeds, so an incident reset (all three disabled) can be re-run.
 */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const changes = readMfaChanges(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	try {
		await context.api.send('AdminSetUserMFAPreference', {
			UserPoolId: userPoolId,
			Username: username,
			...mfaPreferenceInput(changes),
		});
	} catch (error) {
		if (changes.actions.totp !== 'enable' || !isAwsError(error, 'InvalidParameterException')) throw error;
		throw restated(error, {
			hint: `User "${username}" may have no verified authenticator app: the user registers one when they sign in (AssociateSoftwareToken, then VerifySoftwareToken); an administrator cannot register it for them.`,
		});
	}
	const state = { unchanged: 'unchanged', enable: 'enabled', disable: 'disabled' } as const;
	return {
		username,
		sms: state[changes.actions.sms],
		totp: state[changes.actions.totp],
		email: state[changes.actions.email],
		preferredMethod: changes.preferred,
	};
}
