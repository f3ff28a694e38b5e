import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator, showFor, simplifyField } from '../../descriptions';
import { readSimplify, readTargetGroup } from '../../parameters';
import { groupOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [groupLocator, simplifyField];

export const description = updateDisplayOptions(showFor('group', 'get'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const groupName = readTargetGroup(this, itemIndex);
	const out = await api.send('GetGroup', { UserPoolId: userPoolId(), GroupName: groupName });
	return groupOutput(out.Group, readSimplify(this, itemIndex));
}
