/**
 * The three authentication modes against moto: Assume Role and Host Credentials on a moto of its
 * own that enforces IAM (test/support/iamMoto.ts says what it checks), web identity (the host
 * chain's AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN) against the shared moto's STS. The action
 * node and the trigger run on n8n's engine; the credential test is called as n8n calls it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { IDataObject, ICredentialDataDecryptedObject } from 'n8n-workflow';

import { AwsCognitoTrigger } from '../../nodes/AwsCognito/AwsCognitoTrigger.node';
import { testAwsCognitoCredential } from '../../nodes/AwsCognito/methods/credentialTest';
import { ALLOW_HOST_CREDENTIALS_ENV, resetClients } from '../../nodes/AwsCognito/transport';
import { motoEndpoint, TEST_REGION } from '../support/cognito';
import { pollContext } from '../support/engine';
import { EXTERNAL_ID, startIamMoto, type IamMoto } from '../support/iamMoto';
import { useMotoPool } from '../support/motoPool';
import { runNode, runNodeError } from '../support/nodeRunner';

let iam: IamMoto;

/** Host-chain variables this file sets; saved and restored so that nothing leaks to other tests. */
const HOST_ENV = [
	ALLOW_HOST_CREDENTIALS_ENV,
	'AWS_ACCESS_KEY_ID',
	'AWS_SECRET_ACCESS_KEY',
	'AWS_SESSION_TOKEN',
	'AWS_PROFILE',
	'AWS_CONFIG_FILE',
	'AWS_SHARED_CREDENTIALS_FILE',
	'AWS_WEB_IDENTITY_TOKEN_FILE',
	'AWS_ROLE_ARN',
	'AWS_ROLE_SESSION_NAME',
	'AWS_EC2_METADATA_DISABLED',
	'AWS_CONTAINER_CREDENTIALS_FULL_URI',
	'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
];
const savedEnv = Object.fromEntries(HOST_ENV.map((name) => [name, process.env[name]]));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-creds-'));

/** A host with nothing but what the test gives it: no files, no instance metadata (never 169.254.169.254). */
function bareHost(vars: Record<string, string> = {}): void {
	for (const name of HOST_ENV) delete process.env[name];
	Object.assign(process.env, {
		AWS_CONFIG_FILE: path.join(tmp, 'no-config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'no-credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		...vars,
	});
	resetClients();
}

beforeAll(async () => {
	iam = await startIamMoto();
});
beforeEach(() => bareHost());
afterAll(async () => {
	for (const [name, value] of Object.entries(savedEnv)) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
	fs.rmSync(tmp, { recursive: true, force: true });
	await iam?.moto.stop();
});

const role = (fields: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	region: TEST_REGION,
	authentication: 'assumeRole',
	...iam.sourceKeys,
	roleArn: iam.roleArn,
	externalId: EXTERNAL_ID,
	sessionDuration: 900,
	endpoint: iam.moto.endpoint,
	userPoolId: iam.poolId,
	...fields,
});

const createUser = (credentials: IDataObject, username: string) =>
	runNode('user', 'create', { username, additionalAttributes: {} }, { credentials, userPoolId: iam.poolId });

describe('Assume Role with access keys (IAM enforced)', () => {
	it("the user's own keys are refused by Cognito, naming the action", async () => {
		const keys = { region: TEST_REGION, ...iam.sourceKeys, endpoint: iam.moto.endpoint };
		const error = await runNodeError(
			'user',
			'getAll',
			{ returnAll: false, limit: 5 },
			{ credentials: keys, userPoolId: iam.poolId },
		);
		expect(error.message).toMatch(/not allowed to call cognito-idp:ListUsers/);
		const tested = await testAwsCognitoCredential({ ...keys, userPoolId: iam.poolId });
		expect(tested.message).toMatch(/^The credential's IAM identity is not allowed to call cognito-idp:ListUsers/);
	});

	it('operations, the trigger and the credential test work through the role', async () => {
		expect(await testAwsCognitoCredential(role())).toEqual({
			status: 'OK',
			message: `Connected as role ${iam.roleArn}: user pool "${iam.poolId}" is readable`,
		});
		const [created] = await createUser(role(), 'through.role');
		expect(created.json).toMatchObject({ username: 'through.role' });

		const trigger = new AwsCognitoTrigger();
		const staticData: IDataObject = {};
		const poll = async () =>
			await trigger.poll.call(
				pollContext({
					parameters: { userPool: { mode: 'id', value: iam.poolId }, onFirstPoll: 'baseline', options: {} },
					credentials: role(),
					staticData,
				}),
			);
		await poll();
		await createUser(role(), 'second.user');
		const events = (await poll())?.[0]?.map((item) => item.json) ?? [];
		expect(events).toEqual([expect.objectContaining({ event: 'user.created', username: 'second.user' })]);
	});

	it('a wrong external ID fails at STS, naming the step and the causes', async () => {
		const tested = await testAwsCognitoCredential(role({ externalId: 'wrong-id' }));
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(
			new RegExp(`^STS AssumeRole at ${iam.moto.endpoint}: STS refused to let the source credentials assume role`),
		);
		expect(tested.message).toContain('"sts:ExternalId"');
		const error = await runNodeError(
			'user',
			'getAll',
			{ returnAll: false, limit: 5 },
			{ credentials: role({ externalId: 'wrong-id' }), userPoolId: iam.poolId },
		);
		expect(error.message).toMatch(/^STS refused to let the source credentials assume role/);
	});

	it('a wrong secret fails at the source, checked by STS, without showing it', async () => {
		const secret = 'wrong-secret-value-1234567890';
		const tested = await testAwsCognitoCredential(role({ secretAccessKey: secret }));
		expect(tested.message).toMatch(/^Source credentials \(checked by STS\): STS did not accept the source credentials/);
		expect(tested.message).not.toContain(secret);
	});
});

describe('Host Credentials (IAM enforced)', () => {
	const host = (fields: ICredentialDataDecryptedObject = {}) =>
		role({ accessKeyId: '', secretAccessKey: '', roleSource: 'hostCredentials', ...fields });

	it('is refused without the administrator variable, naming it, before any call', async () => {
		bareHost({ AWS_ACCESS_KEY_ID: iam.sourceKeys.accessKeyId, AWS_SECRET_ACCESS_KEY: iam.sourceKeys.secretAccessKey });
		for (const data of [host(), host({ authentication: 'hostCredentials' })]) {
			const tested = await testAwsCognitoCredential(data);
			expect(tested.message).toMatch(new RegExp(`${ALLOW_HOST_CREDENTIALS_ENV}=true`));
		}
		const error = await runNodeError(
			'user',
			'getAll',
			{ returnAll: false, limit: 1 },
			{ credentials: host(), userPoolId: iam.poolId },
		);
		expect(error.message).toMatch(new RegExp(`^Host credentials are turned off.*${ALLOW_HOST_CREDENTIALS_ENV}=true`));
	});

	it('assumes the role with the host environment keys when allowed; the keys alone are refused by Cognito', async () => {
		bareHost({
			[ALLOW_HOST_CREDENTIALS_ENV]: 'true',
			AWS_ACCESS_KEY_ID: iam.sourceKeys.accessKeyId,
			AWS_SECRET_ACCESS_KEY: iam.sourceKeys.secretAccessKey,
		});
		expect((await testAwsCognitoCredential(host())).message).toBe(
			`Connected as role ${iam.roleArn}: user pool "${iam.poolId}" is readable`,
		);
		const [created] = await createUser(host(), 'through.host.role');
		expect(created.json).toMatchObject({ username: 'through.host.role' });
		const direct = await testAwsCognitoCredential(host({ authentication: 'hostCredentials' }));
		expect(direct.message).toMatch(
			/^Cognito: The credential's IAM identity is not allowed to call cognito-idp:ListUsers.*the n8n host's IAM identity/,
		);
	});

	it('names what the host chain looked at when it finds nothing', async () => {
		bareHost({ [ALLOW_HOST_CREDENTIALS_ENV]: 'true' });
		const tested = await testAwsCognitoCredential(host({ authentication: 'hostCredentials' }));
		expect(tested.message).toMatch(
			/^Host credentials: The n8n host has no usable AWS credentials: .*AWS_WEB_IDENTITY_TOKEN_FILE/,
		);
	});
});

describe('Host Credentials by web identity (IRSA) against the shared moto', () => {
	let poolId: string;
	useMotoPool('web-identity', {
		seed: async (pool) => {
			poolId = pool.poolId;
		},
	});

	it('reads the token file, assumes AWS_ROLE_ARN with AssumeRoleWithWebIdentity and lists users', async () => {
		const tokenFile = path.join(tmp, 'token');
		fs.writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.test-token.signature');
		bareHost({
			[ALLOW_HOST_CREDENTIALS_ENV]: 'true',
			AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
			AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/n8n-irsa',
			AWS_ROLE_SESSION_NAME: 'n8n-irsa-test',
		});
		const credentials = { region: TEST_REGION, authentication: 'hostCredentials', endpoint: motoEndpoint() };
		expect(await testAwsCognitoCredential({ ...credentials, userPoolId: poolId })).toEqual({
			status: 'OK',
			message: `Connected with the n8n host's credentials: user pool "${poolId}" is readable`,
		});
		const users = await runNode('user', 'getAll', { returnAll: true }, { credentials, userPoolId: poolId });
		expect(Array.isArray(users)).toBe(true);
	});
});
