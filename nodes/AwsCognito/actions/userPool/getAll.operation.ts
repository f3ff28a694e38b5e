import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, showFor, simplifyField } from '../../descriptions';
import { readLimit, readSimplify } from '../../parameters';
import { collect, paginateUserPools } from '../../transport';
import { userPoolSummaryOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(showFor('userPool', 'getAll'), properties);

export async function execute(this: IExecuteFunctions, { api, itemIndex }: OperationContext): Promise<OperationResult> {
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	// The paginator asks for at most 60 pools a page (ListUserPools' MaxResults cap) and follows every token.
	const pools = await collect(paginateUserPools(api, { pageSize: limit }), limit);
	return pools.map((pool) => userPoolSummaryOutput(pool, simplify));
}
