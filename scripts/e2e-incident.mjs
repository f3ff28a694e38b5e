#!/usr/bin/env node
// The incident-response example (examples/incident-response.json) in a real n8n, headless with
// `n8n execute` (`node scripts/e2e-incident.mjs`). moto 5.2.1 has no remembered devices, so the
// credential's endpoint is a loopback device layer (scripts/lib/device-layer.mjs) that keeps the
// user's devices in memory and passes every other call to moto. The compromised user has SMS MFA
// enabled and preferred, 62 remembered devices (two AdminListDevices pages) and a live session;
// after the run the pool is checked through the SDK: disabled, the session's token refused, MFA
// off, no device left. A second run (the same alert again) succeeds and changes nothing.
//
//   node scripts/e2e-incident.mjs [--n8n=1] [--keep]    --keep  keep the n8n user folder and logs
//
// scripts/e2e.mjs runs the same phase on its own n8n (incidentPhase).
import {
	AdminGetUserCommand,
	AdminInitiateAuthCommand,
	AdminListDevicesCommand,
	AdminSetUserPasswordCommand,
	CreateUserPoolClientCommand,
	GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDeviceLayer } from './lib/device-layer.mjs';
import { IDS, INCIDENT_CREDENTIAL, incidentWorkflow } from './lib/e2e-workflows.mjs';
import { cognitoCredential } from './lib/examples.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import {
	executeWorkflow,
	importCredentials,
	importWorkflows,
	makeUserFolder,
	n8nEnv,
	nodeItems,
} from './lib/n8n-process.mjs';
import { n8nMajorFromArgs } from './lib/n8n-version.mjs';
import { startMoto } from './lib/moto.mjs';
import { INCIDENT, SEED_KEYS, cognitoClient, seedIncident, seedOrganisation } from './lib/seed.mjs';
import { runStandalone } from './lib/standalone.mjs';

/** More than one page of AdminListDevices (60), so that "forget all" must follow the token. */
const DEVICES = 62;
const PASSWORD = 'Incident#Passw0rd1';

/** A live session of the user: an access token that works until the user is signed out. */
async function signIn(client, userPoolId, username) {
	await client.send(
		new AdminSetUserPasswordCommand({
			UserPoolId: userPoolId,
			Username: username,
			Password: PASSWORD,
			Permanent: true,
		}),
	);
	const app = await client.send(
		new CreateUserPoolClientCommand({
			UserPoolId: userPoolId,
			ClientName: 'incident-e2e',
			ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
		}),
	);
	const auth = await client.send(
		new AdminInitiateAuthCommand({
			UserPoolId: userPoolId,
			ClientId: app.UserPoolClient.ClientId,
			AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
			AuthParameters: { USERNAME: username, PASSWORD },
		}),
	);
	return auth.AuthenticationResult.AccessToken;
}

/** What the session's token gets now: the username, or the name of Cognito's refusal. */
async function sessionState(client, accessToken) {
	try {
		return (await client.send(new GetUserCommand({ AccessToken: accessToken }))).Username;
	} catch (error) {
		return error.name;
	}
}

/** The device keys Cognito (here: the layer) lists for the user, every page. */
async function listedDevices(client, userPoolId, username) {
	const keys = [];
	let token;
	do {
		const page = await client.send(
			new AdminListDevicesCommand({ UserPoolId: userPoolId, Username: username, Limit: 60, PaginationToken: token }),
		);
		keys.push(...page.Devices.map((device) => device.DeviceKey));
		token = page.PaginationToken;
	} while (token);
	return keys;
}

async function mfaState(client, userPoolId, username) {
	const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
	return { enabled: user.Enabled, mfa: user.UserMFASettingList ?? [], preferred: user.PreferredMfaSetting ?? '' };
}

function runFailure(run) {
	const error = run.run?.data?.resultData?.error;
	return error
		? `${error.message}${error.description ? `\n${error.description}` : ''}`
		: `exit ${run.code}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`;
}

/**
 * The phase, on an n8n whose user folder has the package: a pool of its own on `moto`, the device
 * layer in front of it, the example imported headless with a credential pointing at the layer.
 */
export async function incidentPhase({ checks, log, cleanup, env, moto }) {
	await checks.phase('incident response (n8n execute, devices in the loopback layer)', async () => {
		const client = cognitoClient(moto.endpoint);
		const { userPoolId } = await seedOrganisation(client, { poolName: 'northwind-e2e-incident' });
		const layer = await startDeviceLayer(moto.endpoint);
		cleanup.add(() => layer.stop());
		const viaLayer = cognitoClient(layer.endpoint);
		const { username } = INCIDENT;
		// Signed in before MFA is on: with SMS MFA, the sign-in would stop at the SMS challenge.
		const accessToken = await signIn(client, userPoolId, username);
		const deviceKeys = await seedIncident(client, layer, userPoolId, { devices: DEVICES });
		log(`device layer at ${layer.endpoint} in front of moto; pool ${userPoolId}; ${username}: ${DEVICES} devices`);
		checks.equal(
			'incident: before, the user is enabled, SMS MFA on and preferred, 62 devices, a live session (SDK)',
			[
				await mfaState(client, userPoolId, username),
				(await listedDevices(viaLayer, userPoolId, username)).length,
				await sessionState(client, accessToken),
			],
			[{ enabled: true, mfa: ['SMS_MFA'], preferred: 'SMS_MFA' }, DEVICES, username],
		);

		await importCredentials(env, [
			cognitoCredential({ endpoint: layer.endpoint, userPoolId, keys: SEED_KEYS, ...INCIDENT_CREDENTIAL }),
		]);
		await importWorkflows(env, [incidentWorkflow()]);
		const devicesBefore = layer.calls();
		const run = await executeWorkflow(env, IDS.incident);
		if (!checks.ok('incident: workflow succeeds', run.ok, runFailure(run))) return;
		const [report] = nodeItems(run.run, 'Report');
		checks.equal(
			'incident: report',
			{
				...report,
				forgottenDeviceKeys: [...(report?.forgottenDeviceKeys ?? [])].sort(),
				handledAt: typeof report?.handledAt,
			},
			{
				username,
				reason: INCIDENT.reason,
				disabled: true,
				signedOut: true,
				devicesForgotten: DEVICES,
				forgottenDeviceKeys: [...deviceKeys].sort(),
				mfaEnabled: false,
				handledAt: 'string',
			},
		);
		const calls = layer.calls();
		checks.equal(
			'incident: Forget all devices listed two pages and forgot each device once',
			[
				(calls.AdminListDevices ?? 0) - (devicesBefore.AdminListDevices ?? 0),
				(calls.AdminForgetDevice ?? 0) - (devicesBefore.AdminForgetDevice ?? 0),
			],
			[2, DEVICES],
		);
		checks.equal(
			'incident: after, the user is disabled with MFA off (SDK)',
			await mfaState(client, userPoolId, username),
			{ enabled: false, mfa: [], preferred: '' },
		);
		checks.equal(
			'incident: no device is left (SDK, AdminListDevices)',
			await listedDevices(viaLayer, userPoolId, username),
			[],
		);
		checks.equal(
			"incident: the session's access token is refused (SDK, GetUser)",
			await sessionState(client, accessToken),
			'NotAuthorizedException',
		);

		// The same alert again: every step is idempotent, nothing left to forget.
		const again = await executeWorkflow(env, IDS.incident);
		if (!checks.ok('incident: a re-run succeeds', again.ok, runFailure(again))) return;
		const [second] = nodeItems(again.run, 'Report');
		checks.equal(
			'incident: the re-run reports the user disabled, MFA off, nothing left to forget',
			[second?.disabled, second?.devicesForgotten, second?.mfaEnabled],
			[true, 0, false],
		);
	});
}

// ── Standalone run ────────────────────────────────────────────────────────────────────────────

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exit(
		await runStandalone(
			'incident',
			n8nMajorFromArgs(process.argv.slice(2)),
			async ({ n8n, checks, log, cleanup, keep }) => {
				const setup = await checks.phase(
					'moto + package install',
					async () => {
						const userFolder = makeUserFolder('cognito-e2e-incident-');
						cleanup.add(() =>
							keep ? log(`kept ${userFolder}`) : rmSync(userFolder, { recursive: true, force: true }),
						);
						const moto = await startMoto({ logFile: path.join(userFolder, 'moto.log') });
						cleanup.add(() => moto.stop());
						const env = await n8nEnv({ userFolder, bin: n8n.bin, extra: n8n.env });
						await installPackageInto(userFolder, { log });
						log(`moto at ${moto.endpoint} (pid ${moto.pid})`);
						return { env, moto };
					},
					{ fatal: true },
				);
				await incidentPhase({ checks, log, cleanup, ...setup });
			},
		),
	);
}
