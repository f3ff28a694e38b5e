import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

import { resetQuotaScopes } from './accountScope';
import { credentialProviderFor, resetCredentialProviders } from './awsCredentials';
import { connectionFingerprint, type CognitoConnection } from './connection';
import { requestHandler } from './timeout';

const clients = new Map<string, CognitoIdentityProviderClient>();

/**
 * One SDK client per distinct connection, reused across executions so that sockets are kept alive.
 * The SDK's own retries are off (`maxAttempts: 1`): every retry goes back through our limiter in
 * `send()`, so a retried call is paced and counted like any other.
 */
export function getClient(connection: CognitoConnection): CognitoIdentityProviderClient {
	const key = connectionFingerprint(connection);
	let client = clients.get(key);
	if (!client) {
		client = new CognitoIdentityProviderClient({
			region: connection.region,
			endpoint: connection.endpoint || undefined,
			// Cached per credential and refreshed before expiry (see awsCredentials.ts).
			credentials: credentialProviderFor(connection),
			maxAttempts: 1,
			requestHandler: requestHandler(),
		});
		clients.set(key, client);
	}
	return client;
}

/** Drops cached clients, credential providers and learnt accounts (tests, and after credential changes in long-lived processes). */
export function resetClients(): void {
	for (const client of clients.values()) client.destroy();
	clients.clear();
	resetCredentialProviders();
	resetQuotaScopes();
}
