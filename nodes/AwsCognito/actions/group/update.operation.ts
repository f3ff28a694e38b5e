import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator, groupSettingFields, showFor, simplifyField } from '../../descriptions';
import { readGroupUpdates, readSimplify, readTargetGroup, type GroupSettings } from '../../parameters';
import { groupOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [
	groupLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: groupSettingFields,
	},
	simplifyField,
];

export const description = updateDisplayOptions(showFor('group', 'update'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const groupName = readTargetGroup(this, itemIndex);
	const changes = readGroupUpdates(this, itemIndex);
	const poolId = userPoolId();
	// AWS's update-group reference has warned that omitted settings are reset to their defaults, which
	// would silently drop the group's IAM role: re-send the current values of the fields not being changed.
	const { Group: current = {} } = await api.send('GetGroup', { UserPoolId: poolId, GroupName: groupName });
	const kept: GroupSettings = {};
	if (current.Description !== undefined) kept.Description = current.Description;
	if (current.Precedence !== undefined) kept.Precedence = current.Precedence;
	if (current.RoleArn !== undefined) kept.RoleArn = current.RoleArn;
	const out = await api.send('UpdateGroup', {
		UserPoolId: poolId,
		GroupName: groupName,
		...kept,
		...changes,
	});
	return groupOutput(out.Group, readSimplify(this, itemIndex));
}
