import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { connectionFromCredentials } from '../helpers';
import { CognitoApi, CognitoError } from '../transport';

/**
 * Proves the credential with one real, cheap call: ListUsers (Limit 1) on the default pool when one
 * is set, so that a pool-scoped IAM policy passes; otherwise ListUserPools (MaxResults 1).
 */
export async function testAwsCognitoCredential(
	data: ICredentialsDecrypted['data'],
): Promise<INodeCredentialTestResult> {
	let api: CognitoApi;
	let userPoolId: string | undefined;
	try {
		const credentials = connectionFromCredentials(data ?? {});
		userPoolId = credentials.userPoolId;
		// One attempt: a credential test should answer fast, not wait out a retry schedule.
		api = new CognitoApi(credentials, { retry: { maxAttempts: 1 } });
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	try {
		if (userPoolId) {
			await api.send('ListUsers', { UserPoolId: userPoolId, Limit: 1 });
		} else {
			await api.send('ListUserPools', { MaxResults: 1 });
		}
	} catch (error) {
		if (error instanceof CognitoError) {
			return { status: 'Error', message: `${error.message}. ${error.hint}` };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	return {
		status: 'OK',
		message: userPoolId ? `Connected: user pool "${userPoolId}" is readable` : 'Connected to Cognito',
	};
}

export const credentialTest = {
	async awsCognitoApiTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		return await testAwsCognitoCredential(credential.data);
	},
};
