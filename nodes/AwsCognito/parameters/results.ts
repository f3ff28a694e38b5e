import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { describeValue } from './text';

/** A number parameter's value: numbers as they are, numeric text converted, anything else NaN. */
function numberOf(value: unknown): number {
	if (typeof value === 'number') return value;
	return typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
}

/** How many items a list operation returns: undefined for "Return All". */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const raw = context.getNodeParameter('limit', itemIndex, 50);
	const limit = numberOf(raw);
	const fail = (message: string) =>
		new NodeOperationError(context.getNode(), message, {
			description: 'Set "Limit" to 1 or more, or turn on "Return All".',
			itemIndex,
		});
	if (Number.isNaN(limit)) throw fail(`Limit must be a number, but its value is ${describeValue(raw)}`);
	if (!Number.isInteger(limit) || limit < 1) throw fail(`Limit must be a whole number of at least 1, not ${limit}`);
	return limit;
}

export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, true) as boolean;
}

export function readIncludeLastSignIn(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('includeLastSignIn', itemIndex, false) as boolean;
}
