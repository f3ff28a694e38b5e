import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, simplifyField } from '../../descriptions/common';
import { groupLocator } from '../../descriptions/locators';
import { collect, paginateGroupMembers } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { readLimit, readSimplify, userOutput } from '../shared';
import { readTargetGroup } from './shared';

const properties: INodeProperties[] = [groupLocator, ...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getMembers'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const groupName = readTargetGroup(this, itemIndex);
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const members = await collect(paginateGroupMembers(api, userPoolId(), groupName, { pageSize: limit }), limit);
	return members.map((user) => userOutput(user, simplify));
}
