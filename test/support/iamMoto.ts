/**
 * A moto server of its own that enforces IAM (INITIAL_NO_AUTH_ACTION_COUNT): within the first
 * requests it creates a pool, an IAM user allowed only sts:AssumeRole, and a role (trust policy
 * with an external ID) allowed Cognito; then every request's keys and policies are checked.
 *
 * What moto 5.2.1 enforces, probed: AccessDenied for actions a policy lacks (Cognito and STS), a
 * wrong ExternalId (a missing one passes), unknown keys and bad signatures. Not enforced: Cognito
 * resource ARNs (only "*" matches, so the role is allowed on "*" here; the README's policy names
 * the pool), DurationSeconds above MaxSessionDuration, missing roles, session-name syntax. With
 * enforcement on, AssumeRoleWithWebIdentity (unsigned) answers 500, so web identity runs against
 * the shared, non-enforcing moto.
 */
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

import { makeClient, TEST_CREDENTIALS, TEST_REGION } from './cognito';
import { startMoto, type MotoServer } from './moto';

/** Requests moto lets through unchecked: readiness probes and the setup below fit well within it. */
const NO_AUTH_REQUESTS = 60;

export const EXTERNAL_ID = 'n8n-ext-4711';

export interface IamMoto {
	moto: MotoServer;
	poolId: string;
	/** Keys of an IAM user whose only permission is sts:AssumeRole. */
	sourceKeys: { accessKeyId: string; secretAccessKey: string };
	userArn: string;
	/** A role trusting that user with EXTERNAL_ID, allowed cognito-idp:* (see above for the resource). */
	roleArn: string;
}

/** One IAM Query API call during the unchecked phase (no IAM client in the dependencies); returns the XML. */
async function iam(endpoint: string, action: string, params: Record<string, string>): Promise<string> {
	const response = await fetch(endpoint, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			// moto routes by the credential scope; the signature is not checked in the unchecked phase.
			Authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20260101/${TEST_REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
		},
		body: new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString(),
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`IAM ${action} failed: ${response.status} ${text.slice(0, 300)}`);
	return text;
}

function xmlValue(xml: string, tag: string): string {
	const value = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)?.[1];
	if (!value) throw new Error(`no <${tag}> in ${xml.slice(0, 300)}`);
	return value;
}

const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

export async function startIamMoto(): Promise<IamMoto> {
	const moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: String(NO_AUTH_REQUESTS) } });
	try {
		const { endpoint } = moto;
		const cognito = makeClient(endpoint);
		const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'iam-enforced' }));
		cognito.destroy();
		const userArn = xmlValue(await iam(endpoint, 'CreateUser', { UserName: 'n8n-source' }), 'Arn');
		const key = await iam(endpoint, 'CreateAccessKey', { UserName: 'n8n-source' });
		await iam(endpoint, 'PutUserPolicy', {
			UserName: 'n8n-source',
			PolicyName: 'assume-only',
			PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }),
		});
		const trust = policy({
			Effect: 'Allow',
			Principal: { AWS: userArn },
			Action: 'sts:AssumeRole',
			Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
		});
		const roleArn = xmlValue(
			await iam(endpoint, 'CreateRole', { RoleName: 'n8n-cognito', AssumeRolePolicyDocument: trust }),
			'Arn',
		);
		await iam(endpoint, 'PutRolePolicy', {
			RoleName: 'n8n-cognito',
			PolicyName: 'cognito',
			PolicyDocument: policy({ Effect: 'Allow', Action: 'cognito-idp:*', Resource: '*' }),
		});
		await useUpUncheckedRequests(endpoint);
		return {
			moto,
			poolId: pool.UserPool?.Id ?? '',
			sourceKeys: { accessKeyId: xmlValue(key, 'AccessKeyId'), secretAccessKey: xmlValue(key, 'SecretAccessKey') },
			userArn,
			roleArn,
		};
	} catch (error) {
		await moto.stop();
		throw error;
	}
}

/** Spends the rest of the unchecked requests, so that every request of the tests is checked. */
async function useUpUncheckedRequests(endpoint: string): Promise<void> {
	const sts = new STSClient({ region: TEST_REGION, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
	try {
		for (let request = 0; request < NO_AUTH_REQUESTS; request++) {
			try {
				await sts.send(new GetCallerIdentityCommand({}));
			} catch {
				return; // the unknown key "testing" is refused: enforcement is on
			}
		}
		throw new Error(`moto still accepts unknown keys after ${NO_AUTH_REQUESTS} requests`);
	} finally {
		sts.destroy();
	}
}
