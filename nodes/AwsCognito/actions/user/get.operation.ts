import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import type { OperationContext, OperationResult } from '../types';
import { readSimplify } from '../shared';
import { fetchUser, targetUser } from './shared';

const properties: INodeProperties[] = [userLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { userPoolId, username } = await targetUser(this, context);
	return await fetchUser(context.api, userPoolId, username, readSimplify(this, context.itemIndex));
}
