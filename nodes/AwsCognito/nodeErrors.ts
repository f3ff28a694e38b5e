import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { CognitoError, FilterError } from './transport';

/** Turns a transport error into n8n's error types, keeping AWS's reason and never a secret. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof CognitoError) {
		const payload: JsonObject = {
			name: error.awsName,
			message: error.message,
			operation: error.operation ?? null,
			kind: error.kind,
		};
		return new NodeApiError(node, payload, {
			message: error.message,
			description: error.hint,
			itemIndex,
			httpCode: error.httpStatusCode ? String(error.httpStatusCode) : undefined,
		});
	}
	if (error instanceof FilterError) {
		return new NodeOperationError(node, error.message, {
			description: `Fix the filter's ${error.field}.`,
			itemIndex,
		});
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}
