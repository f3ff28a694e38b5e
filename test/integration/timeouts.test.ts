/**
 * Real sockets on 127.0.0.1: an endpoint that accepts and never answers, one that drops every
 * connection, and a closed port, through the real SDK client, our request handler and budget, and
 * n8n's real NodeApiError.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, type INode } from 'n8n-workflow';

import { toNodeError } from '../../nodes/AwsCognito/nodeErrors';
import {
	CognitoApi,
	isRetryable,
	resetClients,
	resetLimiters,
	toCognitoError,
	type CognitoConnection,
} from '../../nodes/AwsCognito/transport';
import { requestHandler } from '../../nodes/AwsCognito/transport/timeout';
import { findFreePort } from '../support/moto';

const node: INode = {
	id: 'n1',
	name: 'AWS Cognito',
	type: 'n8n-nodes-aws-cognito.awsCognito',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const N8N_GENERIC = /perhaps it is offline|retry the request immediately|consider setting the 'Retry on Fail'/i;

type Behaviour = 'hang' | 'drop';

async function startServer(behaviour: Behaviour): Promise<{ endpoint: string; stop(): Promise<void> }> {
	const server = http.createServer((req) => {
		if (behaviour === 'drop') req.socket.destroy();
		// 'hang': read the request, never answer.
		req.resume();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}`,
		async stop() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/**
 * STS on a closed port of its own: the account lookup fails at once (the limiters then key by the
 * access key), so what is measured is the Cognito endpoint's fault alone.
 */
let closedStsEndpoint = '';
beforeAll(async () => {
	closedStsEndpoint = `http://127.0.0.1:${await findFreePort()}`;
});

const connectionTo = (endpoint: string): CognitoConnection => ({
	region: 'eu-west-1',
	accessKeyId: 'AKIDTIMEOUTTEST',
	secretAccessKey: 'timeout-test-secret',
	endpoint,
	stsEndpoint: closedStsEndpoint,
	quotaShare: 1,
});

afterEach(async () => {
	resetClients();
	await resetLimiters();
});

describe('timeouts against real sockets', () => {
	it('the request handler turns an answer that never comes into a retryable TimeoutError', async () => {
		const server = await startServer('hang');
		const client = new CognitoIdentityProviderClient({
			...connectionTo(server.endpoint),
			credentials: { accessKeyId: 'AKIDTIMEOUTTEST', secretAccessKey: 'timeout-test-secret' },
			maxAttempts: 1,
			requestHandler: requestHandler({ answerMs: 300 }),
		});
		try {
			const started = Date.now();
			const error = await client.send(new ListUsersCommand({ UserPoolId: 'eu-west-1_p' })).catch((e: unknown) => e);
			expect(Date.now() - started).toBeLessThan(3_000);
			expect((error as Error).name).toBe('TimeoutError');
			expect(isRetryable(error)).toBe(true);
			const mapped = toCognitoError(error, 'ListUsers', { userPoolId: 'eu-west-1_p' }, connectionTo(server.endpoint));
			expect(mapped.kind).toBe('timedOut');
		} finally {
			client.destroy();
			await server.stop();
		}
	});

	it('a hung endpoint fails within the call budget, and the message survives n8n', async () => {
		const server = await startServer('hang');
		try {
			const api = new CognitoApi(connectionTo(server.endpoint), { retry: { budgetMs: 5_000 } });
			const started = Date.now();
			const failure = await api
				.send('AdminGetUser', { UserPoolId: 'eu-west-1_p', Username: 'jane' })
				.catch((e: unknown) => e);
			// The budget plus room for a loaded machine; without a budget this would take 30 s.
			expect(Date.now() - started).toBeLessThan(15_000);
			const error = toNodeError(node, failure, 0);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toMatch(
				new RegExp(
					`^Cognito at ${server.endpoint.replace(/\./g, '\\.')} did not answer AdminGetUser for user "jane" in time \\(1 attempt in [\\d.]+ s\\)$`,
				),
			);
			expect((error as NodeApiError).description).not.toMatch(N8N_GENERIC);
		} finally {
			await server.stop();
		}
	});

	it('a dropped connection is retried, then reported in words', async () => {
		const server = await startServer('drop');
		try {
			const api = new CognitoApi(connectionTo(server.endpoint), {
				retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
			});
			const failure = await api.send('ListUsers', { UserPoolId: 'eu-west-1_p' }).catch((e: unknown) => e);
			expect(api.metrics.calls.ListUsers).toBe(3);
			const error = toNodeError(node, failure, 0);
			expect(error.message).toBe(`Could not reach Cognito at ${server.endpoint} (connection closed by the other side)`);
		} finally {
			await server.stop();
		}
	});

	it('a closed port is reported in words, at once', async () => {
		const endpoint = `http://127.0.0.1:${await findFreePort()}`;
		const api = new CognitoApi(connectionTo(endpoint));
		const started = Date.now();
		const failure = await api.send('ListUsers', { UserPoolId: 'eu-west-1_p' }).catch((e: unknown) => e);
		expect(Date.now() - started).toBeLessThan(2_000);
		const error = toNodeError(node, failure, 0);
		expect(error.message).toBe(`Could not reach Cognito at ${endpoint} (connection refused)`);
		expect(error.message).not.toMatch(N8N_GENERIC);
	});
});
