import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { numberOf } from './values';

/** How many items a list operation returns: undefined for "Return All". */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const hint = 'Set "Limit" to 1 or more, or turn on "Return All".';
	const limit = numberOf(context.getNode(), context.getNodeParameter('limit', itemIndex, 50), 'Limit', hint, itemIndex);
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(context.getNode(), `Limit must be a whole number of at least 1, not ${limit}`, {
			description: hint,
			itemIndex,
		});
	}
	return limit;
}

export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, true) as boolean;
}

export function readIncludeLastSignIn(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('includeLastSignIn', itemIndex, false) as boolean;
}
