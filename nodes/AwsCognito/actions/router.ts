import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { getCognitoApi, locatorValue, resolveUserPoolId, toNodeError } from '../helpers';
import * as group from './group';
import type { Operation, Resource } from './types';
import * as user from './user';
import * as userPool from './userPool';

const operations: Record<Resource, Record<string, Operation>> = {
	user: user.operations,
	group: group.operations,
	userPool: userPool.operations,
};

/** Runs the selected operation once per input item: one result per item, paired, failures per item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as Resource;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw toNodeError(this.getNode(), new Error(`The operation "${operationName}" of "${resource}" is not supported`));
	}
	const { api, credentials } = await getCognitoApi(this);
	const node = this.getNode();
	const output: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation.execute.call(this, {
				api,
				credentials,
				itemIndex,
				userPoolId: () =>
					resolveUserPoolId(node, locatorValue(this, 'userPool', itemIndex).value, credentials, itemIndex),
			});
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			const nodeError = toNodeError(node, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
