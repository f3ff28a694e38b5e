import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import {
	CognitoApi,
	CognitoError,
	FilterError,
	isAwsRegion,
	isUserPoolId,
	lookUpUsernameBySub,
	type CallMetrics,
	type CognitoConnection,
} from './transport';

export const CREDENTIAL_NAME = 'awsCognitoApi';

type CredentialContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface AwsCognitoCredentials extends CognitoConnection {
	/** The default pool for nodes whose User Pool is left empty. */
	userPoolId?: string;
}

/** Validates the credential's fields; throws a message naming the field to fix. */
export function connectionFromCredentials(data: ICredentialDataDecryptedObject): AwsCognitoCredentials {
	const text = (name: string) => (typeof data[name] === 'string' ? (data[name] as string).trim() : '');
	const region = text('region');
	if (!isAwsRegion(region)) {
		throw new Error(`Region "${region}" is not an AWS region name: use one like "us-east-1" or "eu-west-1"`);
	}
	const accessKeyId = text('accessKeyId');
	const secretAccessKey = text('secretAccessKey');
	if (!accessKeyId) throw new Error('Access Key ID is empty: enter the ID of an IAM access key');
	if (!secretAccessKey) throw new Error('Secret Access Key is empty: enter the secret of the access key');
	const endpoint = text('endpoint');
	if (endpoint) {
		let protocol = '';
		try {
			protocol = new URL(endpoint).protocol;
		} catch {
			throw new Error(
				`Custom Endpoint "${endpoint}" is not a URL: use e.g. https://cognito-idp.${region}.amazonaws.com, or leave it empty`,
			);
		}
		if (protocol !== 'http:' && protocol !== 'https:') {
			throw new Error(`Custom Endpoint must use http or https, not "${protocol}"`);
		}
	}
	const share = typeof data.quotaShare === 'number' ? data.quotaShare : 80;
	return {
		region,
		accessKeyId,
		secretAccessKey,
		sessionToken: text('sessionToken') || undefined,
		endpoint: endpoint || undefined,
		quotaShare: share / 100,
		userPoolId: text('userPoolId') || undefined,
	};
}

export async function getCognitoCredentials(context: CredentialContext): Promise<AwsCognitoCredentials> {
	const data = await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME);
	try {
		return connectionFromCredentials(data);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Fix the AWS Cognito API credential.',
		});
	}
}

export async function getCognitoApi(
	context: CredentialContext,
	metrics?: CallMetrics,
): Promise<{ api: CognitoApi; credentials: AwsCognitoCredentials }> {
	const credentials = await getCognitoCredentials(context);
	return { api: new CognitoApi(credentials, { metrics }), credentials };
}

/** Reads a resource locator parameter's value, whatever its mode. */
export function locatorValue(
	context: IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions,
	parameter: string,
	itemIndex?: number,
): { mode: string; value: string } {
	const raw =
		itemIndex === undefined
			? (context as IPollFunctions).getNodeParameter(parameter, { mode: 'id', value: '' })
			: (context as IExecuteFunctions).getNodeParameter(parameter, itemIndex, { mode: 'id', value: '' });
	if (typeof raw === 'string') return { mode: 'id', value: raw.trim() };
	const locator = raw as { mode?: string; value?: unknown };
	return { mode: locator.mode ?? 'id', value: String(locator.value ?? '').trim() };
}

/** The pool to work on: the node's User Pool, else the credential's default pool. */
export function resolveUserPoolId(
	node: INode,
	selected: string,
	credentials: AwsCognitoCredentials,
	itemIndex?: number,
): string {
	const userPoolId = selected || credentials.userPoolId || '';
	if (!userPoolId) {
		throw new NodeOperationError(node, 'No user pool selected', {
			description: 'Choose a pool in "User Pool", or set "Default User Pool ID" in the AWS Cognito API credential.',
			itemIndex,
		});
	}
	if (!isUserPoolId(userPoolId)) {
		throw new NodeOperationError(node, `"${userPoolId}" is not a user pool ID`, {
			description: 'A user pool ID looks like "us-east-1_T5HyXiR7I": the region, an underscore and letters or digits.',
			itemIndex,
		});
	}
	return userPoolId;
}

/** The username to send to Admin* calls, resolving a "By Sub" locator with one ListUsers call. */
export async function resolveUsername(
	context: IExecuteFunctions,
	api: CognitoApi,
	userPoolId: string,
	itemIndex: number,
	parameter = 'user',
): Promise<string> {
	const { mode, value } = locatorValue(context, parameter, itemIndex);
	if (!value) {
		throw new NodeOperationError(context.getNode(), 'User is empty', {
			description: 'Pick a user from the list, or enter a username or a sub.',
			itemIndex,
		});
	}
	return mode === 'sub' ? await lookUpUsernameBySub(api, userPoolId, value) : value;
}

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
