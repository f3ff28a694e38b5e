import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, simplifyField } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import { collect, paginateUserGroups } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { groupOutput, readLimit, readSimplify } from '../shared';
import { targetUser } from './shared';

const properties: INodeProperties[] = [userLocator, ...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getGroups'] } }, properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const limit = readLimit(this, context.itemIndex);
	const simplify = readSimplify(this, context.itemIndex);
	const { userPoolId, username } = await targetUser(this, context);
	const groups = await collect(paginateUserGroups(context.api, userPoolId, username, { pageSize: limit }), limit);
	return groups.map((group) => groupOutput(group, simplify));
}
