import { createHash } from 'crypto';

/** Plain settings needed to reach Cognito; built by the nodes from the credential. */
export interface CognitoConnection {
	region: string;
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** Endpoint override (local emulator, VPC endpoint); AWS's regional endpoint when absent. */
	endpoint?: string;
	/** Share of each AWS quota this package may use, in (0, 1]. */
	quotaShare?: number;
}

/** A stable identifier of a connection that never reveals its secrets. */
export function connectionFingerprint(connection: CognitoConnection): string {
	return createHash('sha256')
		.update(
			[
				connection.region,
				connection.endpoint ?? '',
				connection.accessKeyId,
				connection.secretAccessKey,
				connection.sessionToken ?? '',
			].join('\u0000'),
		)
		.digest('hex')
		.slice(0, 32);
}

/** Identifies the AWS account's quota bucket: quotas are per access key's account and region. */
export function quotaScope(connection: CognitoConnection): string {
	return createHash('sha256')
		.update([connection.accessKeyId, connection.region, connection.endpoint ?? ''].join('\u0000'))
		.digest('hex')
		.slice(0, 16);
}

/** The endpoint with any user:password part removed, for messages. */
export function describeEndpoint(connection: CognitoConnection): string {
	if (!connection.endpoint) return `cognito-idp.${connection.region}.amazonaws.com`;
	try {
		const url = new URL(connection.endpoint);
		url.username = '';
		url.password = '';
		return url.origin;
	} catch {
		return 'the configured endpoint';
	}
}
