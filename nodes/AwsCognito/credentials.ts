import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import { CognitoApi, isAwsRegion, type CognitoConnection } from './transport';

/** The credential type the nodes ask for (`AwsCognitoApi.credentials.ts`). */
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

/** The node's AWS Cognito API credential, validated; a bad field fails naming it. */
export async function readCredentials(context: CredentialContext): Promise<AwsCognitoCredentials> {
	const data = await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME);
	try {
		return connectionFromCredentials(data);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Fix the AWS Cognito API credential.',
		});
	}
}

/** The Cognito API for the node's credential (no call is made here), with the credential it was built from. */
export async function createCognitoApi(
	context: CredentialContext,
): Promise<{ api: CognitoApi; credentials: AwsCognitoCredentials }> {
	const credentials = await readCredentials(context);
	return { api: new CognitoApi(credentials), credentials };
}
