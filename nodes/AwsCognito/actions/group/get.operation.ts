import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/common';
import { groupLocator } from '../../descriptions/locators';
import type { OperationContext, OperationResult } from '../types';
import { groupOutput, readSimplify } from '../shared';
import { readTargetGroup } from './shared';

const properties: INodeProperties[] = [groupLocator, simplifyField];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['get'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const groupName = readTargetGroup(this, itemIndex);
	const out = await api.send('GetGroup', { UserPoolId: userPoolId(), GroupName: groupName });
	return groupOutput(out.Group, readSimplify(this, itemIndex));
}
