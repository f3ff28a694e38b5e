import { createHash } from 'crypto';

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

import { credentialProviderFor } from './awsCredentials';
import {
	accountQuotaScope,
	connectionFingerprint,
	stsEndpointOf,
	usesHostCredentials,
	type CognitoConnection,
} from './connection';
import { requestHandler, withTimeout } from './timeout';

/** arn:<partition>:iam::<12-digit account>:role/<optional path/>name — IAM's own limits on the name part. */
export const ROLE_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

export function isRoleArn(value: string): boolean {
	return ROLE_ARN_PATTERN.test(value);
}

/** The account a role belongs to, read from its ARN; undefined if it is not a role ARN. */
export function accountOfRoleArn(roleArn: string): string | undefined {
	return ROLE_ARN_PATTERN.exec(roleArn)?.[1];
}

/** GetCallerIdentity is cheap, but STS may be unreachable (a VPC without its endpoint): never wait longer. */
export const CALLER_IDENTITY_TIMEOUT_MS = 10_000;

const scopes = new Map<string, Promise<string>>();

async function callerAccount(connection: CognitoConnection): Promise<string> {
	const identity = await credentialProviderFor(connection)();
	// Web identity and some container providers already say which account they belong to.
	if (identity.accountId) return identity.accountId;
	const sts = new STSClient({
		region: connection.region,
		endpoint: stsEndpointOf(connection),
		credentials: identity,
		maxAttempts: 1,
		requestHandler: requestHandler({ answerMs: CALLER_IDENTITY_TIMEOUT_MS }),
	});
	try {
		const { Account } = await withTimeout(
			sts.send(new GetCallerIdentityCommand({})),
			CALLER_IDENTITY_TIMEOUT_MS,
			'STS GetCallerIdentity timed out',
		);
		if (!Account) throw new Error('STS GetCallerIdentity returned no account');
		return Account;
	} finally {
		sts.destroy();
	}
}

/**
 * When the account cannot be learnt (STS unreachable, credentials refused), the connection's
 * credentials form their own bucket, as before accounts were known: paced, if not shared.
 */
function fallbackScope(connection: CognitoConnection): string {
	const identity = usesHostCredentials(connection) ? 'host' : connection.accessKeyId;
	return createHash('sha256')
		.update(['credential', identity, connection.region, connection.endpoint ?? ''].join('\u0000'))
		.digest('hex')
		.slice(0, 16);
}

async function resolveScope(connection: CognitoConnection): Promise<string> {
	const roleAccount = connection.assumeRole && accountOfRoleArn(connection.assumeRole.roleArn);
	if (roleAccount) return accountQuotaScope(roleAccount, connection);
	try {
		return accountQuotaScope(await callerAccount(connection), connection);
	} catch {
		// The call itself will fail with the real reason if the credentials are bad; pacing must not.
		return fallbackScope(connection);
	}
}

/**
 * The quota bucket of a connection's AWS account and region (and endpoint): from the role ARN, or
 * from one STS GetCallerIdentity per credential, cached for the life of the process.
 */
export async function quotaScope(connection: CognitoConnection): Promise<string> {
	const key = connectionFingerprint(connection);
	let scope = scopes.get(key);
	if (!scope) {
		scope = resolveScope(connection);
		scopes.set(key, scope);
	}
	return await scope;
}

/** Forgets the learnt accounts (tests). */
export function resetQuotaScopes(): void {
	scopes.clear();
}
