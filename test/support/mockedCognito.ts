import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

import { resetClients, resetLimiters, type CognitoConnection } from '../../nodes/AwsCognito/transport';

export type MockedCognito = AwsClientStub<CognitoIdentityProviderClient>;

/** Fake credentials for unit tests; never sent anywhere. */
export function unitCredentials(name: string, region = 'us-east-1') {
	return {
		region,
		accessKeyId: `AKID${name.toUpperCase()}TEST`,
		secretAccessKey: `${name}-test-secret-access-key`,
		quotaShare: 100,
	};
}

/** A transport connection for unit tests: quota share 1, a secret tests check never leaks. */
export const UNIT_CONNECTION: CognitoConnection = {
	region: 'eu-west-1',
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'super-secret-value',
	quotaShare: 1,
};

/** An error shaped like the SDK's service exceptions. */
export function awsError(name: string, message = name, httpStatusCode = 400): Error {
	return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

/**
 * Mocks the Cognito SDK client for the enclosing file or describe block: a fresh mock, clients and
 * limiters before each test, and the real client back afterwards.
 */
export function useMockedCognito(): MockedCognito {
	const cognito = mockClient(CognitoIdentityProviderClient);
	beforeEach(async () => {
		cognito.reset();
		resetClients();
		await resetLimiters();
	});
	afterAll(async () => {
		cognito.restore();
		resetClients();
		await resetLimiters();
	});
	return cognito;
}

/** Inputs of every call of one command, in order. */
export function inputsOf<T>(cognito: MockedCognito, command: new (input: T) => unknown): T[] {
	return cognito.commandCalls(command as never).map((call) => call.args[0].input as T);
}
