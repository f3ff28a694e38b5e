// The benchmark's scale section (scripts/bench.mjs): full syncs against the synthetic Cognito endpoint
// (scripts/lib/synthetic-cognito.mjs: AWS's quotas and a per-answer latency), at 0, 100 and 300 ms a
// round trip, ours (users on parallel sub-prefix chains, memberships overlapped) against the same
// sync on one chain; and, behind a flag, one big sync measured for memory and state size. Each sync
// runs in a child process of its own (scripts/lib/bench-variant.mjs) so that its peak RSS is its own;
// the endpoint runs in the parent.
import { startSyntheticCognito } from './synthetic-cognito.mjs';

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

async function runOne({ spec, latencyMs, variant, share, runVariant, quotas, timeoutMs }) {
	const endpoint = await startSyntheticCognito(spec, { latencyMs });
	try {
		const read = await runVariant(
			{
				variant: 'ours-scale',
				endpoint: endpoint.endpoint,
				userPoolId: endpoint.poolId,
				region: endpoint.region,
				quotaShare: share,
				userChains: variant.userChains,
			},
			timeoutMs,
		);
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
	{ id: 'ours', title: 'ours (chains chosen by the sync)' },
	{ id: 'one-chain', title: 'ours on one ListUsers chain', userChains: 1 },
];

/**
 * Runs ours and one chain at each latency on a pool of `users`; prints one line per sync and a table.
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
			if (variant.id === 'ours' && !(complete && row.calls <= allowed && row.throttles === 0 && withinBound))
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
		const [ours, one] = VARIANTS.map((v) => rows.find((r) => r.latencyMs === latencyMs && r.variant === v));
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

/** One sync of a big pool at 0 ms for memory: peak RSS of the sync's process, and the trigger's state per user. */
export async function runMemorySection({ users, groups, membershipsPerUser, share, runVariant, quotas }) {
	const spec = { users, groups, membershipsPerUser, seed: 13 };
	console.log(
		`\n── memory: synthetic Cognito, ${users} users with realistic attributes, ${groups} groups, ~${membershipsPerUser} groups per user, 0 ms`,
	);
	const row = await runOne({
		spec,
		latencyMs: 0,
		variant: VARIANTS[0],
		share,
		runVariant,
		quotas,
		timeoutMs: 3 * 3_600_000,
	});
	const { read } = row;
	console.log(
		`  users ${read.counts.users}, memberships ${read.counts.memberships}, ${read.userListing.chains} chains, calls ${row.calls} ` +
			`(min ${row.minimum}), throttles ${row.throttles}, wall ${seconds(read.wallMs)} (bound ${seconds(row.boundMs)})`,
	);
	console.log(
		`  peak RSS ${mb(read.peakRss)} (${mb(read.baselineRss)} after loading, +${mb(read.peakRss - read.baselineRss)} during the sync)`,
	);
	console.log(
		`  state (fingerprint JSON) ${read.stateBytes} bytes = ${(read.stateBytes / read.counts.users).toFixed(1)} bytes per user` +
			` (computed in ${seconds(read.fingerprintMs)})`,
	);
	return row;
}
