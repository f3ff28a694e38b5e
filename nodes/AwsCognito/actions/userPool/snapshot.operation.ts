import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	readSnapshotOptions,
	readSnapshotOutput,
	snapshotOptionsField,
	snapshotOutputOptions,
} from '../../descriptions/snapshot';
import { snapshotOutput, takeSnapshot } from '../../sync';
import type { OperationContext, OperationResult } from '../types';

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
	snapshotOptionsField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['userPool'], operation: ['snapshot'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const output = readSnapshotOutput(this.getNodeParameter('output', itemIndex, 'snapshot'), 'Output');
	const options = readSnapshotOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const snapshot = await takeSnapshot(api, userPoolId(), options);
	return snapshotOutput(snapshot, output).map((item) => ({ ...item }));
}
