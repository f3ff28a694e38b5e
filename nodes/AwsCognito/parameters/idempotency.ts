import type { IExecuteFunctions } from 'n8n-workflow';

/** Delete's "Succeed If Missing" option. */
export function readSucceedIfMissing(context: IExecuteFunctions, itemIndex: number): boolean {
	const { succeedIfMissing = false } = context.getNodeParameter('options', itemIndex, {}) as {
		succeedIfMissing?: boolean;
	};
	return succeedIfMissing;
}

/** Create's "If User Exists" / "If Group Exists" option: true for "Return Existing". */
export function readReturnExisting(
	context: IExecuteFunctions,
	itemIndex: number,
	option: 'ifUserExists' | 'ifGroupExists',
): boolean {
	const options = context.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
	return options[option] === 'returnExisting';
}
