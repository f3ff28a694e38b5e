import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import type { OperationContext, OperationResult } from '../types';
import { sendForUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'signOut'), [userLocator]);

/** Revokes the user's tokens on every device. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { username } = await sendForUser(this, context, 'AdminUserGlobalSignOut');
	return { username, signedOut: true };
}
