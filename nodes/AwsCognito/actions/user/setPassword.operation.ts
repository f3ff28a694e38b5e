import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { readPassword } from '../../parameters';
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
		description: "The new password; it must meet the pool's password policy. It never appears in the output.",
	},
	{
		displayName: 'Permanent',
		name: 'permanent',
		type: 'boolean',
		default: false,
		description:
			'Whether the password is permanent (the user signs in with it, status CONFIRMED). Off, it is temporary: the user must choose a new one at the next sign-in (status FORCE_CHANGE_PASSWORD).',
	},
];

export const description = updateDisplayOptions(showFor('user', 'setPassword'), properties);

/** Setting the same password again succeeds, so a re-run is harmless. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const password = readPassword(this, context.itemIndex);
	const permanent = this.getNodeParameter('permanent', context.itemIndex, false) === true;
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
