import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createCognitoApi } from '../credentials';
import { toNodeError } from '../nodeErrors';
import { readUserPoolId } from '../parameters';
import * as group from './group';
import type { OperationOf, Resource } from './node.type';
import { ExecutionItems, type Operation } from './types';
import * as user from './user';
import * as userPool from './userPool';

const operationsByResource: { [R in Resource]: Record<OperationOf<R>, Operation> } = {
	user: user.operations,
	group: group.operations,
	userPool: userPool.operations,
};

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

function isResource(value: unknown): value is Resource {
	return typeof value === 'string' && hasOwn(operationsByResource, value);
}

function isOperationOf<R extends Resource>(resource: R, value: unknown): value is OperationOf<R> {
	return typeof value === 'string' && hasOwn(operationsByResource[resource], value);
}

function operationOf<R extends Resource>(resource: R, operation: OperationOf<R>): Operation {
	return operationsByResource[resource][operation];
}

/** The operation the node's Resource and Operation select; saved values this node does not have fail clearly. */
function selectedOperation(context: IExecuteFunctions): Operation {
	const resource = context.getNodeParameter('resource', 0);
	const operation = context.getNodeParameter('operation', 0);
	if (!isResource(resource) || !isOperationOf(resource, operation)) {
		throw toNodeError(
			context.getNode(),
			new Error(`The operation "${String(operation)}" of "${String(resource)}" is not supported`),
		);
	}
	return operationOf(resource, operation);
}

/** Runs the selected operation once per input item: one result per item, paired, failures per item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = selectedOperation(this);
	const { api, credentials } = await createCognitoApi(this);
	const node = this.getNode();
	const output: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation.execute.call(this, {
				api,
				credentials,
				itemIndex,
				userPoolId: () => readUserPoolId(this, credentials, itemIndex),
			});
			const items = result instanceof ExecutionItems ? result.items : this.helpers.returnJsonArray(result);
			output.push(
				...this.helpers.constructExecutionMetaData(items, {
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
