import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, showFor, simplifyField } from '../../descriptions';
import { readLimit, readSimplify } from '../../parameters';
import { collect, paginateGroups } from '../../transport';
import { groupOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(showFor('group', 'getAll'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const groups = await collect(paginateGroups(api, userPoolId(), { pageSize: limit }), limit);
	return groups.map((group) => groupOutput(group, simplify));
}
