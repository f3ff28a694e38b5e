// The benchmark's scale section (scripts/bench.mjs): full syncs against the synthetic Cognito endpoint
// (scripts/lib/synthetic-cognito.mjs: AWS's quotas and a per-answer latency), at 0, 100 and 300 ms a
// round trip, ours (users on parallel sub-prefix chains, memberships overlapped) against the same
// sync on one chain; and, behind a flag, one big sync measured for memory and state size. Each sync
// runs in a child process of its own (scripts/lib/bench-variant.mjs) so that its peak RSS is its own;
// the endpoint runs in the parent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { CHANGED_EVERY, NEW_EVERY, recordedStateOf } from './recorded-state.mjs';
import { startSyntheticCognito, syntheticPool } from './synthetic-cognito.mjs';

const PAGE = 60;
/** The bound's slack: wall time within 10 % of the larger of the quota's and the latency's floor. */
const BOUND_SLACK = 1.1;

const pages = (n) => Math.max(1, Math.ceil(n / PAGE));
const sum = (values) => values.reduce((a, b) => a + b, 0);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** DESIGN §3's minimum: ceil(U/60) + ceil(G/60) + Σ_g max(1, ceil(m_g/60)). */
function minimumCalls(read) {
	const { users, groups } = read.counts;
	return Math.ceil(users / PAGE) + Math.ceil(groups / PAGE) + sum(read.groupSizes.map(pages));
}

/**
 * The longest sequence of round trips that must follow one another: DescribeUserPool, then the
 * longest user chain; or the group listing, then the biggest group's member pages (group plan).
 */
function longestChain(read) {
	const userChain =
		read.userListing.chains > 1 ? Math.max(...read.usersPerPrefix.map(pages)) : pages(read.counts.users);
	const memberChain =
		read.plan === 'groups' ? pages(read.counts.groups) + Math.max(0, ...read.groupSizes.map(pages)) : 0;
	return Math.max(1 + userChain, memberChain);
}

/** Seconds the quota needs for these calls: the slowest category at its configured rate. */
function quotaSeconds(attempted, quotas, share) {
	const byCategory = {};
	for (const [operation, n] of Object.entries(attempted)) {
		const category = quotas.COMMAND_CATEGORY[operation];
		byCategory[category] = (byCategory[category] ?? 0) + n;
	}
	return Math.max(
		...Object.entries(byCategory).map(([category, n]) => {
			// One pool: where AWS also limits per pool, the lower rate binds.
			const rate = Math.min(quotas.CATEGORY_RATE[category], quotas.PER_POOL_RATE[category] ?? Infinity) * share;
			return n / rate;
		}),
	);
}

async function runOne({ spec, latencyMs, variant, share, runVariant, quotas, timeoutMs, child = {}, shape = {} }) {
	const endpoint = await startSyntheticCognito(spec, { latencyMs });
	try {
		const read = {
			...(await runVariant(
				{
					variant: 'ours-scale',
					endpoint: endpoint.endpoint,
					userPoolId: endpoint.poolId,
					region: endpoint.region,
					quotaShare: share,
					userChains: variant.userChains,
					...(variant.sized ? { groupSizes: groupSizesOf(spec), recordedUsers: spec.users } : {}),
					...child,
				},
				timeoutMs,
			)),
			...shape,
		};
		if (read.error) throw new Error(`${variant.id} at ${latencyMs} ms failed: ${read.error}`);
		const stats = endpoint.stats();
		const attempted = { ...stats.accepted };
		for (const [op, n] of Object.entries(stats.throttled)) attempted[op] = (attempted[op] ?? 0) + n;
		const calls = sum(Object.values(attempted));
		const chain = longestChain(read);
		const floorMs = Math.max(quotaSeconds(attempted, quotas, share) * 1000, chain * latencyMs);
		return {
			variant,
			latencyMs,
			read,
			calls,
			minimum: minimumCalls(read),
			throttles: sum(Object.values(stats.throttled)),
			chain,
			floorMs,
			boundMs: BOUND_SLACK * floorMs,
		};
	} finally {
		await endpoint.stop();
	}
}

const VARIANTS = [
	{ id: 'ours', title: 'ours (chains chosen by the sync), a first read: no group sizes known' },
	{
		id: 'ours-poll',
		title: 'ours on a later poll: user count and group sizes from the state the poll before recorded',
		sized: true,
	},
	{ id: 'one-chain', title: 'ours on one ListUsers chain', userChains: 1 },
];
/** Our variants, held to the promises (calls, throttles, bound); one-chain is the comparison. */
const CHECKED = new Set(['ours', 'ours-poll']);

/** Members per group, as a trigger's recorded state tells the next poll (see recordedSizes). */
function groupSizesOf(spec) {
	const pool = syntheticPool(spec);
	return Object.fromEntries(
		Array.from({ length: pool.groups }, (_, g) => [
			pool.group(g).GroupName,
			pool.groupMemberStart[g + 1] - pool.groupMemberStart[g],
		]),
	);
}

/**
 * Runs ours (a first read, then a later poll) and one chain at each latency on a pool of `users`;
 * prints one line per sync and a table.
 * Returns false when one of our syncs broke a promise: calls above C_min + chains + 1 (DescribeUserPool),
 * a throttle, a wall time above the bound, or a user count other than the pool's.
 */
export async function runLatencySection({ users, groups, membershipsPerUser, latencies, share, runVariant, quotas }) {
	const spec = { users, groups, membershipsPerUser, seed: 13 };
	console.log(
		`\n── scale: synthetic Cognito, ${users} users, ${groups} groups, ~${membershipsPerUser} groups per user, ` +
			`AWS quotas enforced, quotaShare ${share}, latency ${latencies.join(' / ')} ms`,
	);
	const rows = [];
	let ok = true;
	for (const latencyMs of latencies) {
		for (const variant of VARIANTS) {
			const row = await runOne({ spec, latencyMs, variant, share, runVariant, quotas, timeoutMs: 600_000 });
			rows.push(row);
			const { read } = row;
			const chains = read.userListing.chains;
			const allowed = row.minimum + chains + 1;
			const complete = read.counts.users === users;
			const withinBound = read.wallMs <= row.boundMs;
			if (CHECKED.has(variant.id) && !(complete && row.calls <= allowed && row.throttles === 0 && withinBound))
				ok = false;
			console.log(
				`  ${String(latencyMs).padStart(3)} ms  ${variant.id.padEnd(9)} ${chains} chain${chains > 1 ? 's' : ' '}  ` +
					`calls ${row.calls} (min ${row.minimum}, allowed ${allowed})  throttles ${row.throttles}  ` +
					`wall ${seconds(read.wallMs)} vs bound ${seconds(row.boundMs)} ${withinBound ? 'ok' : 'OVER'}  ` +
					`(quota ${seconds(row.floorMs)}, longest chain ${row.chain} × ${latencyMs} ms)  peak RSS ${mb(read.peakRss)}` +
					(complete ? '' : `  USERS ${read.counts.users} of ${users}`) +
					(read.userListing.fallback ? `  fallback: ${read.userListing.fallback}` : ''),
			);
		}
	}
	console.log(
		'\n  latency  variant    calls  ×min   throttles  wall     bound    wall/bound  peak RSS\n' +
			rows
				.map(
					(r) =>
						`  ${`${r.latencyMs} ms`.padEnd(8)} ${r.variant.id.padEnd(10)} ${String(r.calls).padStart(5)}  ` +
						`${(r.calls / r.minimum).toFixed(2)}  ${String(r.throttles).padStart(9)}  ` +
						`${seconds(r.read.wallMs).padStart(7)}  ${seconds(r.boundMs).padStart(7)}  ${(r.read.wallMs / r.boundMs).toFixed(2).padStart(10)}  ${mb(r.read.peakRss).padStart(8)}`,
				)
				.join('\n'),
	);
	for (const latencyMs of latencies) {
		const [ours, , one] = VARIANTS.map((v) => rows.find((r) => r.latencyMs === latencyMs && r.variant === v));
		console.log(
			`  at ${latencyMs} ms: one chain / ours: time ${(one.read.wallMs / ours.read.wallMs).toFixed(1)}×, calls ${(one.calls / ours.calls).toFixed(2)}×`,
		);
	}
	console.log(
		`  (bound = ${BOUND_SLACK} × max(calls of the busiest category ÷ its configured rate, longest chain of round trips × latency);` +
			' allowed calls = C_min + chains + 1 DescribeUserPool)',
	);
	return ok;
}

/**
 * One trigger poll in Changes mode of a big pool at 0 ms for memory: peak RSS of the poll's process
 * (the recorded state loaded, the pool read, compared and the next state encoded) and the state per
 * user. The recorded state differs from the pool by 1 % changed and 0.1 % new users. With
 * `snapshot`, then a full snapshot of the same pool in a process of its own.
 */
export async function runMemorySection({ users, groups, membershipsPerUser, share, runVariant, quotas, snapshot }) {
	const spec = { users, groups, membershipsPerUser, seed: 13 };
	console.log(
		`\n── memory: one trigger poll in Changes mode, synthetic Cognito, ${users} users with realistic attributes, ${groups} groups, ` +
			`~${membershipsPerUser} groups per user, 0 ms; recorded state: 1 in ${CHANGED_EVERY} users changed since, 1 in ${NEW_EVERY} new`,
	);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-state-'));
	try {
		const file = path.join(dir, 'recorded-state.json');
		const built = performance.now();
		const { fingerprint, recordedUsers, ...shape } = recordedStateOf(spec);
		writeFileSync(file, JSON.stringify(fingerprint));
		console.log(`  recorded state of ${recordedUsers} users built in ${seconds(performance.now() - built)}`);
		// One big sync at 0 ms, ours as a first read would do it: a million users take about 40 minutes.
		const bigSync = async (extra) =>
			await runOne({
				spec,
				latencyMs: 0,
				variant: VARIANTS[0],
				share,
				runVariant,
				quotas,
				timeoutMs: 3 * 3_600_000,
				...extra,
			});
		const row = await bigSync({ child: { variant: 'ours-changes', baselineFile: file }, shape });
		const { read } = row;
		if (!read.hadBaseline) throw new Error('the poll did not read the recorded state as its baseline');
		console.log(
			`  users ${read.counts.users}, memberships ${read.counts.memberships}, ${read.userListing.chains} chains, calls ${row.calls} ` +
				`(min ${row.minimum}), throttles ${row.throttles}, wall ${seconds(read.wallMs)} (bound ${seconds(row.boundMs)})`,
		);
		console.log(
			`  events ${Object.entries(read.eventsByKind)
				.map(([kind, n]) => `${kind} ${n}`)
				.join(', ')}; whole records held ${read.recordsHeld}`,
		);
		console.log(
			`  peak RSS ${mb(read.peakRss)} (${mb(read.baselineRss)} after loading the package and the recorded state, +${mb(read.peakRss - read.baselineRss)} during the poll; ` +
				`at the peak: V8 heap ${mb(read.atPeak.heapUsed)} used of ${mb(read.atPeak.heapTotal)}, outside it ${mb(read.atPeak.external)})`,
		);
		console.log(
			`  state (fingerprint JSON) ${read.stateBytes} bytes = ${(read.stateBytes / read.counts.users).toFixed(1)} bytes per user`,
		);
		if (snapshot) {
			// What the Users and Snapshot modes and Take Snapshot hold: every record, then the state.
			const whole = await bigSync({});
			console.log(
				`  full snapshot (Users and Snapshot modes, Take Snapshot): users ${whole.read.counts.users}, calls ${whole.calls}, ` +
					`wall ${seconds(whole.read.wallMs)}, peak RSS ${mb(whole.read.peakRss)} (${mb(whole.read.baselineRss)} after loading the package; ` +
					`at the peak: V8 heap ${mb(whole.read.atPeak.heapUsed)} used of ${mb(whole.read.atPeak.heapTotal)})`,
			);
		}
		return row;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
