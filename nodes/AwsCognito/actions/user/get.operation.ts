import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { includeLastSignInField, showFor, simplifyField, userLocator } from '../../descriptions';
import { readIncludeLastSignIn, readSimplify } from '../../parameters';
import { withLastSignIn } from '../lastSignIn';
import type { OperationContext, OperationResult } from '../types';
import { fetchUser, lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [userLocator, simplifyField, includeLastSignInField];

export const description = updateDisplayOptions(showFor('user', 'get'), properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	const item = await fetchUser(context.api, userPoolId, username, readSimplify(this, context.itemIndex));
	if (!readIncludeLastSignIn(this, context.itemIndex)) return item;
	return await withLastSignIn(context.api, userPoolId, [{ username, item }]);
}
