import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { connectionFromCredentials, type AwsCognitoCredentials } from '../credentials';
import {
	CognitoApi,
	CognitoError,
	describeEndpoint,
	isAwsRegion,
	isUserPoolId,
	redactSecrets,
	TimeoutError,
	withTimeout,
} from '../transport';

/** How long the test waits for Cognito: the SDK has no timeout of its own, and a blackholed endpoint never answers. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

/** What to add to the transport's message for the two cases a credential test most often hits. */
function extraAdvice(error: CognitoError, credentials: AwsCognitoCredentials): string {
	const poolId = credentials.userPoolId;
	if (error.kind === 'accessDenied' && !poolId) {
		return ' Or set "Default User Pool ID": the test then only needs cognito-idp:ListUsers on that pool.';
	}
	const poolRegion = poolId?.split('_')[0];
	if (error.kind === 'notFound' && poolRegion && isAwsRegion(poolRegion) && poolRegion !== credentials.region) {
		return ` The pool ID starts with "${poolRegion}" but Region is "${credentials.region}": set Region to "${poolRegion}".`;
	}
	return '';
}

async function probe(credentials: AwsCognitoCredentials, timeoutMs: number): Promise<INodeCredentialTestResult> {
	const { userPoolId } = credentials;
	if (userPoolId && !isUserPoolId(userPoolId)) {
		return {
			status: 'Error',
			message: `Default User Pool ID "${userPoolId}" is not a user pool ID: use one like "us-east-1_T5HyXiR7I", or leave it empty`,
		};
	}
	// One attempt: a credential test should answer fast, not wait out a retry schedule.
	const api = new CognitoApi(credentials, { retry: { maxAttempts: 1 } });
	try {
		// ListUsers on the default pool lets a pool-scoped IAM policy pass; ListUserPools needs no pool.
		const call = userPoolId
			? api.send('ListUsers', { UserPoolId: userPoolId, Limit: 1 })
			: api.send('ListUserPools', { MaxResults: 1 });
		await withTimeout(call, timeoutMs, 'credential test timed out');
	} catch (error) {
		if (error instanceof TimeoutError) {
			return {
				status: 'Error',
				message: `Cognito at ${describeEndpoint(credentials)} did not answer within ${timeoutMs / 1000} seconds. Check the region and, if set, the endpoint URL, and that this n8n can reach it (firewall, proxy).`,
			};
		}
		if (error instanceof CognitoError) {
			return { status: 'Error', message: `${error.message}. ${error.hint}${extraAdvice(error, credentials)}` };
		}
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
	return {
		status: 'OK',
		message: userPoolId
			? `Connected: user pool "${userPoolId}" is readable`
			: `Connected: the credential can list the user pools of ${credentials.region}`,
	};
}

/**
 * Proves the credential with one real, cheap call: ListUsers (Limit 1) on the default pool when one
 * is set, otherwise ListUserPools (MaxResults 1). Every message says what to fix and never holds a secret.
 */
export async function testAwsCognitoCredential(
	data: ICredentialsDecrypted['data'],
	timeoutMs = CREDENTIAL_TEST_TIMEOUT_MS,
): Promise<INodeCredentialTestResult> {
	const secrets = [data?.secretAccessKey, data?.sessionToken].map((value) =>
		typeof value === 'string' ? value.trim() : undefined,
	);
	let result: INodeCredentialTestResult;
	try {
		result = await probe(connectionFromCredentials(data ?? {}), timeoutMs);
	} catch (error) {
		result = { status: 'Error', message: (error as Error).message };
	}
	// Belt and braces: whatever a message quotes (a field, an AWS reason), no secret leaves this function.
	return { ...result, message: redactSecrets(result.message, secrets) };
}

export const credentialTest = {
	async awsCognitoApiTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		return await testAwsCognitoCredential(credential.data);
	},
};
