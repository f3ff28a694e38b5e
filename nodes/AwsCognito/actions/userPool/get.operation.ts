import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/common';
import { simplifyUserPool } from '../../simplify';
import type { OperationContext, OperationResult } from '../types';
import { readSimplify } from '../shared';

// The pool comes from the "User Pool" locator that node.description.ts shows for this operation.
const properties: INodeProperties[] = [simplifyField];

export const description = updateDisplayOptions({ show: { resource: ['userPool'], operation: ['get'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const { UserPool: pool } = await api.send('DescribeUserPool', { UserPoolId: userPoolId() });
	if (!pool) throw new Error('Cognito returned no user pool');
	return readSimplify(this, itemIndex) ? { ...simplifyUserPool(pool) } : { ...pool };
}
