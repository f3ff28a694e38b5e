import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { includeLastSignInField, simplifyField } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import type { OperationContext, OperationResult } from '../types';
import { readIncludeLastSignIn, readSimplify, withLastSignIn } from '../shared';
import { fetchUser, targetUser } from './shared';

const properties: INodeProperties[] = [userLocator, simplifyField, includeLastSignInField];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { userPoolId, username } = await targetUser(this, context);
	const item = await fetchUser(context.api, userPoolId, username, readSimplify(this, context.itemIndex));
	if (!readIncludeLastSignIn(this, context.itemIndex)) return item;
	return await withLastSignIn(context.api, userPoolId, [{ username, item }]);
}
