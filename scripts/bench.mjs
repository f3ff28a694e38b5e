#!/usr/bin/env node
// `npm run bench`: a full pool sync against a quota-enforcing Cognito, ours vs the naive plan, in one run.
//
//   npm run bench [-- --users=1200 --groups=120 --memberships=3000 --share=0.8 --naive-concurrency=10]
//   npm run bench -- --moto=0 --scale-users=0 --memory-users=100000     memory and state at 100,000 users
//   ... --memory-users=100000 --memory-snapshot=1                         and a full snapshot's memory
//
// Then the scale section (scripts/lib/bench-scale.mjs): full syncs against the synthetic Cognito
// endpoint at 0, 100 and 300 ms a round trip, ours against the same sync on one chain, each against
// its call minimum and its wall-time bound; --memory-users adds one big sync measured for peak RSS
// and the trigger's state per user.
//
// moto (the local Cognito emulator) is seeded straight through the SDK; then each variant syncs the
// same pool through a loopback proxy that enforces AWS's per-category request-rate quotas and
// answers TooManyRequestsException like AWS (scripts/lib/quota-proxy.mjs). Buckets are reset and
// refilled between variants. Each variant runs in a child process of its own (scripts/lib/bench-variant.mjs)
// so that its peak RSS is its own: V8 and malloc keep memory after a run, so a second variant in the
// same process would start from the first one's high-water mark, and the proxy, which buffers every
// request and answer, stays in this process where it is not counted. Everything listens on 127.0.0.1;
// moto and the proxy are stopped on exit, failure and Ctrl-C alike.
import {
	AdminGetUserCommand,
	AdminListGroupsForUserCommand,
	CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { runLatencySection, runMemorySection } from './lib/bench-scale.mjs';
import { BENCH_KEYS, BENCH_REGION, seedBenchPool } from './lib/bench-seed.mjs';
import { ensureBuilt } from './lib/build.mjs';
import { startMoto } from './lib/moto.mjs';
import { createCleanup } from './lib/cleanup.mjs';
import { REPO_ROOT } from './lib/run.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const require = createRequire(import.meta.url);
const PAGE = 60;
const REFILL_PAUSE_MS = 1500;
const VARIANT_TIMEOUT_MS = 150_000;

// ── flags ────────────────────────────────────────────────────────────────────────────────────────
const FLAGS = {
	users: { default: 1200, min: 1, help: 'users in the pool' },
	groups: { default: 120, min: 1, help: 'groups in the pool' },
	memberships: { default: 3000, min: 0, help: 'user-in-group memberships' },
	share: { default: 0.8, min: 0.01, max: 1, float: true, help: 'quotaShare of our limiter, in (0, 1]' },
	'naive-concurrency': { default: 10, min: 1, help: 'users in flight in the naive plan' },
	moto: { default: 1, min: 0, max: 1, help: '0 skips the moto section (ours vs the naive plan)' },
	'scale-users': { default: 3000, min: 0, help: 'users of the latency section (synthetic Cognito; 0 skips it)' },
	'scale-groups': { default: 40, min: 1, help: 'groups of the latency and memory sections' },
	latency: {
		default: -1,
		min: -1,
		max: 60000,
		help: 'one latency (ms) for the scale section instead of 0, 100 and 300',
	},
	'memory-users': { default: 0, min: 0, help: 'users of the memory section (e.g. 100000; 0 skips it)' },
	'memory-snapshot': { default: 0, min: 0, max: 1, help: '1: the memory section also takes a full snapshot' },
};
/** Round-trip latencies of the scale section, in ms. */
const LATENCIES = [0, 100, 300];
/** Mean groups per user in the synthetic pools. */
const SYNTHETIC_MEMBERSHIPS_PER_USER = 2;
function parseFlags(argv) {
	if (argv.includes('--help') || argv.includes('-h')) {
		console.log('npm run bench -- [flags]');
		for (const [name, f] of Object.entries(FLAGS)) console.log(`  --${name}=${f.default}`.padEnd(30) + f.help);
		process.exit(0);
	}
	const values = Object.fromEntries(Object.entries(FLAGS).map(([name, f]) => [name, f.default]));
	for (const arg of argv) {
		const match = /^--([a-z-]+)=(.*)$/.exec(arg);
		const flag = match && FLAGS[match[1]];
		if (!flag)
			throw new Error(
				`unknown argument ${arg}: use ${Object.keys(FLAGS)
					.map((n) => `--${n}=`)
					.join(' ')} (or --help)`,
			);
		const value = Number(match[2]);
		const valid =
			Number.isFinite(value) &&
			value >= flag.min &&
			value <= (flag.max ?? Infinity) &&
			(flag.float || Number.isInteger(value));
		if (!valid) {
			throw new Error(
				`--${match[1]}=${match[2]} is not valid: give ${flag.float ? 'a number' : 'a whole number'} from ${flag.min}${flag.max ? ` to ${flag.max}` : ' up'}`,
			);
		}
		values[match[1]] = value;
	}
	return values;
}

// ── formatting ───────────────────────────────────────────────────────────────────────────────────
const t0 = Date.now();
const step = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a, b) => (b === 0 ? (a === 0 ? '—' : `${a} vs 0`) : `${(a / b).toFixed(1)}×`);
const rate = (r) => `${Number.isInteger(r) ? r : r.toFixed(1)}/s`;
const line = (label, text) => console.log(`  ${label.padEnd(20)}${text}`);
const perOperation = (counts) =>
	Object.entries(counts)
		.sort(([, a], [, b]) => b - a)
		.map(([op, n]) => `${op} ${n}`)
		.join(' · ') || 'none';

// ── the pool's minimum cost ──────────────────────────────────────────────────────────────────────
const pages = (n) => Math.ceil(n / PAGE);
const pagesAtLeastOne = (n) => Math.max(1, Math.ceil(n / PAGE));
const sum = (values) => values.reduce((a, b) => a + b, 0);

/** DESIGN §3: ceil(U/60) + ceil(G/60) + Σ_g max(1, ceil(m_g/60)). */
function minimumCalls(truth) {
	return pages(truth.users.size) + pages(truth.groups.size) + sum(truth.groupSizes.map(pagesAtLeastOne));
}
/** The fewest calls each variant's own plan can make on this pool. */
function planFloor(plan, truth) {
	const lists = pages(truth.users.size) + pages(truth.groups.size);
	const perUser = sum(truth.userGroupCounts.map(pagesAtLeastOne));
	if (plan === 'users') return lists + perUser;
	if (plan === 'per user') return lists + truth.users.size + perUser;
	return minimumCalls(truth);
}

// ── ground truth ─────────────────────────────────────────────────────────────────────────────────
function compareWithTruth(read, truth) {
	const users = new Map(read.users ?? []);
	const groups = new Set(read.groups ?? []);
	const memberships = new Set(read.memberships ?? []);
	const part = (found, expected, extra) => ({ found, expected, extra });
	const result = {
		users: part(
			[...truth.users].filter(([sub, username]) => users.get(sub) === username).length,
			truth.users.size,
			[...users.keys()].filter((sub) => !truth.users.has(sub)).length,
		),
		groups: part(
			[...truth.groups].filter((g) => groups.has(g)).length,
			truth.groups.size,
			[...groups].filter((g) => !truth.groups.has(g)).length,
		),
		memberships: part(
			[...truth.memberships].filter((m) => memberships.has(m)).length,
			truth.memberships.size,
			[...memberships].filter((m) => !truth.memberships.has(m)).length,
		),
	};
	result.equal = !read.error && Object.values(result).every((p) => p.found === p.expected && p.extra === 0);
	return result;
}

// ── moto capacity for the naive loop ─────────────────────────────────────────────────────────────
/**
 * How fast moto alone (no proxy, no quota) serves the naive per-user loop with the same number of
 * users in flight: if that is below an AWS quota, moto, not the quota, bounds the naive plan.
 */
async function motoCapacityForNaiveLoop(endpoint, userPoolId, usernames, inFlight) {
	const client = new CognitoIdentityProviderClient({
		region: BENCH_REGION,
		endpoint,
		credentials: BENCH_KEYS,
		maxAttempts: 1,
	});
	const sample = usernames.slice(0, Math.min(usernames.length, 300));
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < sample.length) {
				const Username = sample[next++];
				await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username }));
				await client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username, Limit: PAGE }));
			}
		}),
	);
	client.destroy();
	return sample.length / ((Date.now() - started) / 1000);
}

// ── one variant in a child process ───────────────────────────────────────────────────────────────
const children = new Set();
function runVariant(config, timeoutMs = VARIANT_TIMEOUT_MS) {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(REPO_ROOT, 'scripts', 'lib', 'bench-variant.mjs'), [], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		children.add(child);
		let result;
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('message', (message) => (result = message));
		child.once('error', reject);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			if (result) resolve(result);
			else
				reject(
					new Error(
						`variant ${config.variant} exited (${signal ?? `code ${code}`}) without a result${signal === 'SIGKILL' ? ` after ${timeoutMs / 1000} s` : ''}`,
					),
				);
		});
		child.send(config);
	});
}

// ── main ─────────────────────────────────────────────────────────────────────────────────────────
const VARIANTS = [
	{ id: 'ours-groups', title: 'ours · default plan choice' },
	{ id: 'ours-users', title: 'ours · user plan forced' },
	{ id: 'naive', title: 'naive · ListUsers, then AdminGetUser + AdminListGroupsForUser per user' },
];

let interrupted;
const cleanup = createCleanup({
	onSignal: (signal) => {
		interrupted = signal;
		console.log(`\n${signal}: stopping moto and the proxy…`);
		// Variant children first: they may be mid-call against the proxy.
		for (const child of children) child.kill('SIGKILL');
	},
});
const stopAll = cleanup.stopAll;

let flags;
try {
	flags = parseFlags(process.argv.slice(2));
} catch (error) {
	console.error(error.message);
	process.exit(2);
}

let exitCode = 0;
try {
	const counts = { users: flags.users, groups: flags.groups, memberships: flags.memberships };
	const share = flags.share;
	const naiveConcurrency = flags['naive-concurrency'];

	await ensureBuilt({ log: step });
	// Both read the built quota tables, so they are loaded once dist/ is there.
	const { startQuotaProxy } = await import('./lib/quota-proxy.mjs');
	const { CATEGORY_RATE, COMMAND_CATEGORY, PER_POOL_RATE } = require(
		path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito', 'transport', 'quotas.js'),
	);

	if (flags.moto === 1) {
		step('starting moto on 127.0.0.1…');
		const motoLog = path.join(os.tmpdir(), `n8n-nodes-aws-cognito-bench-moto-${process.pid}.log`);
		const moto = await startMoto({ logFile: motoLog });
		cleanup.add(async () => {
			await moto.stop();
			// Kept only when something went wrong, for the post-mortem.
			if (exitCode === 0 && !interrupted) rmSync(motoLog, { force: true });
			else console.error(`moto's log: ${motoLog}`);
		});
		step(
			`moto at ${moto.endpoint}; seeding ${counts.users} users, ${counts.groups} groups, ${counts.memberships} memberships (SDK → moto directly)…`,
		);
		const seedClient = new CognitoIdentityProviderClient({
			region: BENCH_REGION,
			endpoint: moto.endpoint,
			credentials: BENCH_KEYS,
			maxAttempts: 3,
		});
		const { userPoolId, truth, seconds: seedSeconds } = await seedBenchPool(seedClient, counts);
		seedClient.destroy();
		const sizes = truth.groupSizes;
		step(
			`pool ${userPoolId} seeded in ${seedSeconds.toFixed(1)} s: ${truth.users.size} users, ${truth.groups.size} groups ` +
				`(${sizes.filter((m) => m > PAGE).length} with more than ${PAGE} members, largest ${Math.max(...sizes)}, ${sizes.filter((m) => m === 0).length} empty), ` +
				`${truth.memberships.size} memberships`,
		);

		const usersPerSecond = await motoCapacityForNaiveLoop(
			moto.endpoint,
			userPoolId,
			[...truth.users.values()],
			naiveConcurrency,
		);
		step(
			`moto alone (no proxy, ${naiveConcurrency} users in flight) serves the naive per-user loop at ${usersPerSecond.toFixed(0)} users/s`,
		);

		const proxy = await startQuotaProxy(moto.endpoint);
		cleanup.add(() => proxy.stop());
		step(`quota proxy at ${proxy.endpoint} → moto`);

		const minimum = minimumCalls(truth);
		const rows = [];
		for (const [index, variant] of VARIANTS.entries()) {
			await sleep(REFILL_PAUSE_MS);
			proxy.reset();
			const title =
				variant.id === 'naive'
					? `${variant.title} (${naiveConcurrency} in flight, no limiter, SDK standard retry, 3 attempts)`
					: `${variant.title} · quotaShare ${share}`;
			console.log(`\n── ${index + 1}. ${title}`);
			const read = await runVariant({
				variant: variant.id,
				endpoint: proxy.endpoint,
				userPoolId,
				quotaShare: share,
				naiveConcurrency,
			});
			const stats = proxy.stats();
			const attempted = { ...stats.accepted };
			for (const [op, n] of Object.entries(stats.throttled)) attempted[op] = (attempted[op] ?? 0) + n;
			const calls = sum(Object.values(attempted));
			const throttles = sum(Object.values(stats.throttled));
			const check = compareWithTruth(read, truth);
			const ours = variant.id !== 'naive';
			const billed = ours ? (stats.accepted.AdminGetUser ?? 0) : (read.billedUsers ?? 0);
			const floor = planFloor(read.plan, truth);

			if (read.plan) line('membership plan', read.plan);
			line(
				'calls',
				`${calls} for a minimum of ${minimum} (${ratio(calls, minimum)})` +
					(floor !== minimum ? `; this plan's own floor is ${floor}` : ''),
			);
			if (ours && read.clientCalls !== undefined && read.clientCalls !== calls)
				line('', `(the snapshot counted ${read.clientCalls} calls itself)`);
			line('per operation', perOperation(attempted));
			line(
				'throttles hit',
				throttles === 0
					? '0'
					: `${throttles} (${perOperation(stats.throttled)}); retried by the client ${read.retries ?? 0}`,
			);
			const categories = [...new Set(Object.keys(attempted).map((op) => COMMAND_CATEGORY[op]))];
			const peaks = categories.map((category) => {
				// Where AWS also limits per pool (one pool here), the lower of the two rates binds.
				const perPool = PER_POOL_RATE[category];
				const aws = Math.min(CATEGORY_RATE[category], perPool ?? Infinity);
				const awsText = perPool ? `AWS ${rate(perPool)} per pool` : `AWS ${rate(aws)}`;
				const peak = stats.peakRate[category] ?? 0;
				const accepted = sum(
					Object.entries(stats.accepted)
						.filter(([op]) => COMMAND_CATEGORY[op] === category)
						.map(([, n]) => n),
				);
				const average = accepted / (read.wallMs / 1000);
				const limit = ours ? `configured ${rate(aws * share)} (${awsText} × ${share})` : `no limiter; ${awsText}`;
				return `${category}: peak ${rate(peak)}, mean ${rate(Number(average.toFixed(1)))}; ${limit}`;
			});
			peaks.forEach((text, i) => line(i === 0 ? 'achieved rate' : '', text));
			line('wall time', seconds(read.wallMs));
			line(
				'billed as MAU',
				ours
					? `${billed} users (AdminGetUser calls: ${stats.accepted.AdminGetUser ?? 0})`
					: `${billed} users (AdminGetUser answered: ${stats.accepted.AdminGetUser ?? 0})`,
			);
			if (!ours)
				line(
					'items lost',
					`${read.lostItems ?? 0} of ${truth.users.size} users` +
						(Object.keys(read.errors ?? {}).length ? ` (errors after retries: ${perOperation(read.errors)})` : ''),
				);
			if (read.error) line('failed', read.error);
			const parts = ['users', 'groups', 'memberships'].map(
				(k) => `${k} ${check[k].found}/${check[k].expected}${check[k].extra ? ` (+${check[k].extra} unexpected)` : ''}`,
			);
			line(
				'snapshot',
				`${check.equal ? 'complete, equals ground truth' : 'INCOMPLETE or different from ground truth'}: ${parts.join(', ')}`,
			);
			if (read.peakRss)
				line(
					'peak RSS',
					`${mb(read.peakRss)} (${mb(read.baselineRss)} after loading, +${mb(Math.max(0, read.peakRss - read.baselineRss))} during the sync)`,
				);

			rows.push({
				variant,
				calls,
				throttles,
				wallMs: read.wallMs,
				billed,
				lost: read.lostItems ?? 0,
				equal: check.equal,
				peakRss: read.peakRss,
			});
			// Our snapshots must be exact; the naive plan losing items is a finding, not a bench failure.
			if (ours && !check.equal) exitCode = 1;
		}

		// ── comparison ───────────────────────────────────────────────────────────────────────────────
		console.log(
			`\n── comparison (pool: ${truth.users.size} users, ${truth.groups.size} groups, ${truth.memberships.size} memberships; minimum ${minimum} calls)`,
		);
		const header = ['variant', 'calls', '×min', 'throttles', 'lost', 'wall', 'MAU', 'complete', 'peak RSS'];
		const table = rows.map((r) => [
			r.variant.id,
			String(r.calls),
			(r.calls / minimum).toFixed(2),
			String(r.throttles),
			String(r.lost),
			seconds(r.wallMs),
			String(r.billed),
			r.equal ? 'yes' : 'NO',
			r.peakRss ? mb(r.peakRss) : '?',
		]);
		const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
		const format = (row) =>
			'  ' + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
		console.log(format(header));
		for (const row of table) console.log(format(row));
		const [best, , naive] = rows;
		console.log(
			`  naive / ours (default plan): calls ${ratio(naive.calls, best.calls)}, time ${ratio(Math.round(naive.wallMs), Math.round(best.wallMs))}, ` +
				`throttles ${ratio(naive.throttles, best.throttles)}, MAU billed ${ratio(naive.billed, best.billed)}`,
		);
		const forced = rows[1];
		console.log(
			`  user plan forced / default plan: calls ${ratio(forced.calls, best.calls)}, time ${ratio(Math.round(forced.wallMs), Math.round(best.wallMs))}`,
		);

		// Is moto, rather than the quota, what bounds the naive plan? Each naive user costs one UserRead
		// and one UserResourceRead call, so the quotas allow at most the lower of the two in users/s.
		const naiveQuota = Math.min(CATEGORY_RATE.UserRead, CATEGORY_RATE.UserResourceRead);
		const capacity = `moto alone serves ${usersPerSecond.toFixed(0)} naive users/s (${naiveConcurrency} in flight, no proxy)`;
		const quotas = `the quotas allow ${naiveQuota} users/s (UserResourceRead ${CATEGORY_RATE.UserResourceRead}/s; UserRead ${CATEGORY_RATE.UserRead}/s)`;
		console.log(
			usersPerSecond > naiveQuota
				? `  note: ${capacity}, ${quotas}: the quota, not moto, bounds the naive plan; every request beyond it is a throttle.`
				: `  note: ${capacity}, at or below what ${quotas}: moto, not the quota, bounds the naive plan, so against AWS it would hit more throttles than shown.`,
		);
		console.log(
			"  (the proxy's buckets hold one second of quota and start full, so a 1-s peak can reach up to twice the quota right after a pause)",
		);
	}

	const quotas = { CATEGORY_RATE, COMMAND_CATEGORY, PER_POOL_RATE };
	const synthetic = {
		groups: flags['scale-groups'],
		membershipsPerUser: SYNTHETIC_MEMBERSHIPS_PER_USER,
		share,
		runVariant,
		quotas,
	};
	if (flags['scale-users'] > 0) {
		const ok = await runLatencySection({
			...synthetic,
			users: flags['scale-users'],
			latencies: flags.latency >= 0 ? [flags.latency] : LATENCIES,
		});
		if (!ok) exitCode = 1;
	}
	if (flags['memory-users'] > 0)
		await runMemorySection({ ...synthetic, users: flags['memory-users'], snapshot: flags['memory-snapshot'] === 1 });
} catch (error) {
	if (interrupted) console.error(`interrupted by ${interrupted}`);
	else console.error(`\nbench failed: ${error instanceof Error ? error.stack : error}`);
	exitCode = 1;
} finally {
	await stopAll();
	step(`done (moto and proxy stopped); bench took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
process.exit(interrupted ? 130 : exitCode);
