#!/usr/bin/env node
// Assume Role and Host Credentials in a real n8n 2.x (`node scripts/e2e-credentials.mjs`), against
// a moto of its own that enforces IAM (INITIAL_NO_AUTH_ACTION_COUNT): an IAM user allowed only
// sts:AssumeRole, a role trusting it with an external ID and allowed Cognito. n8n runs with
// N8N_COGNITO_ALLOW_HOST_CREDENTIALS=true and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY set to that
// user's keys (its "host credentials"). Checked: the action node (`n8n execute`) with Assume Role
// from the credential's keys and from the host; the user's keys alone refused by Cognito; the
// trigger activated under `n8n start`; n8n's credential-test endpoint for both modes and a wrong
// external ID; then n8n restarted without the variable, where the test fails naming it.
//
//   node scripts/e2e-credentials.mjs [--keep]     --keep  keep the n8n user folder and logs
//
// scripts/e2e.mjs --n8n=2 runs the same phases (credentialPhases).
import { AdminCreateUserCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from './lib/checks.mjs';
import { ACTION_NODE, TRIGGER_NODE } from './lib/examples.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import {
	api,
	createApiKey,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	login,
	makeUserFolder,
	n8nEnv,
	nodeItems,
	setupOwner,
	startN8n,
	testCredential,
} from './lib/n8n-process.mjs';

import { startMoto } from './lib/moto.mjs';
import { cognitoClient } from './lib/seed.mjs';
import { runStandalone } from './lib/standalone.mjs';

const REGION = 'us-east-1';
const SWITCH = 'N8N_COGNITO_ALLOW_HOST_CREDENTIALS';
const EXTERNAL_ID = 'n8n-e2e-ext-4711';
/** Requests moto lets through unchecked: its readiness probes and the IAM set-up fit in them. */
const NO_AUTH_REQUESTS = 60;
const CREDENTIALS = {
	roleWithKeys: { id: 'awsCognitoRoleKeys1', name: 'Cognito: Assume Role with keys' },
	roleFromHost: { id: 'awsCognitoRoleHost1', name: 'Cognito: Assume Role from host' },
	keysOnly: { id: 'awsCognitoKeysOnly1', name: 'Cognito: the user keys alone' },
};

/** One IAM Query API call in moto's unchecked phase (the SDK's IAM client is not a dependency). */
async function iam(endpoint, action, params) {
	const response = await fetch(endpoint, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
		},
		body: new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString(),
		signal: AbortSignal.timeout(10_000),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`IAM ${action}: ${response.status} ${text.slice(0, 300)}`);
	return text;
}

const xmlValue = (xml, tag) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)?.[1];
const policy = (statement) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

/** A pool with two users, the IAM user and the role; then moto checks every request. */
async function setUpIam(endpoint) {
	const client = cognitoClient(endpoint);
	const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'e2e-credentials' }));
	for (const Username of ['role.one', 'role.two'])
		await client.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username, MessageAction: 'SUPPRESS' }));
	const userArn = xmlValue(await iam(endpoint, 'CreateUser', { UserName: 'n8n-e2e' }), 'Arn');
	const key = await iam(endpoint, 'CreateAccessKey', { UserName: 'n8n-e2e' });
	await iam(endpoint, 'PutUserPolicy', {
		UserName: 'n8n-e2e',
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
		await iam(endpoint, 'CreateRole', { RoleName: 'n8n-e2e', AssumeRolePolicyDocument: trust }),
		'Arn',
	);
	// moto matches no Cognito resource ARN (only "*"); on AWS, scope this to the pool's ARN.
	await iam(endpoint, 'PutRolePolicy', {
		RoleName: 'n8n-e2e',
		PolicyName: 'cognito',
		PolicyDocument: policy({ Effect: 'Allow', Action: 'cognito-idp:*', Resource: '*' }),
	});
	// Spend the unchecked requests: an unknown key is refused once enforcement is on.
	for (let request = 0; request < NO_AUTH_REQUESTS; request++) {
		const probe = await fetch(`${endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`, {
			headers: {
				Authorization: `AWS4-HMAC-SHA256 Credential=nobody/20260101/${REGION}/sts/aws4_request, SignedHeaders=host, Signature=0`,
			},
			signal: AbortSignal.timeout(10_000),
		});
		await probe.text();
		if (probe.status === 403) break;
	}
	return {
		userPoolId: UserPool.Id,
		roleArn,
		keys: { accessKeyId: xmlValue(key, 'AccessKeyId'), secretAccessKey: xmlValue(key, 'SecretAccessKey') },
	};
}

function credentialsFor({ endpoint, userPoolId, roleArn, keys }) {
	const common = { region: REGION, endpoint, userPoolId, quotaShare: 80 };
	const role = { authentication: 'assumeRole', roleArn, externalId: EXTERNAL_ID, sessionDuration: 900 };
	return {
		roleWithKeys: { ...common, ...role, roleSource: 'accessKeys', ...keys },
		roleFromHost: { ...common, ...role, roleSource: 'hostCredentials' },
		keysOnly: { ...common, authentication: 'accessKeys', ...keys },
	};
}

function listUsersWorkflow(id, credential, userPoolId) {
	return {
		id,
		name: `List users with ${credential.name}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-start`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-cognito`,
				name: 'List users',
				type: ACTION_NODE,
				typeVersion: 1,
				position: [200, 0],
				credentials: { awsCognitoApi: credential },
				parameters: {
					resource: 'user',
					operation: 'getAll',
					userPool: { __rl: true, mode: 'id', value: userPoolId },
					returnAll: true,
				},
			},
		],
		connections: { Start: { main: [[{ node: 'List users', type: 'main', index: 0 }]] } },
	};
}

function triggerWorkflow(id, credential, userPoolId) {
	return {
		id,
		name: `Pool changes with ${credential.name}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Pool changes',
				type: TRIGGER_NODE,
				typeVersion: 1,
				position: [0, 0],
				credentials: { awsCognitoApi: credential },
				parameters: {
					pollTimes: { item: [{ mode: 'everyHour', minute: 0 }] },
					userPool: { __rl: true, mode: 'id', value: userPoolId },
					emit: 'changes',
					onFirstPoll: 'emitAll',
					options: {},
				},
			},
		],
		connections: {},
	};
}

/**
 * The phases, on a moto and an n8n of their own (the host's AWS_* variables are part of n8n's
 * environment). `n8n`: from resolveN8n('2'); `checks`, `log`, `cleanup` as in scripts/e2e.mjs.
 */
export async function credentialPhases({ n8n, checks, log, cleanup, keep = false }) {
	const userFolder = makeUserFolder('cognito-e2e-credentials-');
	cleanup.add(() => (keep ? log(`kept ${userFolder}`) : rmSync(userFolder, { recursive: true, force: true })));
	const setup = await checks.phase(
		'credentials: IAM-enforcing moto, package, credentials, workflows',
		async () => {
			const moto = await startMoto({
				logFile: path.join(userFolder, 'moto-iam.log'),
				env: { INITIAL_NO_AUTH_ACTION_COUNT: String(NO_AUTH_REQUESTS) },
			});
			cleanup.add(() => moto.stop());
			const aws = await setUpIam(moto.endpoint);
			const host = {
				AWS_ACCESS_KEY_ID: aws.keys.accessKeyId,
				AWS_SECRET_ACCESS_KEY: aws.keys.secretAccessKey,
				// Nothing else on this machine may answer for the host (never 169.254.169.254).
				AWS_EC2_METADATA_DISABLED: 'true',
				AWS_CONFIG_FILE: path.join(userFolder, 'no-aws-config'),
				AWS_SHARED_CREDENTIALS_FILE: path.join(userFolder, 'no-aws-credentials'),
			};
			const env = await n8nEnv({ userFolder, bin: n8n.bin, extra: { ...n8n.env, ...host, [SWITCH]: 'true' } });
			await installPackageInto(userFolder, { log });
			const data = credentialsFor({ endpoint: moto.endpoint, ...aws });
			await importCredentials(
				env,
				Object.entries(CREDENTIALS).map(([key, { id, name }]) => ({
					id,
					name,
					type: 'awsCognitoApi',
					data: data[key],
				})),
			);
			await importWorkflows(env, [
				listUsersWorkflow('credsListRoleKeys', CREDENTIALS.roleWithKeys, aws.userPoolId),
				listUsersWorkflow('credsListRoleHost', CREDENTIALS.roleFromHost, aws.userPoolId),
				listUsersWorkflow('credsListKeysOnly', CREDENTIALS.keysOnly, aws.userPoolId),
				triggerWorkflow('credsTriggerRole01', CREDENTIALS.roleFromHost, aws.userPoolId),
			]);
			log(`IAM-enforcing moto at ${moto.endpoint}; pool ${aws.userPoolId}; role ${aws.roleArn}`);
			return { env, data, ...aws };
		},
		{ fatal: true },
	);
	const { env, data, roleArn } = setup;
	const usernames = (run) =>
		nodeItems(run.run, 'List users')
			.map((item) => item.username)
			.sort();

	await checks.phase('credentials: the action node through the role (n8n execute)', async () => {
		for (const [id, label] of [
			['credsListRoleKeys', 'Assume Role with the credential keys'],
			['credsListRoleHost', 'Assume Role from the host credentials'],
		]) {
			const run = await executeWorkflow(env, id);
			const failure = `exit ${run.code}; ${run.run?.data?.resultData?.error?.message ?? ''}\n${run.stdout.slice(0, 1200)}\n${run.stderr.slice(-800)}`;
			if (checks.ok(`${label}: the workflow succeeds`, run.ok, failure))
				checks.equal(`${label}: lists the pool's users`, usernames(run), ['role.one', 'role.two']);
		}
		const denied = await executeWorkflow(env, 'credsListKeysOnly');
		const error = denied.run?.data?.resultData?.error;
		checks.ok(
			"the user's keys alone: Cognito refuses, naming cognito-idp:ListUsers",
			!denied.ok && /cognito-idp:ListUsers/.test(`${error?.message} ${error?.description}`),
			error?.message ?? denied.stdout.slice(-800),
		);
	});

	const startServer = async (serverEnv) => {
		const started = await startN8n(serverEnv, { log });
		cleanup.add(() => started.stop());
		return started;
	};

	await checks.phase('credentials: n8n start, credential tests, the trigger', async () => {
		const server = await startServer(env);
		const owner = await setupOwner(server.baseUrl);
		setup.owner = owner;
		const { cookie } = owner;
		const { apiKey } = await createApiKey(server.baseUrl, cookie);
		const test = (credentialData) =>
			testCredential(server.baseUrl, cookie, { type: 'awsCognitoApi', data: credentialData });
		for (const key of ['roleWithKeys', 'roleFromHost']) {
			const result = await test(data[key]);
			checks.equal(
				`credential test, ${key}: OK as the role`,
				[result.status, result.message],
				['OK', `Connected as role ${roleArn}: user pool "${setup.userPoolId}" is readable`],
			);
		}
		const wrong = await test({ ...data.roleWithKeys, externalId: 'not-the-external-id' });
		checks.ok(
			'credential test, wrong external ID: fails at STS, naming the external ID',
			wrong.status === 'Error' && /^STS AssumeRole at .*"sts:ExternalId"/.test(wrong.message),
			wrong.message,
		);
		checks.ok(
			'credential test messages hold no secret',
			![wrong.message].some((m) => m.includes(data.roleWithKeys.secretAccessKey)),
		);

		await api(server.baseUrl, apiKey, 'POST', '/workflows/credsTriggerRole01/activate');
		cleanup.add(() => api(server.baseUrl, apiKey, 'POST', '/workflows/credsTriggerRole01/deactivate'));
		const execution = await waitFor(
			async () => {
				const { data: runs } = await api(
					server.baseUrl,
					apiKey,
					'GET',
					'/executions?workflowId=credsTriggerRole01&includeData=true',
				);
				return runs?.find((run) => run.status === 'success');
			},
			{ timeoutMs: 30_000 },
		);
		const emitted = execution?.data?.resultData?.runData?.['Pool changes']?.[0]?.data?.main?.[0] ?? [];
		checks.equal(
			'trigger through the role (host credentials): the first poll emits both users',
			emitted
				.map((item) => item.json.username)
				.filter(Boolean)
				.sort(),
			['role.one', 'role.two'],
		);
		await api(server.baseUrl, apiKey, 'POST', '/workflows/credsTriggerRole01/deactivate');
		await server.stop();
	});

	await checks.phase(`credentials: without ${SWITCH}, host credentials are refused`, async () => {
		const withoutSwitch = { ...env };
		delete withoutSwitch[SWITCH];
		const server = await startServer(withoutSwitch);
		const { cookie } = await login(server.baseUrl, setup.owner.email, setup.owner.password);
		const result = await testCredential(server.baseUrl, cookie, { type: 'awsCognitoApi', data: data.roleFromHost });
		checks.ok(
			`credential test, Assume Role from host: fails naming ${SWITCH}`,
			result.status === 'Error' && result.message.includes(`${SWITCH}=true`),
			result.message,
		);
		const keys = await testCredential(server.baseUrl, cookie, { type: 'awsCognitoApi', data: data.roleWithKeys });
		checks.equal('credential test, Assume Role with keys: still OK', keys.status, 'OK');
		await server.stop();
	});
}

// ── Standalone run ────────────────────────────────────────────────────────────────────────────

const isMain = import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) process.exit(await runStandalone('credentials', '2', (context) => credentialPhases(context)));
