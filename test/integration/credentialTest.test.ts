/**
 * The credential test against moto (a reachable Cognito) and against a closed port (an unreachable one).
 * moto accepts any key and secret, so wrong keys are covered by the unit tests only.
 */
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import { testAwsCognitoCredential } from '../../nodes/AwsCognito/methods/credentialTest';
import { motoEndpoint, TEST_CREDENTIALS, TEST_REGION } from '../support/cognito';
import { findFreePort } from '../support/moto';
import { useMotoPool } from '../support/motoPool';
import { callInPlainNode, cleanUpPlainNode } from '../support/plainNode';

let poolId: string;

const credential = (fields: Record<string, string> = {}): ICredentialDataDecryptedObject => ({
	region: TEST_REGION,
	accessKeyId: TEST_CREDENTIALS.accessKeyId,
	secretAccessKey: 'moto-credential-test-secret',
	endpoint: motoEndpoint(),
	...fields,
});

useMotoPool('credential-test', {
	seed: async (pool) => {
		poolId = pool.poolId;
	},
});

afterAll(() => {
	cleanUpPlainNode();
});

describe('credential test against moto', () => {
	it('is OK without a default pool (ListUserPools)', async () => {
		expect(await testAwsCognitoCredential(credential())).toEqual({
			status: 'OK',
			message: `Connected: the credential can list the user pools of ${TEST_REGION}`,
		});
	});

	it('is OK with a default pool that exists (ListUsers on it)', async () => {
		expect(await testAwsCognitoCredential(credential({ userPoolId: poolId }))).toEqual({
			status: 'OK',
			message: `Connected: user pool "${poolId}" is readable`,
		});
	});

	it('names the pool and the region when the default pool does not exist', async () => {
		const missing = `${TEST_REGION}_NoSuchPool42`;
		const result = await testAwsCognitoCredential(credential({ userPoolId: missing }));
		expect(result).toEqual({
			status: 'Error',
			message: `User pool "${missing}" was not found in region "${TEST_REGION}". Check the user pool ID and that the credential uses the region the pool lives in.`,
		});
	});

	it('catches a malformed default pool before calling', async () => {
		const result = await testAwsCognitoCredential(credential({ userPoolId: 'my pool' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Default User Pool ID is not a user pool ID/);
	});
});

describe('credential test against an unreachable endpoint', () => {
	it('names the endpoint and the refused connection for a closed 127.0.0.1 port, as n8n runs it', async () => {
		const closedPort = await findFreePort();
		const endpoint = `http://127.0.0.1:${closedPort}`;

		const result = callInPlainNode<INodeCredentialTestResult>(
			'nodes/AwsCognito/methods/credentialTest',
			'testAwsCognitoCredential',
			[credential({ endpoint })],
		);

		expect(result).toEqual({
			status: 'Error',
			message: `Could not reach Cognito at ${endpoint} (connection refused). Check the region and, if set, the endpoint URL in the credential, and that this n8n can reach it.`,
		});
		expect(result.message).not.toContain('moto-credential-test-secret');
	});

	it('fails fast (one attempt) and keeps the secret out, inside Jest too', async () => {
		const closedPort = await findFreePort();
		const started = Date.now();
		const result = await testAwsCognitoCredential(credential({ endpoint: `http://127.0.0.1:${closedPort}` }));
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('connection refused');
		expect(result.message).not.toContain('moto-credential-test-secret');
	});
});
