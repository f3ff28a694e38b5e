import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, simplifyField } from '../../descriptions/common';
import { collect, paginateGroups } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { groupOutput, readLimit, readSimplify } from '../shared';

const properties: INodeProperties[] = [...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getAll'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const groups = await collect(paginateGroups(api, userPoolId(), { pageSize: limit }), limit);
	return groups.map((group) => groupOutput(group, simplify));
}
