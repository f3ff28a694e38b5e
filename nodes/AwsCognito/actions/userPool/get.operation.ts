import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, simplifyField } from '../../descriptions';
import { readSimplify } from '../../parameters';
import { userPoolOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

// The pool comes from the "User Pool" locator that node.description.ts shows for this operation.
const properties: INodeProperties[] = [simplifyField];

export const description = updateDisplayOptions(showFor('userPool', 'get'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const { UserPool: pool } = await api.send('DescribeUserPool', { UserPoolId: userPoolId() });
	return userPoolOutput(pool, readSimplify(this, itemIndex));
}
