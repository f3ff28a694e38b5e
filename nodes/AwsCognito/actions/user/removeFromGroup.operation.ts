import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { groupLocator, showFor, userLocator } from '../../descriptions';
import { readGroupName } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';
import { sendForUser } from './targetUser';

export const description = updateDisplayOptions(showFor('user', 'removeFromGroup'), [
	userLocator,
	{ ...groupLocator, description: 'The group to remove the user from' },
]);

/** Removing a non-member succeeds, so a re-run is harmless. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const group = readGroupName(this, context.itemIndex);
	const { username } = await sendForUser(this, context, 'AdminRemoveUserFromGroup', { GroupName: group });
	return { username, group, member: false };
}
