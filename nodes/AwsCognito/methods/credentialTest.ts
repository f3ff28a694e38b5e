import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { connectionFromCredentials, type AwsCognitoCredentials } from '../credentials';
import {
	AwsCredentialError,
	CognitoApi,
	CognitoError,
	credentialProviderFor,
	describeEndpoint,
	describeStsEndpoint,
	sourceCredentialsFor,
	toCredentialError,
	usesHostCredentials,
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

/** How the credential authenticates, for the success message. */
function identityOf(credentials: AwsCognitoCredentials): string {
	if (credentials.assumeRole) return ` as role ${credentials.assumeRole.roleArn}`;
	return usesHostCredentials(credentials) ? " with the n8n host's credentials" : '';
}

/** A failed step as the test reports it: which step, what happened, what to do. */
function stepFailure(
	step: string | undefined,
	error: unknown,
	credentials: AwsCognitoCredentials,
): INodeCredentialTestResult {
	const failure = error instanceof AwsCredentialError ? toCredentialError(error, credentials) : error;
	const label =
		failure instanceof CognitoError && failure.kind === 'badCredentials' && step?.startsWith('STS')
			? 'Source credentials (checked by STS)'
			: step;
	const prefix = label ? `${label}: ` : '';
	if (failure instanceof CognitoError) {
		return {
			status: 'Error',
			message: `${prefix}${failure.message}. ${failure.hint}${extraAdvice(failure, credentials)}`,
		};
	}
	return { status: 'Error', message: `${prefix}${failure instanceof Error ? failure.message : String(failure)}` };
}

/** Gets credentials the way every call does, one step at a time, so that a failure names its step. */
async function credentialSteps(
	credentials: AwsCognitoCredentials,
	timeoutMs: number,
): Promise<INodeCredentialTestResult | undefined> {
	const steps: Array<[string, () => Promise<unknown>]> = [];
	// Keys in the credential need no call of their own: STS or Cognito checks them.
	if (usesHostCredentials(credentials)) steps.push(['Host credentials', sourceCredentialsFor(credentials)]);
	if (credentials.assumeRole)
		steps.push([`STS AssumeRole at ${describeStsEndpoint(credentials)}`, credentialProviderFor(credentials)]);
	for (const [step, run] of steps) {
		try {
			await withTimeout(run(), timeoutMs, `${step} timed out`);
		} catch (error) {
			if (error instanceof TimeoutError) {
				return {
					status: 'Error',
					message: `${step}: no answer within ${timeoutMs / 1000} seconds. Check the endpoint and that this n8n can reach it (firewall, proxy).`,
				};
			}
			return stepFailure(step, error, credentials);
		}
	}
	return undefined;
}

async function probe(credentials: AwsCognitoCredentials, timeoutMs: number): Promise<INodeCredentialTestResult> {
	const { userPoolId } = credentials;
	if (userPoolId && !isUserPoolId(userPoolId)) {
		return {
			status: 'Error',
			message: 'Default User Pool ID is not a user pool ID: use one like "us-east-1_T5HyXiR7I", or leave it empty',
		};
	}
	const credentialFailure = await credentialSteps(credentials, timeoutMs);
	if (credentialFailure) return credentialFailure;
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
		// With keys in the credential, Cognito is the only step: its message says enough.
		const step = credentials.assumeRole || usesHostCredentials(credentials) ? 'Cognito' : undefined;
		return stepFailure(step, error, credentials);
	}
	return {
		status: 'OK',
		message: userPoolId
			? `Connected${identityOf(credentials)}: user pool "${userPoolId}" is readable`
			: `Connected${identityOf(credentials)}: the credential can list the user pools of ${credentials.region}`,
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
	const secrets = [data?.secretAccessKey, data?.sessionToken, data?.externalId].map((value) =>
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
