#!/usr/bin/env node
// The AWS Cognito Trigger at scale in a real n8n: `n8n start` polls a synthetic Cognito pool of N
// users (scripts/lib/synthetic-cognito.mjs: in memory, AWS's quotas and pagination, in this process,
// so not counted in n8n's memory), once per mode, each in a fresh n8n process on the same database:
//
//   changes   Emit: Changes (the first poll records the fingerprint silently)
//   later     Emit: Changes, a later poll: the workflow is imported with the state a previous poll
//             would have recorded (scripts/lib/recorded-state.mjs: 1 % of the users changed since,
//             0.1 % new), so the poll emits about 1.3 % of the pool as events and n8n saves the new state
//   items     Emit: Users, Output As: Items (one item per user)
//   file      Emit: Users, Output As: One File (CSV by default)
//
// For each: how long activation took, the first poll's duration (from the first scheduled poll, once a
// minute, until the fingerprint is saved or the execution has finished), n8n's resident memory (main process: idle after start, peak during the poll,
// VmHWM), the bytes of static data n8n stores with the workflow, how much the database grew, and,
// once the workflow is deactivated, how long the editor takes to open it and to save it (GET and
// PATCH /rest/workflows/:id, as the editor sends them) and whether the save kept the static data.
// n8n 2.x gives an activation 84 s by default (N8N_WORKFLOW_PUBLICATION_OUTBOX_LEASE_SECONDS=120):
// the trigger only checks a big pool while n8n activates it and reads it at the first scheduled poll,
// so n8n's defaults are kept.
//
//   node scripts/bench-n8n.mjs [--users=100000] [--groups=100] [--memberships-per-user=1]
//                              [--modes=changes,later,items,file] [--format=csv|jsonl] [--share=80]
//                              [--n8n=2] [--keep]
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

import { ensureBuilt } from './lib/build.mjs';
import { waitFor } from './lib/checks.mjs';
import { createCleanup } from './lib/cleanup.mjs';
import { cognitoCredential } from './lib/examples.mjs';
import { TRIGGER_NAME, executionItems, processMemory, startServer, triggerWorkflow } from './lib/file-output.mjs';
import { installPackageInto } from './lib/n8n-package.mjs';
import { api, importCredentials, importWorkflows, makeUserFolder, n8nEnv, rest } from './lib/n8n-process.mjs';
import { n8nMajorFromArgs, reexecForN8n, resolveN8n } from './lib/n8n-version.mjs';
import { recordedStateOf } from './lib/recorded-state.mjs';
import { startSyntheticCognito } from './lib/synthetic-cognito.mjs';

const MODES = {
	changes: { label: 'Changes', parameters: { emit: 'changes', onFirstPoll: 'baseline' } },
	later: { label: 'Changes, a later poll', parameters: { emit: 'changes', onFirstPoll: 'baseline' }, recorded: true },
	items: { label: 'Users as items', parameters: { emit: 'users', outputAs: 'items' } },
	file: { label: 'Users as one file', parameters: { emit: 'users', outputAs: 'file' } },
};
const CREDENTIAL_ID = 'benchN8nCred0001';
/**
 * Once a minute (n8n's shortest poll interval), at the second `second`: chosen so that the first
 * scheduled poll comes soon after activation; polls that would overlap it are skipped by the trigger.
 */
const everyMinuteAt = (second) => ({ item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] });
/** The next time (ms) after `after` at which the clock's seconds read `second`. */
const nextTick = (after, second) => {
	const tick = new Date(after);
	tick.setSeconds(second, 0);
	while (tick.getTime() <= after) tick.setTime(tick.getTime() + 60_000);
	return tick.getTime();
};
/** n8n's start, the idle reading and activation take about this long after the import. */
const FIRST_POLL_AFTER_S = 50;
const SAMPLE_MS = 250;
const POLL_TIMEOUT_MS = 45 * 60_000;

function flag(name, fallback) {
	const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
	return arg ? arg.slice(name.length + 3) : fallback;
}

function wholeFlag(name, fallback, min) {
	const value = Number(flag(name, fallback));
	if (!Number.isInteger(value) || value < min) {
		console.error(`--${name} must be a whole number of at least ${min}, got ${flag(name, fallback)}`);
		process.exit(2);
	}
	return value;
}

const users = wholeFlag('users', 100_000, 1);
const groups = wholeFlag('groups', 100, 0);
const membershipsPerUser = Number(flag('memberships-per-user', 1));
const share = wholeFlag('share', 80, 1);
const format = flag('format', 'csv');
const modes = flag('modes', 'changes,items,file').split(',');
const keep = process.argv.includes('--keep');
for (const mode of modes) {
	if (!MODES[mode]) {
		console.error(`--modes: "${mode}" is not one of ${Object.keys(MODES).join(', ')}`);
		process.exit(2);
	}
}
if (format !== 'csv' && format !== 'jsonl') {
	console.error(`--format must be csv or jsonl, got ${format}`);
	process.exit(2);
}

const t0 = Date.now();
const log = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(7)}s] ${message}`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const major = n8nMajorFromArgs(process.argv.slice(2));
const childExit = await reexecForN8n(major, { log });
if (childExit !== null) process.exit(childExit);

const cleanup = createCleanup({
	log: (line) => log(`cleanup: ${line}`),
	onSignal: (signal) => log(`${signal}: stopping everything started…`),
});

/** Database size: SQLite's file with its write-ahead log. */
function databaseBytes(userFolder) {
	const file = path.join(userFolder, '.n8n', 'database.sqlite');
	return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

/** Samples the process's resident memory until stopped; resolves the highest sample. */
function sampleMemory(pid) {
	let max = 0;
	const timer = setInterval(() => {
		try {
			max = Math.max(max, processMemory(pid).rss);
		} catch {
			// The process is gone: the last sample stands.
		}
	}, SAMPLE_MS);
	return {
		stop: () => {
			clearInterval(timer);
			return max;
		},
	};
}

/** Activates the workflow with a budget of its own: n8n answers once its first (activation) poll is over. */
async function activate(server, id) {
	const res = await fetch(new URL(`/api/v1/workflows/${id}/activate`, server.baseUrl), {
		method: 'POST',
		headers: { 'X-N8N-API-KEY': server.apiKey, accept: 'application/json' },
		signal: AbortSignal.timeout(POLL_TIMEOUT_MS),
	});
	if (!res.ok) throw new Error(`activating ${id} → ${res.status}: ${await res.text()}`);
}

/** Where n8n keeps a node's static data in the workflow: `node:<node name>`. */
const STATIC_DATA_KEY = `node:${TRIGGER_NAME}`;

/** The fingerprint a previous poll of the synthetic pool would have recorded. */
function recordedState(synthetic) {
	const built = Date.now();
	const { fingerprint } = recordedStateOf(synthetic.spec);
	if (fingerprint.pool !== synthetic.poolId) throw new Error(`the recorded state is of ${fingerprint.pool}`);
	log(`recorded state of the pool built in ${((Date.now() - built) / 1000).toFixed(1)} s`);
	return fingerprint;
}

/**
 * What the editor does with the workflow: opens it (GET /rest/workflows/:id) and saves it (PATCH with
 * what the editor sends: no static data). Resolves both times and whether the static data survived.
 */
async function openAndSave(server, id, staticData) {
	const opening = Date.now();
	const { body } = await rest(server.baseUrl, server.cookie, 'GET', `/rest/workflows/${id}`);
	const openMs = Date.now() - opening;
	const { name, nodes, connections, settings, versionId } = body.data;
	const saving = Date.now();
	await rest(server.baseUrl, server.cookie, 'PATCH', `/rest/workflows/${id}`, {
		name,
		nodes,
		connections,
		settings,
		versionId,
	});
	const saveMs = Date.now() - saving;
	const after = await api(server.baseUrl, server.apiKey, 'GET', `/workflows/${id}`);
	return { openMs, saveMs, staticDataKept: JSON.stringify(after.staticData) === JSON.stringify(staticData) };
}

async function measure(mode, { env, synthetic, folder }) {
	const id = `benchN8n${mode.padEnd(7, '0')}`;
	const parameters = { ...MODES[mode].parameters, ...(mode === 'file' ? { fileFormat: format } : {}) };
	const recorded = MODES[mode].recorded ? recordedState(synthetic) : undefined;
	const pollSecond = Math.floor(Date.now() / 1000 + FIRST_POLL_AFTER_S) % 60;
	await importWorkflows(env, [
		{
			...triggerWorkflow({
				id,
				name: `[bench] ${MODES[mode].label}`,
				credentialId: CREDENTIAL_ID,
				userPoolId: synthetic.poolId,
				parameters,
				pollTimes: everyMinuteAt(pollSecond),
			}),
			...(recorded ? { staticData: { [STATIC_DATA_KEY]: { fingerprint: recorded } } } : {}),
		},
	]);
	const server = await startServer(env, { cleanup, log });
	try {
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const idle = processMemory(server.pid).rss;
		const dbBefore = databaseBytes(folder);
		const sampler = sampleMemory(server.pid);
		const started = Date.now();
		log(`${MODES[mode].label}: activating (n8n pid ${server.pid}, idle ${mb(idle)})`);
		await activate(server, id);
		const activationSeconds = (Date.now() - started) / 1000;
		const firstTick = nextTick(Date.now(), pollSecond);
		log(`${MODES[mode].label}: activated in ${activationSeconds.toFixed(1)} s`);
		const done = await waitFor(
			async () => {
				if (mode === 'changes') {
					// n8n saves static data only with an activation or an emission: a baseline recorded by a
					// scheduled poll stays in memory until the first change, so it is read from the trigger's log.
					const logged = /recorded the pool's state .* in ([\d.]+) s with (\d+) calls, (\d+) bytes of state/.exec(
						server.output(),
					);
					return logged
						? { syncSeconds: Number(logged[1]), calls: Number(logged[2]), stateBytes: Number(logged[3]) }
						: undefined;
				}
				const { data = [] } = await api(server.baseUrl, server.apiKey, 'GET', `/executions?workflowId=${id}`);
				return data.find((e) => e.status === 'success' || e.status === 'error' || e.status === 'crashed');
			},
			{ timeoutMs: POLL_TIMEOUT_MS, intervalMs: 500 },
		);
		// A pool small enough is read inside the activation: then its poll is timed from there.
		const pollSeconds = (Date.now() - (Date.now() < firstTick ? started : firstTick)) / 1000;
		// Settle: n8n saves the execution after it finishes; the sampler keeps watching meanwhile.
		await new Promise((resolve) => setTimeout(resolve, 5000));
		const sampledPeak = sampler.stop();
		const { peak } = processMemory(server.pid);
		if (!done) throw new Error(`${mode}: the first poll did not finish within ${POLL_TIMEOUT_MS / 60_000} min`);
		if (mode !== 'changes' && done.status !== 'success') throw new Error(`${mode}: the execution ${done.status}`);
		const workflow = await api(server.baseUrl, server.apiKey, 'GET', `/workflows/${id}`);
		const staticBytes =
			mode === 'changes' ? done.stateBytes : Buffer.byteLength(JSON.stringify(workflow.staticData ?? {}));
		let file;
		let events;
		if (mode === 'file' || mode === 'later') {
			const execution = await api(server.baseUrl, server.apiKey, 'GET', `/executions/${done.id}?includeData=true`);
			const items = executionItems(execution, TRIGGER_NAME);
			// One File: one item and a reference to the file. A later poll: one item per event.
			file = mode === 'file' ? items[0]?.json?.file : undefined;
			events = mode === 'later' ? items.length : undefined;
		}
		if (recorded && JSON.stringify(workflow.staticData?.[STATIC_DATA_KEY]?.fingerprint) === JSON.stringify(recorded)) {
			throw new Error(`${mode}: n8n did not save the state the poll recorded`);
		}
		const execution =
			mode === 'changes'
				? undefined
				: { ms: new Date(done.stoppedAt).getTime() - new Date(done.startedAt).getTime(), status: done.status };
		await api(server.baseUrl, server.apiKey, 'POST', `/workflows/${id}/deactivate`);
		const editor = await openAndSave(server, id, workflow.staticData);
		return {
			mode,
			label: MODES[mode].label,
			activationSeconds,
			pollSeconds,
			idleRss: idle,
			peakRss: Math.max(peak, sampledPeak),
			staticBytes,
			databaseGrowth: databaseBytes(folder) - dbBefore,
			execution,
			file,
			events,
			editor,
		};
	} finally {
		await server.stop();
	}
}

const results = [];
try {
	const n8n = await resolveN8n(major, { log });
	log(`n8n ${n8n.version} on Node ${n8n.nodeVersion}`);
	await ensureBuilt({ log });
	const root = makeUserFolder('cognito-bench-n8n-');
	cleanup.add(() => (keep ? log(`kept ${root}`) : rmSync(root, { recursive: true, force: true })));
	const synthetic = await startSyntheticCognito({ users, groups, membershipsPerUser }, { quotas: true });
	cleanup.add(() => synthetic.stop());
	log(
		`synthetic pool ${synthetic.poolId}: ${users} users, ${groups} groups, ${membershipsPerUser} groups a user on average, at ${synthetic.endpoint}`,
	);
	const folder = path.join(root, 'n8n');
	const env = await n8nEnv({ userFolder: folder, bin: n8n.bin, extra: n8n.env });
	await installPackageInto(folder, { log });
	await importCredentials(env, [
		cognitoCredential({
			endpoint: synthetic.endpoint,
			region: synthetic.region,
			userPoolId: synthetic.poolId,
			keys: { accessKeyId: 'AKIDBENCHN8N', secretAccessKey: 'bench-n8n-secret' },
			id: CREDENTIAL_ID,
			name: CREDENTIAL_ID,
			quotaShare: share,
		}),
	]);
	for (const mode of modes) {
		const result = await measure(mode, { env, synthetic, folder });
		results.push(result);
		log(
			`${result.label}: poll ${result.pollSeconds.toFixed(1)} s, n8n RSS idle ${mb(result.idleRss)} → peak ${mb(result.peakRss)}, static data ${result.staticBytes} B, database +${mb(result.databaseGrowth)}`,
		);
	}

	console.log(
		`\nn8n ${n8n.version}, ${users.toLocaleString('en')} users, ${groups} groups, ${membershipsPerUser} groups a user, Quota Share ${share} %${modes.includes('file') ? `, file: ${format}` : ''}\n`,
	);
	console.log(
		'| mode | activation | first poll | n8n RSS idle | n8n RSS peak | static data | database growth | open / save in the editor | output |',
	);
	console.log('|---|---|---|---|---|---|---|---|---|');
	for (const r of results) {
		const output =
			r.mode === 'changes'
				? 'none (baseline recorded)'
				: r.mode === 'later'
					? `${(r.events ?? 0).toLocaleString('en')} events`
					: r.mode === 'file'
						? `1 item: ${r.file?.fileName ?? '?'}, ${((r.file?.bytes ?? 0) / 1024 / 1024).toFixed(1)} MiB, ${(r.file?.users ?? 0).toLocaleString('en')} rows`
						: `${users.toLocaleString('en')} items`;
		console.log(
			`| ${r.label} | ${r.activationSeconds.toFixed(1)} s | ${r.pollSeconds.toFixed(1)} s | ${mb(r.idleRss)} | ${mb(r.peakRss)} | ${(r.staticBytes / 1024 / 1024).toFixed(2)} MiB (${(r.staticBytes / users).toFixed(1)} B/user) | ${mb(r.databaseGrowth)} | ${(r.editor.openMs / 1000).toFixed(2)} s / ${(r.editor.saveMs / 1000).toFixed(2)} s${r.editor.staticDataKept ? '' : ', static data LOST'} | ${output} |`,
		);
	}
	console.log(`\n${JSON.stringify({ users, groups, membershipsPerUser, share, format, results })}`);
} catch (error) {
	console.error(error?.stack ?? String(error));
	process.exitCode = 1;
} finally {
	await cleanup.stopAll();
}
