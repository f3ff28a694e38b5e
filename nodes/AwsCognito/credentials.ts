import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	CognitoApi,
	DEFAULT_SESSION_DURATION,
	DEFAULT_SESSION_NAME,
	HOST_CREDENTIALS_OFF_MESSAGE,
	hostCredentialsAllowed,
	isAwsRegion,
	isRoleArn,
	isRoleSessionName,
	type AssumeRoleSettings,
	type CognitoConnection,
} from './transport';

const AUTHENTICATIONS = ['accessKeys', 'assumeRole', 'hostCredentials'];

/** The credential type the nodes ask for (`AwsCognitoApi.credentials.ts`). */
export const CREDENTIAL_NAME = 'awsCognitoApi';

type CredentialContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export type AwsCognitoCredentials = CognitoConnection & {
	/** The default pool for nodes whose User Pool is left empty. */
	userPoolId?: string;
};

type Text = (name: string) => string;

/** An http(s) URL, or empty; `field` names it in the message. */
function endpointField(text: Text, name: string, field: string, example: string): string | undefined {
	const endpoint = text(name);
	if (!endpoint) return undefined;
	let protocol = '';
	try {
		protocol = new URL(endpoint).protocol;
	} catch {
		// The value is never quoted: a key pasted into the wrong field must not reach an error.
		throw new Error(`${field} is not a URL: use e.g. ${example}, or leave it empty`);
	}
	if (protocol !== 'http:' && protocol !== 'https:') {
		throw new Error(`${field} must start with http:// or https://`);
	}
	return endpoint;
}

function accessKeys(text: Text) {
	const accessKeyId = text('accessKeyId');
	const secretAccessKey = text('secretAccessKey');
	if (!accessKeyId) throw new Error('Access Key ID is empty: enter the ID of an IAM access key');
	if (!secretAccessKey) throw new Error('Secret Access Key is empty: enter the secret of the access key');
	return { accessKeyId, secretAccessKey, sessionToken: text('sessionToken') || undefined };
}

function assumeRoleSettings(text: Text, data: ICredentialDataDecryptedObject): AssumeRoleSettings {
	const roleArn = text('roleArn');
	if (!isRoleArn(roleArn)) {
		throw new Error(
			`Role ARN is not an IAM role ARN: use one like "arn:aws:iam::123456789012:role/n8n-cognito" (IAM > Roles > the role > ARN)`,
		);
	}
	const sessionName = text('roleSessionName') || DEFAULT_SESSION_NAME;
	if (!isRoleSessionName(sessionName)) {
		throw new Error(`Session Name is not allowed: use 2 to 64 letters, digits or the characters +=,.@_- (no spaces)`);
	}
	const duration = data.sessionDuration ?? DEFAULT_SESSION_DURATION;
	if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 900 || duration > 43200) {
		throw new Error(
			`Session Duration ${String(duration)} is out of range: use a whole number of seconds from 900 (15 minutes) to 43200 (12 hours)`,
		);
	}
	return { roleArn, externalId: text('externalId') || undefined, sessionName, durationSeconds: duration };
}

/** Validates the credential's fields; throws a message naming the field to fix. */
export function connectionFromCredentials(data: ICredentialDataDecryptedObject): AwsCognitoCredentials {
	const text: Text = (name) => (typeof data[name] === 'string' ? (data[name] as string).trim() : '');
	const region = text('region');
	if (!isAwsRegion(region)) {
		throw new Error('Region is not an AWS region name: use one like "us-east-1" or "eu-west-1"');
	}
	// Credentials saved before Authentication existed have no value: they are Access Keys.
	const authentication = text('authentication') || 'accessKeys';
	if (!AUTHENTICATIONS.includes(authentication)) {
		throw new Error(
			`Authentication "${authentication}" is unknown: choose Access Keys, Assume Role or Host Credentials`,
		);
	}
	const assumeRole = authentication === 'assumeRole' ? assumeRoleSettings(text, data) : undefined;
	const fromHost =
		authentication === 'hostCredentials' || (assumeRole !== undefined && text('roleSource') === 'hostCredentials');
	if (fromHost && !hostCredentialsAllowed()) throw new Error(HOST_CREDENTIALS_OFF_MESSAGE);
	const share = typeof data.quotaShare === 'number' ? data.quotaShare : 80;
	const settings = {
		region,
		endpoint: endpointField(text, 'endpoint', 'Custom Endpoint', `https://cognito-idp.${region}.amazonaws.com`),
		stsEndpoint: endpointField(text, 'stsEndpoint', 'STS Endpoint', `https://sts.${region}.amazonaws.com`),
		quotaShare: share / 100,
		assumeRole,
		userPoolId: text('userPoolId') || undefined,
	};
	return fromHost ? { ...settings, hostCredentials: true } : { ...settings, ...accessKeys(text) };
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
