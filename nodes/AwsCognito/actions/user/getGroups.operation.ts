import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, showFor, simplifyField, userLocator } from '../../descriptions';
import { readLimit, readSimplify } from '../../parameters';
import { collect, paginateUserGroups } from '../../transport';
import { groupOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';
import { lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [userLocator, ...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(showFor('user', 'getGroups'), properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const limit = readLimit(this, context.itemIndex);
	const simplify = readSimplify(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	const groups = await collect(paginateUserGroups(context.api, userPoolId, username, { pageSize: limit }), limit);
	return groups.map((group) => groupOutput(group, simplify));
}
