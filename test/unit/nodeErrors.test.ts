import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { survivesN8n, toNodeError } from '../../nodes/AwsCognito/nodeErrors';
import { CognitoApi, type CognitoConnection } from '../../nodes/AwsCognito/transport';
import { sharedLimiterFailure, limiterStoreFromEnv } from '../../nodes/AwsCognito/transport/limiterStore';
import { awsError, UNIT_CONNECTION, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();

const node: INode = {
	id: 'n1',
	name: 'AWS Cognito',
	type: 'n8n-nodes-aws-cognito.awsCognito',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** n8n-workflow's generic texts (COMMON_ERRORS) that replace a message naming a network code. */
const N8N_GENERIC =
	/perhaps it is offline|retry the request immediately|connection cannot be established|connection timed out, consider|DNS server returned an error|host is unreachable/i;

const endpoint = 'http://127.0.0.1:9';
const connection: CognitoConnection = { ...UNIT_CONNECTION, endpoint };

async function nodeErrorOf(api: CognitoApi): Promise<NodeApiError | NodeOperationError> {
	const failure = await api
		.send('AdminAddUserToGroup', { UserPoolId: 'eu-west-1_p', Username: 'jane', GroupName: 'admins' })
		.then(
			() => undefined,
			(error: unknown) => error,
		);
	const error = toNodeError(node, failure, 0);
	expect(error).toBeInstanceOf(error instanceof NodeApiError ? NodeApiError : NodeOperationError);
	return error as NodeApiError | NodeOperationError;
}

function expectIntact(error: NodeApiError | NodeOperationError, expected: RegExp): void {
	expect(error.message).toMatch(expected);
	expect(error.message).not.toMatch(N8N_GENERIC);
	expect(error.description ?? '').not.toMatch(N8N_GENERIC);
	expect(`${error.message} ${error.description ?? ''}`).not.toMatch(/\bE[A-Z_]{3,}\b/);
}

describe('messages that survive n8n (through the real NodeApiError / NodeOperationError)', () => {
	const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } };

	it('a refused connection names the endpoint in words', async () => {
		cognito.rejects(
			Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', errno: -111 }),
		);
		const error = await nodeErrorOf(new CognitoApi(connection, fast));
		expect(error).toBeInstanceOf(NodeApiError);
		expectIntact(error, /^Could not reach Cognito at http:\/\/127\.0\.0\.1:9 \(connection refused\)$/);
		expect(error.description).toMatch(/Check the region/);
	});

	it('a reset connection, retried until the attempts run out, is still ours', async () => {
		cognito.rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const error = await nodeErrorOf(new CognitoApi(connection, fast));
		expectIntact(error, /^Could not reach Cognito at http:\/\/127\.0\.0\.1:9 \(connection closed by the other side\)$/);
		expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(2);
	});

	it('an answer that never comes (the SDK handler timeout) says so and names the user and group', async () => {
		const timeout = Object.assign(new Error('a request has exceeded the configured 30000 ms requestTimeout.'), {
			name: 'TimeoutError',
			code: 'ETIMEDOUT',
		});
		cognito.rejects(timeout);
		const error = await nodeErrorOf(new CognitoApi(connection, fast));
		expectIntact(
			error,
			/^Cognito at http:\/\/127\.0\.0\.1:9 did not answer AdminAddUserToGroup for user "jane" in group "admins" in time \(2 attempts\)$/,
		);
	});

	it('throttling that outlasts the budget: clean, names the call, never "retry immediately"', async () => {
		cognito.rejects(awsError('TooManyRequestsException', 'Rate exceeded'));
		const started = Date.now();
		const api = new CognitoApi(connection, {
			retry: { budgetMs: 600, baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 100 },
		});
		const error = await nodeErrorOf(api);
		expect(Date.now() - started).toBeLessThan(1_500);
		expectIntact(
			error,
			/^Cognito throttled AdminAddUserToGroup for user "jane" in group "admins" after \d+ attempts in 0\.\d s \(TooManyRequestsException\)$/,
		);
		expect(error.description).toMatch(/Quota Share/);
	});

	it('an unreachable shared-limiter Redis keeps its server and variable', () => {
		const settings = limiterStoreFromEnv({ N8N_COGNITO_LIMITER_REDIS_URL: 'redis://:pw-hunter2@127.0.0.1:6390/0' });
		if (settings.kind !== 'redis') throw new Error('expected Redis settings');
		const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });
		const error = toNodeError(node, sharedLimiterFailure(settings, cause, 'is unreachable'), 0) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expectIntact(
			error,
			/^The shared Cognito rate limiter in Redis at redis:\/\/127\.0\.0\.1:6390\/0 \(set by N8N_COGNITO_LIMITER_REDIS_URL\) is unreachable: connect connection refused 127\.0\.0\.1:6390\. Start that Redis/,
		);
		expect(error.message).not.toContain('hunter2');
	});

	it('a code hidden inside a word (a user named after one) is broken invisibly, not rewritten', () => {
		const text = survivesN8n('User "econnrefused-bot" was not found; ResourceNotFoundException');
		const error = new NodeOperationError(node, text);
		expect(error.message).not.toMatch(N8N_GENERIC);
		expect(error.message.replace(/\u200b/g, '')).toBe(
			'User "econnrefused-bot" was not found; ResourceNotFoundException',
		);
		// Without it, n8n replaces the whole message: the test can fail.
		expect(new NodeOperationError(node, 'ResourceNotFoundException').message).toMatch(N8N_GENERIC);
	});
});
