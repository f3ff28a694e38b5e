#!/usr/bin/env node
// `npm run demo`: a local n8n with this package, a local Cognito (moto) seeded with a small
// organisation, a credential pointing at it and the example workflows, all on 127.0.0.1.
// Ctrl-C stops everything it started. State lives in .demo/ (git-ignored), fresh on every start.
//
//   npm run demo [-- --port=5678] [-- --n8n=1]    (or N8N_DEMO_PORT=5678)
//     n8n 2.x on Node 24 (both downloaded from npm into .cache/ on first use); --n8n=1: the legacy 1.x on Node 20
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureBuilt } from './lib/build.mjs';
import { createCleanup } from './lib/cleanup.mjs';
import { startDeviceLayer } from './lib/device-layer.mjs';
import { DEMO_CREDENTIAL, DEMO_OWNER as OWNER, cognitoCredential, loadExamples } from './lib/examples.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import {
	api,
	createApiKey,
	freePort,
	importCredentials,
	importWorkflows,
	n8nEnv,
	setupOwner,
	startN8n,
} from './lib/n8n-process.mjs';
import { startMoto } from './lib/moto.mjs';
import { n8nMajorFromArgs, reexecForN8n, resolveN8n } from './lib/n8n-version.mjs';
import { REPO_ROOT } from './lib/run.mjs';
import { INCIDENT, SEED_KEYS, cognitoClient, seedIncident, seedOrganisation } from './lib/seed.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const major = n8nMajorFromArgs(process.argv.slice(2));
const port = Number(
	process.argv.find((a) => a.startsWith('--port='))?.split('=')[1] ?? process.env.N8N_DEMO_PORT ?? 5678,
);
/** Workflows with a form or webhook trigger: activated so that their URLs answer. */
const ACTIVATE = ['access-request-with-approval', 'joiner', 'offboarding', 'incident-response'];

const STATE = path.join(REPO_ROOT, '.demo');
const t0 = Date.now();
const step = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${message}`);

// Each n8n major has its Node: when this is not it, the demo runs in a child under that Node.
const childExit = await reexecForN8n(major, { log: step });
if (childExit !== null) process.exit(childExit);

const cleanup = createCleanup({
	signalExitCode: 0,
	onSignal: (signal) => console.log(`\n${signal}: stopping n8n and moto…`),
});
async function shutdown(code) {
	await cleanup.stopAll();
	process.exit(code);
}

async function assertPortFree(wanted) {
	const net = await import('node:net');
	await new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', () =>
			reject(
				new Error(
					`port ${wanted} on 127.0.0.1 is in use: stop what uses it, or run npm run demo -- --port=<another port>`,
				),
			),
		);
		probe.listen(wanted, '127.0.0.1', () => probe.close(resolve));
	});
}

try {
	await assertPortFree(port);
	rmSync(STATE, { recursive: true, force: true });
	const userFolder = path.join(STATE, 'n8n');
	mkdirSync(userFolder, { recursive: true });

	step('building the package (npm run build)…');
	await ensureBuilt({ force: true });

	step('starting moto, the local Cognito emulator…');
	const moto = await startMoto({ logFile: path.join(STATE, 'moto.log') });
	cleanup.add(() => moto.stop());
	step(`moto at ${moto.endpoint}; seeding the "northwind-portal" user pool…`);
	const client = cognitoClient(moto.endpoint);
	const { userPoolId, truth } = await seedOrganisation(client);
	step(
		`pool ${userPoolId}: ${truth.users.length} users (${truth.disabled.length} disabled), ${truth.groups.length} groups, ${truth.memberships} memberships`,
	);
	// moto has no remembered devices: the credential talks to a loopback layer that keeps them and
	// passes every other call to moto, so that the incident-response example runs end to end.
	const devices = await startDeviceLayer(moto.endpoint);
	cleanup.add(() => devices.stop());
	const deviceKeys = await seedIncident(client, devices, userPoolId);
	step(
		`${INCIDENT.username}: SMS MFA on and ${deviceKeys.length} remembered devices (device layer at ${devices.endpoint})`,
	);

	step(`making sure n8n ${major}.x is installed (the first run downloads it into .cache/: a few minutes, 2–3 GB)…`);
	const n8nRelease = await resolveN8n(major, { log: (m) => step(`  ${m}`) });

	const env = await n8nEnv({
		userFolder,
		bin: n8nRelease.bin,
		port,
		brokerPort: await freePort(),
		extra: n8nRelease.env,
	});
	step('installing n8n-nodes-aws-cognito into n8n the way n8n installs community packages…');
	await installPackageInto(userFolder, { log: (m) => step(`  ${m}`) });

	step(`importing the credential "${DEMO_CREDENTIAL.name}" and the example workflows…`);
	await importCredentials(env, [cognitoCredential({ endpoint: devices.endpoint, userPoolId, keys: SEED_KEYS })]);
	const examples = loadExamples();
	await importWorkflows(env, Object.values(examples));

	step(`starting n8n on http://127.0.0.1:${port} (about 10 s)…`);
	const n8n = await startN8n(env, { logFile: path.join(STATE, 'n8n.log') });
	cleanup.add(() => n8n.stop()); // newest first: n8n stops before moto
	const owner = await setupOwner(n8n.baseUrl, OWNER);
	const { apiKey } = await createApiKey(n8n.baseUrl, owner.cookie, { label: 'demo' });
	for (const name of ACTIVATE) await api(n8n.baseUrl, apiKey, 'POST', `/workflows/${examples[name].id}/activate`);

	const url = n8n.baseUrl;
	console.log(`
  n8n ${n8nRelease.version} with n8n-nodes-aws-cognito is running (ready in ${Math.round((Date.now() - t0) / 1000)} s)

    Open      ${url}
    Email     ${OWNER.email}
    Password  ${OWNER.password}

  Credential "${DEMO_CREDENTIAL.name}" points at moto (${moto.endpoint}) through a device layer
  (${devices.endpoint}: remembered devices, which moto lacks), default pool ${userPoolId}.
  Example workflows are in the Overview; these four are active:
    Access request form   ${url}/form/access-request
    New joiner form       ${url}/form/new-joiner
    Offboarding webhook   curl -X POST ${url}/webhook/offboard -H 'content-type: application/json' -d '{"username":"ryan.walsh"}'
    Incident response     curl -X POST ${url}/webhook/incident-response -H 'content-type: application/json' -d '{"username":"${INCIDENT.username}","reason":"${INCIDENT.reason}"}'
  Try a username such as amelia.hughes, grace.whitfield or ryan.walsh (disabled).

  Logs: .demo/n8n.log, .demo/moto.log. Press Ctrl-C to stop.
`);

	// Stay up until Ctrl-C; leave if n8n dies on its own.
	for (;;) {
		await sleep(2000);
		try {
			process.kill(n8n.pid, 0);
		} catch {
			console.error(
				`n8n exited unexpectedly; last lines of .demo/n8n.log:\n${n8n.output().split('\n').slice(-20).join('\n')}`,
			);
			await shutdown(1);
		}
	}
} catch (error) {
	console.error(`\ndemo failed: ${error.stack === error.message ? error.message : (error.stack ?? error)}`);
	await shutdown(1);
}
