import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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

export type OperationResult = IDataObject | IDataObject[];

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult>;
}
