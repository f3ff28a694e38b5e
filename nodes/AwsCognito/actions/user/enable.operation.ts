import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import type { OperationContext, OperationResult } from '../types';
import { sendForUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'enable'), [userLocator]);

/** Enabling an enabled user succeeds, so a re-run is harmless. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { username } = await sendForUser(this, context, 'AdminEnableUser');
	return { username, enabled: true };
}
