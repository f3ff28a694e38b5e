/**
 * The three authentication modes: field validation, the host-credentials switch, assumed-role
 * caching and refresh (fake clock), the account scope, and the mapping of STS failures per step.
 * STS AssumeRole is mocked at the network edge (the STS client the AWS providers use).
 */
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AssumeRoleCommand, STSClient as ProviderStsClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { connectionFromCredentials } from '../../nodes/AwsCognito/credentials';
import { testAwsCognitoCredential } from '../../nodes/AwsCognito/methods/credentialTest';
import {
	ALLOW_HOST_CREDENTIALS_ENV,
	AwsCredentialError,
	quotaScope,
	toCredentialError,
	type CognitoConnection,
} from '../../nodes/AwsCognito/transport';
import { REFRESH_MARGIN_MS, refreshingProvider } from '../../nodes/AwsCognito/transport/awsCredentials';
import { getClient } from '../../nodes/AwsCognito/transport/client';
import { awsError, useMockedCognito } from '../support/mockedCognito';
import { sts } from '../support/unitStsEdge';

const cognito = useMockedCognito();
const assumeRole = mockClient(ProviderStsClient);

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSOURCEKEY';
const ASSUMED_SECRET = 'assumed/SECRET/value/never/shown/1234';
const ASSUMED_TOKEN = 'FwoGZXIvYXdzASSUMEDSESSIONTOKEN';
const ROLE_ARN = 'arn:aws:iam::210987654321:role/n8n-cognito';
const POOL_ID = 'us-east-1_RolePool1';
const KEYS = { region: 'us-east-1', accessKeyId: 'AKIDSOURCEKEY', secretAccessKey: SECRET };
const ROLE: ICredentialDataDecryptedObject = {
	...KEYS,
	authentication: 'assumeRole',
	roleArn: ROLE_ARN,
	externalId: 'ext-4711',
	roleSessionName: 'n8n-test',
	sessionDuration: 900,
	roleSource: 'accessKeys',
};

function assumedCredentials(expiresInMs: number, id = 'ASIAASSUMED1') {
	return {
		Credentials: {
			AccessKeyId: id,
			SecretAccessKey: ASSUMED_SECRET,
			SessionToken: ASSUMED_TOKEN,
			Expiration: new Date(Date.now() + expiresInMs),
		},
	};
}

const savedSwitch = process.env[ALLOW_HOST_CREDENTIALS_ENV];
beforeEach(() => {
	assumeRole.reset();
	delete process.env[ALLOW_HOST_CREDENTIALS_ENV];
});
afterAll(() => {
	if (savedSwitch === undefined) delete process.env[ALLOW_HOST_CREDENTIALS_ENV];
	else process.env[ALLOW_HOST_CREDENTIALS_ENV] = savedSwitch;
});

describe('credential fields', () => {
	it('reads a credential saved before Authentication existed as Access Keys', () => {
		expect(connectionFromCredentials({ ...KEYS, quotaShare: 50 })).toEqual({
			...KEYS,
			sessionToken: undefined,
			endpoint: undefined,
			stsEndpoint: undefined,
			assumeRole: undefined,
			quotaShare: 0.5,
			userPoolId: undefined,
		});
	});

	it('reads Assume Role with its settings', () => {
		expect(connectionFromCredentials(ROLE).assumeRole).toEqual({
			roleArn: ROLE_ARN,
			externalId: 'ext-4711',
			sessionName: 'n8n-test',
			durationSeconds: 900,
		});
		expect(connectionFromCredentials({ ...ROLE, roleSessionName: '' }).assumeRole?.sessionName).toBe('n8n-aws-cognito');
	});

	it.each([
		['a Role ARN that is not one', { roleArn: 'n8n-cognito' }, /^Role ARN is not an IAM role ARN/],
		['a user ARN', { roleArn: 'arn:aws:iam::210987654321:user/bob' }, /^Role ARN is not an IAM role ARN/],
		['a session name with a space', { roleSessionName: 'n8n test' }, /^Session Name is not allowed/],
		['a duration below 900 s', { sessionDuration: 899 }, /^Session Duration 899 is out of range: .*900.*43200/],
		['a duration above 12 hours', { sessionDuration: 43201 }, /^Session Duration 43201 is out of range/],
		['an STS endpoint that is no URL', { stsEndpoint: 'sts here' }, /^STS Endpoint is not a URL/],
	])('refuses %s, naming the field, before any call', (_, fields, message) => {
		expect(() => connectionFromCredentials({ ...ROLE, ...fields })).toThrow(message);
		expect(assumeRole.calls()).toHaveLength(0);
	});

	it('refuses host credentials, directly or as the role source, unless the administrator allows them', () => {
		for (const data of [
			{ ...KEYS, authentication: 'hostCredentials' },
			{ ...ROLE, roleSource: 'hostCredentials' },
		]) {
			expect(() => connectionFromCredentials(data)).toThrow(
				new RegExp(`^Host credentials are turned off on this n8n: .*${ALLOW_HOST_CREDENTIALS_ENV}=true`),
			);
		}
		process.env[ALLOW_HOST_CREDENTIALS_ENV] = 'true';
		const host = connectionFromCredentials({ ...KEYS, authentication: 'hostCredentials' });
		expect(host).toMatchObject({ hostCredentials: true });
		expect(host).not.toHaveProperty('secretAccessKey');
	});
});

describe('refreshingProvider (fake clock)', () => {
	it('keeps credentials until the refresh margin before expiry, then fetches new ones once', async () => {
		let now = 1_000_000;
		let fetched = 0;
		const provider = refreshingProvider(
			async () => {
				fetched++;
				return { accessKeyId: `ASIA${fetched}`, secretAccessKey: 's', expiration: new Date(now + 900_000) };
			},
			() => now,
		);

		expect((await provider()).accessKeyId).toBe('ASIA1');
		now += 900_000 - REFRESH_MARGIN_MS - 1; // just before the margin
		expect((await Promise.all([provider(), provider()])).map((c) => c.accessKeyId)).toEqual(['ASIA1', 'ASIA1']);
		now += 2; // inside the margin: every concurrent caller waits for one fetch
		expect((await Promise.all([provider(), provider(), provider()])).map((c) => c.accessKeyId)).toEqual([
			'ASIA2',
			'ASIA2',
			'ASIA2',
		]);
		expect(fetched).toBe(2);
	});

	it('does not cache a failure', async () => {
		let attempt = 0;
		const provider = refreshingProvider(async () => {
			attempt++;
			if (attempt === 1) throw new Error('STS down');
			return { accessKeyId: 'AKID', secretAccessKey: 's' };
		});
		await expect(provider()).rejects.toThrow('STS down');
		expect((await provider()).accessKeyId).toBe('AKID');
	});
});

describe('Assume Role through CognitoApi', () => {
	it('assumes the role once for many calls, signs Cognito with the role, and renews it in a long run', async () => {
		// 6 minutes left: fresh now, inside the 5-minute margin 61 s later. moto cannot issue sessions this short.
		jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval'] });
		try {
			assumeRole
				.on(AssumeRoleCommand)
				.resolvesOnce(assumedCredentials(6 * 60_000, 'ASIAFIRST'))
				.resolves(assumedCredentials(60 * 60_000, 'ASIASECOND'));
			const connection = connectionFromCredentials(ROLE);
			const signing = getClient(connection).config.credentials;

			const before = await Promise.all(Array.from({ length: 5 }, async () => (await signing()).accessKeyId));
			expect(assumeRole.commandCalls(AssumeRoleCommand)).toHaveLength(1);
			jest.setSystemTime(Date.now() + 61_000);
			const after = await Promise.all(Array.from({ length: 5 }, async () => (await signing()).accessKeyId));

			expect([...new Set(before), ...new Set(after)]).toEqual(['ASIAFIRST', 'ASIASECOND']);
			expect(assumeRole.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
				{ RoleArn: ROLE_ARN, RoleSessionName: 'n8n-test', DurationSeconds: 900, ExternalId: 'ext-4711' },
				{ RoleArn: ROLE_ARN, RoleSessionName: 'n8n-test', DurationSeconds: 900, ExternalId: 'ext-4711' },
			]);
		} finally {
			jest.useRealTimers();
		}
	});

	it('learns the account from the role ARN, without GetCallerIdentity', async () => {
		const role = connectionFromCredentials(ROLE);
		const otherRoleSameAccount = connectionFromCredentials({
			...ROLE,
			roleArn: 'arn:aws:iam::210987654321:role/other',
		});
		expect(await quotaScope(role)).toBe(await quotaScope(otherRoleSameAccount));
		expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
		// Keys of that same account share its quotas with the role.
		sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321' });
		expect(await quotaScope(connectionFromCredentials(KEYS))).toBe(await quotaScope(role));
	});

	it('asks GetCallerIdentity once per credential, and paces by key when STS cannot answer', async () => {
		const keys: CognitoConnection = { ...KEYS, accessKeyId: 'AKIDONCE' };
		const first = await quotaScope(keys);
		expect(await quotaScope(keys)).toBe(first);
		expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);

		sts.on(GetCallerIdentityCommand).rejects(awsError('AccessDenied', 'no'));
		const unknown = await quotaScope({ ...KEYS, accessKeyId: 'AKIDUNKNOWN' });
		expect(unknown).toMatch(/^[0-9a-f]{16}$/);
		expect(unknown).not.toBe(first);
	});
});

describe('STS failures, each named with its step', () => {
	const role = () => connectionFromCredentials(ROLE);
	const failure = (name: string, message: string) =>
		toCredentialError(new AwsCredentialError('assumeRole', awsError(name, message, 403), ROLE_ARN), role());

	it('lists every cause AWS hides behind AccessDenied: role, sts:AssumeRole, trust policy, external ID', () => {
		const error = failure('AccessDenied', 'User: arn:aws:iam::1:user/src is not authorized to perform: sts:AssumeRole');
		expect(error.message).toBe(`STS refused to let the source credentials assume role "${ROLE_ARN}" (AccessDenied)`);
		expect(error.kind).toBe('accessDenied');
		for (const cause of ['Role ARN', '"sts:AssumeRole"', 'trust policy', '"sts:ExternalId"']) {
			expect(error.hint).toContain(cause);
		}
	});

	it("names the role's maximum when the duration is above it (moto does not check it)", () => {
		const error = failure(
			'ValidationException',
			'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
		);
		expect(error.message).toMatch(/^STS refused the session duration for role/);
		expect(error.hint).toMatch(/Maximum session duration.*3600 seconds .*role chaining/);
	});

	it('blames the source keys when STS does not know them', () => {
		expect(failure('InvalidClientTokenId', 'The security token included in the request is invalid.').message).toBe(
			'STS did not accept the source credentials: AWS does not recognise the access key ID',
		);
	});

	it('says what the host chain looked at when it found nothing', () => {
		process.env[ALLOW_HOST_CREDENTIALS_ENV] = 'true';
		const host = connectionFromCredentials({ region: 'us-east-1', authentication: 'hostCredentials' });
		const cause = Object.assign(new Error('Could not load credentials from any providers'), {
			name: 'CredentialsProviderError',
		});
		const error = toCredentialError(new AwsCredentialError('source', cause), host);
		expect(error.message).toBe(
			'The n8n host has no usable AWS credentials: Could not load credentials from any providers',
		);
		expect(error.hint).toMatch(/AWS_WEB_IDENTITY_TOKEN_FILE.*container.*instance metadata/);
	});
});

describe('the credential test, step by step', () => {
	it('fails at the STS step, naming it, and never shows a secret', async () => {
		assumeRole.on(AssumeRoleCommand).rejects(awsError('AccessDenied', `denied ${SECRET}`, 403));
		const result = await testAwsCognitoCredential({ ...ROLE, userPoolId: POOL_ID });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^STS AssumeRole at sts\.us-east-1\.amazonaws\.com: STS refused to let/);
		expect(result.message).not.toContain(SECRET);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('fails at the Cognito step as the role, naming the action for the role', async () => {
		assumeRole.on(AssumeRoleCommand).resolves(assumedCredentials(3600_000));
		cognito.on(ListUsersCommand).rejects(awsError('AccessDeniedException', 'not authorized', 400));
		const result = await testAwsCognitoCredential({ ...ROLE, userPoolId: POOL_ID });
		expect(result.message).toBe(
			`Cognito: The credential's IAM identity is not allowed to call cognito-idp:ListUsers on user pool "${POOL_ID}". Add "cognito-idp:ListUsers" to the IAM policy of the role ${ROLE_ARN} (see the README for ready-made policies).`,
		);
		for (const secret of [SECRET, ASSUMED_SECRET, ASSUMED_TOKEN]) expect(result.message).not.toContain(secret);
	});

	it('says Connected as the role', async () => {
		assumeRole.on(AssumeRoleCommand).resolves(assumedCredentials(3600_000));
		cognito.on(ListUsersCommand).resolves({ Users: [] });
		expect(await testAwsCognitoCredential({ ...ROLE, userPoolId: POOL_ID })).toEqual({
			status: 'OK',
			message: `Connected as role ${ROLE_ARN}: user pool "${POOL_ID}" is readable`,
		});
	});

	it('fails before any call when host credentials are off, naming the variable', async () => {
		const result = await testAwsCognitoCredential({ region: 'us-east-1', authentication: 'hostCredentials' });
		expect(result.message).toMatch(new RegExp(`${ALLOW_HOST_CREDENTIALS_ENV}=true`));
		expect(cognito.calls()).toHaveLength(0);
		expect(assumeRole.calls()).toHaveLength(0);
	});
});
