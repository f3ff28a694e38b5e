import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { MAX_PASSWORD_LENGTH, readNewPassword } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';
import { withoutSecret } from './failures';
import { sendForUser } from './targetUser';

const properties: INodeProperties[] = [
	userLocator,
	{
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: `The new password, up to ${MAX_PASSWORD_LENGTH} characters; it must meet the pool's password policy. It never appears in the output or in error messages.`,
	},
	{
		displayName: 'Permanent',
		name: 'permanent',
		type: 'boolean',
		default: false,
		description:
			'Whether the password is final: the user is confirmed and signs in with it. Off, it is temporary: the user must choose a new one at their next sign-in (status FORCE_CHANGE_PASSWORD).',
	},
];

export const description = updateDisplayOptions(showFor('user', 'setPassword'), properties);

/** Setting the same password again succeeds (unless the pool's password history forbids reuse). */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { password, permanent } = readNewPassword(this, context.itemIndex);
	try {
		const { username } = await sendForUser(this, context, 'AdminSetUserPassword', {
			Password: password,
			Permanent: permanent,
		});
		return { username, passwordSet: true, permanent };
	} catch (error) {
		throw withoutSecret(error, password);
	}
}
