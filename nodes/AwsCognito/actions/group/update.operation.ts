import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/common';
import { groupLocator } from '../../descriptions/locators';
import type { OperationContext, OperationResult } from '../types';
import { groupOutput, readSimplify } from '../shared';
import { groupSettingFields, readGroupSettings, readTargetGroup, type GroupSettings } from './shared';

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

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['update'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const groupName = readTargetGroup(this, itemIndex);
	const changes = readGroupSettings(this, itemIndex, 'updateFields');
	if (Object.keys(changes).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Update Fields is empty: there is nothing to update', {
			description: 'Add at least one of Description, Precedence or Role ARN under "Update Fields".',
			itemIndex,
		});
	}
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
