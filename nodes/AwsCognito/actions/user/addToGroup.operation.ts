import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { groupLocator, showFor, userLocator } from '../../descriptions';
import { readGroupName } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';
import { sendForUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'addToGroup'), [
	userLocator,
	{ ...groupLocator, description: 'The group to add the user to' },
]);

/** Adding a member twice succeeds, so a re-run or a repeated approval is harmless. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const group = readGroupName(this, context.itemIndex);
	const { username } = await sendForUser(this, context, 'AdminAddUserToGroup', { GroupName: group });
	return { username, group, member: true };
}
