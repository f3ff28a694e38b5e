import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import type { OperationContext, OperationResult } from '../types';
import { sendForUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'resetPassword'), [userLocator]);

/** Cognito sends the user a code to set a new password. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { username } = await sendForUser(this, context, 'AdminResetUserPassword');
	return { username, passwordReset: true };
}
