#!/usr/bin/env node
// What User → Get Many's filter on a non-searchable attribute costs (`node scripts/bench-filter.mjs`):
// the package's own code (built dist/: selectUsers, keepMatching, paginateUsers through the rate
// limiter) reads a synthetic pool (scripts/lib/synthetic-cognito.mjs: AWS's UserList quota of 30/s
// enforced, throttles answered as AWS does) and filters on custom:department, as the node does.
// Each run happens in a child process of its own, so its peak RSS is its own; the endpoint runs here.
//
//   node scripts/bench-filter.mjs [--users=100000] [--share=80]
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureBuilt } from './lib/build.mjs';
import { BENCH_KEYS } from './lib/bench-seed.mjs';
import { REPO_ROOT } from './lib/run.mjs';
import { startSyntheticCognito } from './lib/synthetic-cognito.mjs';

const DIST = path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito');
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

/** In the child: one Get Many read, timed, its RSS sampled every 50 ms. */
async function child({ endpoint, userPoolId, region, quotaShare, condition, limit }) {
	const require = createRequire(import.meta.url);
	const { CognitoApi, collect, keepMatching, paginateUsers, selectUsers } = require(
		path.join(DIST, 'transport', 'index.js'),
	);
	const api = new CognitoApi({ region, ...BENCH_KEYS, endpoint, quotaShare });
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
	const selection = selectUsers(condition);
	const started = performance.now();
	const users =
		selection.where === 'pages'
			? await collect(keepMatching(paginateUsers(api, userPoolId), selection.test), limit)
			: await collect(paginateUsers(api, userPoolId, { pageSize: limit, filter: selection.filter }), limit);
	const wallMs = performance.now() - started;
	clearInterval(timer);
	peak = Math.max(peak, process.memoryUsage().rss);
	process.send({ where: selection.where, matches: users.length, wallMs, peakRss: peak });
}

function runChild(input) {
	return new Promise((resolve, reject) => {
		const worker = fork(fileURLToPath(import.meta.url), ['--child'], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		worker.once('message', resolve);
		worker.once('error', reject);
		worker.once('exit', (code) => code && reject(new Error(`the measuring child exited with ${code}`)));
		worker.send(input);
	});
}

async function main() {
	const users = arg('users', 100_000);
	const share = arg('share', 80) / 100;
	await ensureBuilt({ log: console.log });
	const endpoint = await startSyntheticCognito({ users, groups: 12, membershipsPerUser: 1, seed: 7 });
	const cases = [
		{
			label: 'custom:department equals "sales", Return All',
			condition: { attribute: 'custom:department', match: 'equals', value: 'sales' },
		},
		{
			label: 'custom:department equals a value nobody has, Return All',
			condition: { attribute: 'custom:department', match: 'equals', value: 'nobody' },
		},
		{
			label: 'custom:department contains "eng", Limit 50',
			condition: { attribute: 'custom:department', match: 'contains', value: 'eng' },
			limit: 50,
		},
		{
			label: 'email equals (searchable: Cognito filters), Return All',
			condition: { attribute: 'email', match: 'equals', value: 'nobody@example.com' },
		},
	];
	console.log(
		`synthetic pool of ${users.toLocaleString('en')} users; UserList quota 30/s, share ${share * 100}% = ${30 * share}/s`,
	);
	try {
		for (const { label, condition, limit } of cases) {
			endpoint.reset();
			const result = await runChild({
				endpoint: endpoint.endpoint,
				userPoolId: endpoint.poolId,
				region: endpoint.region,
				quotaShare: share,
				condition,
				limit,
			});
			const { accepted, throttled } = endpoint.stats();
			const calls = accepted.ListUsers ?? 0;
			const rate = calls / (result.wallMs / 1000);
			console.log(
				`${label}: ${result.where === 'pages' ? 'read page by page' : 'Cognito filter'}; ${result.matches.toLocaleString('en')} matches; ` +
					`${calls.toLocaleString('en')} ListUsers calls (ceil(U/60) = ${Math.ceil(users / 60).toLocaleString('en')}), ` +
					`${throttled.ListUsers ?? 0} throttled; ${(result.wallMs / 1000).toFixed(1)} s (${rate.toFixed(1)} calls/s); ` +
					`peak RSS ${(result.peakRss / 1024 / 1024).toFixed(0)} MB`,
			);
		}
	} finally {
		await endpoint.stop();
	}
}

if (process.argv.includes('--child'))
	process.once('message', async (input) => {
		await child(input);
		process.exit(0);
	});
else await main();
