import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator, returnAllAndLimit, showFor, simplifyField } from '../../descriptions';
import { readLimit, readSimplify, readTargetGroup } from '../../parameters';
import { collect, paginateGroupMembers } from '../../transport';
import { userOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [groupLocator, ...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(showFor('group', 'getMembers'), properties);

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
