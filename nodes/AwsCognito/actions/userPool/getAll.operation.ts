import type { UserPoolDescriptionType } from '@aws-sdk/client-cognito-identity-provider';
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, simplifyField } from '../../descriptions/common';
import { collect, paginateUserPools } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { readLimit, readSimplify } from '../shared';

const properties: INodeProperties[] = [...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['userPool'], operation: ['getAll'] } },
	properties,
);

/** ListUserPools gives only a summary of each pool; Get gives the full description. */
function simplifyPoolSummary(pool: UserPoolDescriptionType): IDataObject {
	return {
		id: pool.Id,
		name: pool.Name,
		createdAt: pool.CreationDate?.toISOString(),
		updatedAt: pool.LastModifiedDate?.toISOString(),
	};
}

export async function execute(this: IExecuteFunctions, { api, itemIndex }: OperationContext): Promise<OperationResult> {
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	// The paginator asks for at most 60 pools a page (ListUserPools' MaxResults cap) and follows every token.
	const pools = await collect(paginateUserPools(api, { pageSize: limit }), limit);
	return pools.map((pool) => (simplify ? simplifyPoolSummary(pool) : { ...pool }));
}
