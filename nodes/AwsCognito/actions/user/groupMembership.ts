import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { groupLocator, userLocator } from '../../descriptions/locators';
import type { Operation, OperationContext, OperationResult } from '../types';
import { readGroupName } from '../shared';
import { targetUser } from './shared';

/**
 * Add to Group (member: true) and Remove From Group (member: false). Cognito accepts adding a
 * member twice and removing a non-member, so a re-run or a repeated approval is harmless.
 */
export function groupMembershipOperation(operation: 'addToGroup' | 'removeFromGroup'): Operation {
	const member = operation === 'addToGroup';
	return {
		description: updateDisplayOptions({ show: { resource: ['user'], operation: [operation] } }, [
			userLocator,
			{ ...groupLocator, description: member ? 'The group to add the user to' : 'The group to remove the user from' },
		]),
		async execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
			const group = readGroupName(this, context.itemIndex);
			const { userPoolId, username } = await targetUser(this, context);
			await context.api.send(member ? 'AdminAddUserToGroup' : 'AdminRemoveUserFromGroup', {
				UserPoolId: userPoolId,
				Username: username,
				GroupName: group,
			});
			return { username, group, member };
		},
	};
}
