import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { AwsCognitoCredentials } from '../credentials';
import type { CognitoApi } from '../transport';

/** What an operation gets for one input item. */
export interface OperationContext {
	api: CognitoApi;
	credentials: AwsCognitoCredentials;
	itemIndex: number;
	/** The pool of this item: the node's User Pool, else the credential's default (throws if neither). */
	userPoolId(): string;
}

/** Items an operation builds whole (with binary data, say); the router still pairs them with the input item. */
export class ExecutionItems {
	constructor(readonly items: INodeExecutionData[]) {}
}

export type OperationResult = IDataObject | IDataObject[] | ExecutionItems;

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult>;
}
