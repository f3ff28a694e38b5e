import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, snapshotFileFields, snapshotOptionsField, snapshotOutputOptions } from '../../descriptions';
import { snapshotFileItem } from '../../fileOutput';
import { readSnapshotDelivery, readSnapshotOptions, readSnapshotOutput } from '../../parameters';
import { snapshotOutput, takeSnapshot } from '../../sync';
import { ExecutionItems, type OperationContext, type OperationResult } from '../types';

// The pool comes from the "User Pool" locator that node.description.ts shows for this operation.
const properties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: snapshotOutputOptions,
		default: 'snapshot',
		description: 'Reads the whole pool with the fewest calls the quotas allow',
	},
	...snapshotFileFields(),
	snapshotOptionsField,
];

export const description = updateDisplayOptions(showFor('userPool', 'snapshot'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const output = readSnapshotOutput(this, itemIndex);
	const delivery = readSnapshotDelivery(this, itemIndex);
	const options = readSnapshotOptions(this, itemIndex);
	const snapshot = await takeSnapshot(api, userPoolId(), options);
	if (delivery.as === 'file') {
		return new ExecutionItems([await snapshotFileItem(this.helpers, snapshot, output, delivery)]);
	}
	return snapshotOutput(snapshot, output).map((item) => ({ ...item }));
}
