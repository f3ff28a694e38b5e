import {
	ListUserPoolsCommand,
	ListUsersCommand,
	ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import { credentialTest, testAwsCognitoCredential } from '../../nodes/AwsCognito/methods/credentialTest';
import { useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN';
const POOL_ID = 'us-east-1_CredPool1';
const BASE = { region: 'us-east-1', accessKeyId: 'AKIDUNITTESTEXAMPLE', secretAccessKey: SECRET, quotaShare: 100 };

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
	return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });
}

/** Every message the test produced, to check none of them leaks a secret. */
const messages: string[] = [];

async function test(data: ICredentialDataDecryptedObject, timeoutMs?: number): Promise<INodeCredentialTestResult> {
	const result = await testAwsCognitoCredential(data, timeoutMs);
	messages.push(result.message);
	return result;
}

describe('a working credential', () => {
	it('lists one user of the default pool, so that a pool-scoped IAM policy passes', async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [] });

		const result = await test({ ...BASE, userPoolId: POOL_ID });

		expect(result).toEqual({ status: 'OK', message: `Connected: user pool "${POOL_ID}" is readable` });
		expect(cognito.commandCalls(ListUsersCommand).map((c) => c.args[0].input)).toEqual([
			{ UserPoolId: POOL_ID, Limit: 1 },
		]);
		expect(cognito.commandCalls(ListUserPoolsCommand)).toHaveLength(0);
	});

	it('lists one user pool when no default pool is set', async () => {
		cognito.on(ListUserPoolsCommand).resolves({ UserPools: [] });

		const result = await test(BASE);

		expect(result).toEqual({ status: 'OK', message: 'Connected: the credential can list the user pools of us-east-1' });
		expect(cognito.commandCalls(ListUserPoolsCommand).map((c) => c.args[0].input)).toEqual([{ MaxResults: 1 }]);
	});

	it("is what n8n calls through the node's credentialTest method", async () => {
		cognito.on(ListUserPoolsCommand).resolves({ UserPools: [] });
		const result = await credentialTest.awsCognitoApiTest.call(new CredentialTestContext(), {
			id: '1',
			name: 'cognito',
			type: 'awsCognitoApi',
			data: BASE,
		});
		expect(result.status).toBe('OK');
	});
});

describe('AWS refusing the credential', () => {
	it('names the access key when AWS does not know it', async () => {
		cognito
			.on(ListUserPoolsCommand)
			.rejects(awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'));
		const result = await test(BASE);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^AWS does not recognise the access key ID\. Check the Access Key ID in the credential/,
		);
	});

	it('names the secret when the signature does not match', async () => {
		cognito
			.on(ListUsersCommand)
			.rejects(
				awsError(
					'InvalidSignatureException',
					`The request signature we calculated does not match the signature you provided. Secret: ${SECRET}`,
				),
			);
		const result = await test({ ...BASE, userPoolId: POOL_ID });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'The secret access key does not match the access key ID. Re-enter the Secret Access Key in the credential.',
		);
	});

	it('says the session token expired', async () => {
		cognito.on(ListUserPoolsCommand).rejects(awsError('ExpiredTokenException', 'expired'));
		const result = await test({ ...BASE, sessionToken: SESSION_TOKEN });
		expect(result.message).toMatch(/^The session token has expired\. Refresh the temporary credentials/);
	});

	it('names cognito-idp:ListUsers and the pool when the IAM policy lacks it', async () => {
		cognito.on(ListUsersCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
		const result = await test({ ...BASE, userPoolId: POOL_ID });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`The credential's IAM identity is not allowed to call cognito-idp:ListUsers on user pool "${POOL_ID}". ` +
				'Add "cognito-idp:ListUsers" to the IAM policy of this access key (see the README for ready-made policies).',
		);
	});

	it('names cognito-idp:ListUserPools, and the pool-scoped alternative, when no pool is set', async () => {
		cognito.on(ListUserPoolsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
		const result = await test(BASE);
		expect(result.message).toMatch(/not allowed to call cognito-idp:ListUserPools\. Add "cognito-idp:ListUserPools"/);
		expect(result.message).toMatch(
			/Or set "Default User Pool ID": the test then only needs cognito-idp:ListUsers on that pool\.$/,
		);
	});

	it('names the pool and the region when the pool does not exist', async () => {
		cognito.on(ListUsersCommand).rejects(
			new ResourceNotFoundException({
				message: `User pool ${POOL_ID} does not exist.`,
				$metadata: { httpStatusCode: 400 },
			}),
		);
		const result = await test({ ...BASE, userPoolId: POOL_ID });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`User pool "${POOL_ID}" was not found in region "us-east-1". ` +
				'Check the user pool ID and that the credential uses the region the pool lives in.',
		);
	});

	it('points at the region when the pool ID belongs to another one', async () => {
		cognito.on(ListUsersCommand).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));
		const result = await test({ ...BASE, userPoolId: 'eu-west-1_Elsewhere' });
		expect(result.message).toMatch(
			/The pool ID starts with "eu-west-1" but Region is "us-east-1": set Region to "eu-west-1"\.$/,
		);
	});

	it('tries once: a throttled test reports at once instead of backing off', async () => {
		cognito.on(ListUserPoolsCommand).rejects(awsError('TooManyRequestsException', 'Too many requests'));
		const result = await test(BASE);
		expect(result.message).toMatch(/^Cognito throttled ListUserPools after 1 attempt/);
		expect(cognito.commandCalls(ListUserPoolsCommand)).toHaveLength(1);
	});

	it('keeps a secret AWS echoes out of the message', async () => {
		cognito
			.on(ListUserPoolsCommand)
			.rejects(awsError('SomethingNewException', `bad key ${SECRET} token ${SESSION_TOKEN}`));
		const result = await test({ ...BASE, sessionToken: SESSION_TOKEN });
		expect(result.message).toMatch(
			/^Cognito ListUserPools failed: SomethingNewException: bad key \[redacted\] token \[redacted\]/,
		);
	});
});

describe('Cognito out of reach', () => {
	it('names the regional endpoint when the connection is refused', async () => {
		cognito
			.on(ListUserPoolsCommand)
			.rejects(Object.assign(new Error('connect ECONNREFUSED 1.2.3.4:443'), { code: 'ECONNREFUSED' }));
		const result = await test({ ...BASE, region: 'eu-west-1' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Could not reach Cognito at cognito-idp\.eu-west-1\.amazonaws\.com \(connection refused\)\. Check the region/,
		);
	});

	it('names a custom endpoint without any password in it', async () => {
		cognito.on(ListUserPoolsCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
		const result = await test({ ...BASE, endpoint: 'https://user:hunter2@cognito.internal.example:8443/path' });
		expect(result.message).toMatch(
			/^Could not reach Cognito at https:\/\/cognito\.internal\.example:8443 \(host name not found\)/,
		);
		expect(result.message).not.toContain('hunter2');
	});

	it('gives up after the timeout when Cognito never answers', async () => {
		cognito
			.on(ListUserPoolsCommand)
			.callsFake(async () => await new Promise((resolve) => setTimeout(() => resolve({ UserPools: [] }), 500)));
		const started = Date.now();
		const result = await test({ ...BASE, endpoint: 'http://10.255.255.1:9229' }, 50);
		expect(Date.now() - started).toBeLessThan(400);
		expect(result).toEqual({
			status: 'Error',
			message:
				'Cognito at http://10.255.255.1:9229 did not answer within 0.05 seconds. Check the region and, if set, the endpoint URL, and that this n8n can reach it (firewall, proxy).',
		});
	});
});

describe('fields that cannot work, caught before any call', () => {
	it.each([
		['a region name in words', { region: 'Ireland' }, /^Region is not an AWS region name: use one like "us-east-1"/],
		['an empty region', { region: '' }, /^Region is not an AWS region name/],
		['an endpoint that is not a URL', { endpoint: 'cognito.local' }, /^Custom Endpoint is not a URL/],
		[
			'an endpoint of another protocol',
			{ endpoint: 'ftp://127.0.0.1:21' },
			/^Custom Endpoint must start with http:\/\/ or https:\/\/$/,
		],
		['an empty access key ID', { accessKeyId: ' ' }, /^Access Key ID is empty/],
		['an empty secret', { secretAccessKey: '' }, /^Secret Access Key is empty/],
		[
			'a default pool that is not a pool ID',
			{ userPoolId: 'customers' },
			/^Default User Pool ID is not a user pool ID/,
		],
	])('reports %s, naming the field', async (_label, fields, message) => {
		const result = await test({ ...BASE, ...fields });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('reports an empty credential', async () => {
		const result = await testAwsCognitoCredential(undefined);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Region is not an AWS region name/) });
	});

	it('never quotes the secret, even one pasted into another field by mistake', async () => {
		const result = await test({ ...BASE, region: SECRET });
		expect(result.status).toBe('Error');
		expect(result.message).toBe('Region is not an AWS region name: use one like "us-east-1" or "eu-west-1"');
	});
});

// Runs last (jest runs a file's tests in order): every message above, of every outcome.
describe('secrets', () => {
	it('appear in no message the test produced', () => {
		expect(messages.length).toBeGreaterThan(15);
		for (const message of messages) {
			expect(message).not.toContain(SECRET);
			expect(message).not.toContain(SESSION_TOKEN);
		}
	});
});
