import { createHash } from 'crypto';

/** The role to assume, and how: the keys or host credentials of the connection are its source. */
export interface AssumeRoleSettings {
	roleArn: string;
	/** The `sts:ExternalId` the role's trust policy requires, if any. */
	externalId?: string;
	/** Shown in CloudTrail as the session of the assumed role. */
	sessionName: string;
	/** Lifetime of each set of temporary keys, 900..43200 seconds (capped by the role's maximum). */
	durationSeconds: number;
}

interface ConnectionSettings {
	region: string;
	/** Endpoint override (local emulator, VPC endpoint); AWS's regional endpoint when absent. */
	endpoint?: string;
	/** STS endpoint override; when absent, `endpoint` if set (emulators serve both), else AWS's regional STS. */
	stsEndpoint?: string;
	/** Share of each AWS quota this package may use, in (0, 1]. */
	quotaShare?: number;
	/** Assume this role with the credentials below, and call Cognito as the role. */
	assumeRole?: AssumeRoleSettings;
}

/** Access keys given in the credential (Access Keys mode, or the source of Assume Role). */
export interface KeysConnection extends ConnectionSettings {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

/**
 * The n8n host's own AWS credentials (the SDK's default provider chain). Allowed only when the
 * administrator sets N8N_COGNITO_ALLOW_HOST_CREDENTIALS=true on the n8n processes.
 */
export interface HostConnection extends ConnectionSettings {
	hostCredentials: true;
}

/** Plain settings needed to reach Cognito; built by the nodes from the credential. */
export type CognitoConnection = KeysConnection | HostConnection;

export function usesHostCredentials(connection: CognitoConnection): connection is HostConnection {
	return 'hostCredentials' in connection && connection.hostCredentials;
}

/** The secrets a connection holds, for redaction. */
export function connectionSecrets(connection: CognitoConnection): Array<string | undefined> {
	if (usesHostCredentials(connection)) return [];
	return [connection.secretAccessKey, connection.sessionToken];
}

/** The STS endpoint a connection uses (see `stsEndpoint`); undefined means AWS's regional endpoint. */
export function stsEndpointOf(connection: CognitoConnection): string | undefined {
	return connection.stsEndpoint || connection.endpoint || undefined;
}

function hash(parts: ReadonlyArray<string | number | undefined>, length: number): string {
	return createHash('sha256')
		.update(parts.map((part) => String(part ?? '')).join('\u0000'))
		.digest('hex')
		.slice(0, length);
}

/** A stable identifier of a connection's credentials that never reveals its secrets. */
export function credentialFingerprint(connection: CognitoConnection): string {
	const role = connection.assumeRole;
	const source = usesHostCredentials(connection)
		? ['host']
		: ['keys', connection.accessKeyId, connection.secretAccessKey, connection.sessionToken];
	const assumed = role ? [role.roleArn, role.externalId, role.sessionName, role.durationSeconds] : [];
	return hash(
		[connection.region, stsEndpointOf(connection), ...source, ...assumed.map((part) => `role:${part ?? ''}`)],
		32,
	);
}

/** A stable identifier of a connection (credentials and Cognito endpoint) that never reveals its secrets. */
export function connectionFingerprint(connection: CognitoConnection): string {
	return hash([credentialFingerprint(connection), connection.endpoint], 32);
}

/**
 * The id of an account's quota bucket: AWS quotas are per account and region, so every credential
 * of one account (keys, roles, rotated temporary keys) shares it. A hash: no account id in Redis.
 */
export function accountQuotaScope(account: string, connection: Pick<CognitoConnection, 'region' | 'endpoint'>): string {
	return hash(['account', account, connection.region, connection.endpoint], 16);
}

/** The endpoint with any user:password part removed, for messages. */
export function describeEndpoint(connection: CognitoConnection): string {
	if (!connection.endpoint) return `cognito-idp.${connection.region}.amazonaws.com`;
	return originOf(connection.endpoint);
}

/** The STS endpoint, for messages, like describeEndpoint. */
export function describeStsEndpoint(connection: CognitoConnection): string {
	const endpoint = stsEndpointOf(connection);
	return endpoint ? originOf(endpoint) : `sts.${connection.region}.amazonaws.com`;
}

function originOf(endpoint: string): string {
	try {
		const url = new URL(endpoint);
		url.username = '';
		url.password = '';
		return url.origin;
	} catch {
		return 'the configured endpoint';
	}
}
