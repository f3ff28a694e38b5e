#!/usr/bin/env node
// Self-check of the n8n harness: install n8n (cached), run a trivial workflow headless with
// `n8n execute`, then boot `n8n start`, set up an owner, create an API key, use the public API and
// the credential tester, and stop. If dist/ exists, also install our package and check that n8n
// loads its node types. Usage: node scripts/lib/selfcheck-n8n.mjs [--keep] [--version=1.123.50]
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureN8n, DEFAULT_N8N_VERSION } from './n8n-install.mjs';
import { installPackageInto } from './n8n-package.mjs';
import {
	api,
	createApiKey,
	executeWorkflow,
	importWorkflows,
	makeUserFolder,
	n8nEnv,
	nodeItems,
	nodeTypeNames,
	rest,
	setupOwner,
	startN8n,
	testCredential,
} from './n8n-process.mjs';
import { REPO_ROOT } from './run.mjs';

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const version = args.find((a) => a.startsWith('--version='))?.split('=')[1] ?? DEFAULT_N8N_VERSION;

const t0 = Date.now();
const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);
const timings = {};
async function timed(name, fn) {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = (Date.now() - t) / 1000;
	}
}

let passed = 0;
let failed = 0;
function check(name, cond, detail = '') {
	if (cond) {
		passed++;
		log(`ok   ${name}`);
	} else {
		failed++;
		log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
	}
}

// Manual Trigger → Set {hello: 'world'}; and one that fails on purpose, to check the error path.
const helloWorkflow = {
	id: 'harnessHello0001',
	name: 'Harness hello',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'a2',
			name: 'Set hello',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				mode: 'manual',
				assignments: { assignments: [{ id: 's1', name: 'hello', value: 'world', type: 'string' }] },
				options: {},
			},
		},
	],
	connections: { Start: { main: [[{ node: 'Set hello', type: 'main', index: 0 }]] } },
};
const failingWorkflow = {
	id: 'harnessFail00001',
	name: 'Harness failing',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'b1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'b2',
			name: 'Boom',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			position: [220, 0],
			parameters: { errorMessage: 'harness boom' },
		},
	],
	connections: { Start: { main: [[{ node: 'Boom', type: 'main', index: 0 }]] } },
};

let server = null;
const userFolder = makeUserFolder('n8n-selfcheck-');
try {
	const bin = await timed('install (ensureN8n)', () => ensureN8n({ version, log }));
	log(`n8n bin: ${path.relative(REPO_ROOT, bin)}`);
	const env = await n8nEnv({ userFolder, bin });
	log(`user folder: ${userFolder} (port ${env.N8N_PORT}, broker ${env.N8N_RUNNERS_BROKER_PORT})`);

	const withPackage = existsSync(path.join(REPO_ROOT, 'dist'));
	if (withPackage) {
		await timed('package install', () => installPackageInto(userFolder, { log }));
	} else {
		log('dist/ missing: skipping the package checks (run `npm run build` to include them)');
	}

	await timed('import:workflow', () => importWorkflows(env, [helloWorkflow, failingWorkflow]));
	check('import:workflow', true);

	const hello = await timed('execute (ok)', () => executeWorkflow(env, helloWorkflow.id));
	let items = [];
	try {
		items = nodeItems(hello.run, 'Set hello');
	} catch {}
	check(
		'execute exits 0',
		hello.code === 0,
		`code ${hello.code}\n${hello.stdout.slice(-1500)}\n${hello.stderr.slice(-1500)}`,
	);
	check('execute output has {hello: "world"}', items.length === 1 && items[0].hello === 'world', JSON.stringify(items));

	const boom = await timed('execute (failing)', () => executeWorkflow(env, failingWorkflow.id));
	const errMsg = boom.run?.data?.resultData?.error?.message;
	check('failing workflow exits non-zero', boom.code !== 0, `code ${boom.code}`);
	check('failing workflow run JSON carries the error', errMsg === 'harness boom', `error: ${errMsg}`);

	server = await timed('boot (n8n start)', () => startN8n(env, { log }));
	const { baseUrl } = server;

	const owner = await setupOwner(baseUrl);
	check(
		'owner setup returns a session cookie',
		owner.cookie.startsWith('n8n-auth=') && owner.user?.email === owner.email,
	);

	const key = await createApiKey(baseUrl, owner.cookie);
	check('api key created', typeof key.apiKey === 'string' && key.apiKey.length > 20, JSON.stringify(key.raw));
	log(`api key scopes: ${key.scopes.length} (e.g. ${key.scopes.slice(0, 3).join(', ')})`);

	const list = await api(baseUrl, key.apiKey, 'GET', '/workflows');
	const ids = (list.data ?? []).map((w) => w.id).sort();
	check(
		'public API lists the imported workflows',
		ids.includes(helloWorkflow.id) && ids.includes(failingWorkflow.id),
		JSON.stringify(ids),
	);
	const unauth = await api(baseUrl, 'not-a-key', 'GET', '/workflows', undefined, { full: true });
	check('public API rejects a wrong key', unauth.status === 401, `status ${unauth.status}`);

	// n8n's credential tester, on a built-in credential whose test calls our own public API.
	const good = await testCredential(baseUrl, owner.cookie, {
		type: 'n8nApi',
		data: { apiKey: key.apiKey, baseUrl: `${baseUrl}/api/v1` },
	});
	check('credential test OK with a valid key', good.status === 'OK', JSON.stringify(good));
	log(`credential test (good): ${JSON.stringify(good)}`);
	const bad = await testCredential(baseUrl, owner.cookie, {
		type: 'n8nApi',
		data: { apiKey: 'wrong', baseUrl: `${baseUrl}/api/v1` },
	});
	check('credential test Error with a wrong key', bad.status === 'Error', JSON.stringify(bad));
	log(`credential test (bad): ${JSON.stringify(bad)}`);

	// CLI next to a running server on the same user folder (own broker port, shared SQLite).
	const again = await timed('execute (while started)', () => executeWorkflow(env, helloWorkflow.id));
	check('execute works while n8n start runs', again.ok, `code ${again.code}\n${again.stdout.slice(-800)}`);

	if (withPackage) {
		const names = await nodeTypeNames(baseUrl, owner.cookie);
		const ours = names.filter((n) => n.startsWith('n8n-nodes-aws-cognito.'));
		log(`package node types: ${ours.join(', ') || '(none)'}`);
		check('n8n loads n8n-nodes-aws-cognito.awsCognito', ours.includes('n8n-nodes-aws-cognito.awsCognito'));
		if (!ours.length) {
			// n8n skips a package whose files fail to load; its reason is in the start-up log.
			const why = server
				.output()
				.split('\n')
				.filter((l) => /cannot find module|error|n8n-nodes-aws-cognito/i.test(l));
			log(`n8n start-up log about the package:\n  ${why.slice(0, 10).join('\n  ') || '(nothing)'}`);
		}
		const creds = (await rest(baseUrl, owner.cookie, 'GET', '/types/credentials.json')).body.map((c) => c.name);
		check(
			'n8n loads the awsCognitoApi credential type',
			creds.some((c) => /^awsCognito/i.test(c)),
			creds.filter((c) => /cognito/i.test(c)).join(','),
		);
	}

	const stopped = await timed('stop', () => server.stop());
	server = null;
	log(`n8n stopped (${JSON.stringify(stopped)})`);
} catch (err) {
	failed++;
	log(`FAIL unexpected error: ${err.stack ?? err}`);
	if (server) console.log(`--- n8n output tail ---\n${server.output()}`);
} finally {
	if (server) await server.stop();
	if (keep) log(`kept user folder ${userFolder}`);
	else rmSync(userFolder, { recursive: true, force: true });
}

console.log('\nTimings (s):');
for (const [name, s] of Object.entries(timings)) console.log(`  ${name.padEnd(26)} ${s.toFixed(1)}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
