import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';

import {
	credentialFingerprint,
	stsEndpointOf,
	usesHostCredentials,
	type AssumeRoleSettings,
	type CognitoConnection,
} from './connection';
import { requestHandler, withTimeout } from './timeout';

// The providers' own types, without importing @aws-sdk/types (not a dependency of this package).
type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** Set to `true` on every n8n process (main and workers) to allow the host's own AWS credentials. */
export const ALLOW_HOST_CREDENTIALS_ENV = 'N8N_COGNITO_ALLOW_HOST_CREDENTIALS';

export const HOST_CREDENTIALS_OFF_MESSAGE =
	`Host credentials are turned off on this n8n: the n8n administrator must set ${ALLOW_HOST_CREDENTIALS_ENV}=true ` +
	'on every n8n process (main and workers) to allow them. They are off by default because anyone who can create ' +
	"a credential could otherwise act as the n8n server's own IAM identity. Or use Access Keys.";

export function hostCredentialsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
	return env[ALLOW_HOST_CREDENTIALS_ENV]?.trim().toLowerCase() === 'true';
}

/** Identifies n8n in CloudTrail when the credential names no session. */
export const DEFAULT_SESSION_NAME = 'n8n-aws-cognito';
export const DEFAULT_SESSION_DURATION = 3600;

/** STS's rule for RoleSessionName. */
export function isRoleSessionName(value: string): boolean {
	return /^[\w+=,.@-]{2,64}$/.test(value);
}

/** Temporary keys are replaced this long before they expire, so that no call is signed with keys about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Upper bound for getting credentials (host chain, STS): the SDK's own waits are not all bounded. */
export const CREDENTIAL_TIMEOUT_MS = 20_000;

/** STS calls fail fast rather than hang on a blackholed endpoint. */
/** STS answers in well under a second; an answer that never comes must not hold the first Cognito call long. */
const STS_REQUEST_HANDLER = requestHandler({ answerMs: 10_000 });

/** Which step of getting credentials failed. */
export type CredentialStep = 'source' | 'assumeRole';

/** Getting AWS credentials failed before any Cognito call; `cause` is the SDK's error. */
export class AwsCredentialError extends Error {
	constructor(
		readonly step: CredentialStep,
		readonly cause: unknown,
		readonly roleArn?: string,
	) {
		super(cause instanceof Error ? cause.message : String(cause));
		this.name = 'AwsCredentialError';
	}
}

/**
 * Caches what `fetch` returns until REFRESH_MARGIN_MS before it expires; concurrent callers share
 * one fetch, and a failed fetch is not cached. Credentials without an expiry never refresh.
 */
export function refreshingProvider(
	fetch: () => Promise<AwsCredentialIdentity>,
	now: () => number = Date.now,
): () => Promise<AwsCredentialIdentity> {
	let current: AwsCredentialIdentity | undefined;
	let pending: Promise<AwsCredentialIdentity> | undefined;
	const fresh = (identity: AwsCredentialIdentity) =>
		!identity.expiration || identity.expiration.getTime() - REFRESH_MARGIN_MS > now();
	return async () => {
		if (current && fresh(current)) return current;
		pending ??= fetch()
			.then((identity) => (current = identity))
			.finally(() => (pending = undefined));
		return await pending;
	};
}

/** The credentials a role is assumed with, or that call Cognito directly: keys, or the host's chain. */
function sourceProvider(connection: CognitoConnection): AwsCredentialIdentityProvider {
	if (!usesHostCredentials(connection)) {
		const { accessKeyId, secretAccessKey, sessionToken } = connection;
		const keys: AwsCredentialIdentity = { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined };
		return async () => keys;
	}
	// The chain's own STS client (web identity, profiles with role_arn) uses the connection's STS endpoint.
	const chain = fromNodeProviderChain({
		clientConfig: {
			region: connection.region,
			endpoint: stsEndpointOf(connection),
			requestHandler: STS_REQUEST_HANDLER,
		},
	});
	return async () => await chain();
}

/** Checked on every use, before any cache: the administrator's switch governs every call. */
function gated(connection: CognitoConnection, provider: () => Promise<AwsCredentialIdentity>) {
	if (!usesHostCredentials(connection)) return provider;
	return async (): Promise<AwsCredentialIdentity> => {
		if (!hostCredentialsAllowed()) {
			throw new AwsCredentialError('source', new Error(HOST_CREDENTIALS_OFF_MESSAGE));
		}
		return await provider();
	};
}

function assumedRoleProvider(
	connection: CognitoConnection,
	role: AssumeRoleSettings,
	source: AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider {
	return fromTemporaryCredentials({
		// Always given: without it the SDK would fall back to the host's chain, past our switch.
		masterCredentials: source,
		params: {
			RoleArn: role.roleArn,
			RoleSessionName: role.sessionName,
			DurationSeconds: role.durationSeconds,
			ExternalId: role.externalId || undefined,
		},
		clientConfig: {
			region: connection.region,
			endpoint: stsEndpointOf(connection),
			requestHandler: STS_REQUEST_HANDLER,
			// One attempt per fetch: a refused role does not become valid on retry, and the next call fetches again.
			maxAttempts: 1,
		},
	});
}

/** Tags failures with the step they belong to and bounds the wait. */
function stepOf(step: CredentialStep, provider: AwsCredentialIdentityProvider, roleArn?: string) {
	return async (): Promise<AwsCredentialIdentity> => {
		try {
			return await withTimeout(
				provider(),
				CREDENTIAL_TIMEOUT_MS,
				`no AWS credentials within ${CREDENTIAL_TIMEOUT_MS / 1000} s`,
			);
		} catch (error) {
			throw error instanceof AwsCredentialError ? error : new AwsCredentialError(step, error, roleArn);
		}
	};
}

interface CachedProviders {
	source: () => Promise<AwsCredentialIdentity>;
	final: () => Promise<AwsCredentialIdentity>;
}

const providers = new Map<string, CachedProviders>();

function providersFor(connection: CognitoConnection): CachedProviders {
	const key = credentialFingerprint(connection);
	let cached = providers.get(key);
	if (!cached) {
		const source = refreshingProvider(stepOf('source', sourceProvider(connection)));
		const role = connection.assumeRole;
		const final = role
			? refreshingProvider(stepOf('assumeRole', assumedRoleProvider(connection, role, source), role.roleArn))
			: source;
		cached = { source: gated(connection, source), final: gated(connection, final) };
		providers.set(key, cached);
	}
	return cached;
}

/**
 * The credentials Cognito calls are signed with: one cached, self-refreshing provider per distinct
 * credential, so a role is assumed once per session lifetime, not per call. Failures are
 * AwsCredentialError, tagged with the step that failed.
 */
export function credentialProviderFor(connection: CognitoConnection): () => Promise<AwsCredentialIdentity> {
	return providersFor(connection).final;
}

/** Only the source step (keys or host chain), for the credential test's step-by-step diagnosis. */
export function sourceCredentialsFor(connection: CognitoConnection): () => Promise<AwsCredentialIdentity> {
	return providersFor(connection).source;
}

/** Forgets every cached provider (tests, credential changes in long-lived processes). */
export function resetCredentialProviders(): void {
	providers.clear();
}
