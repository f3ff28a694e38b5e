#!/usr/bin/env node
// Pool snapshots under a throttling storm: the synthetic Cognito endpoint behind the quota proxy,
// which answers a share of all requests, drawn at random, with TooManyRequestsException.
//
//   npm run build && node scripts/storm.mjs [--users=1000] [--groups=3] [--snapshots=20] [--ratio=0.5]
//
// First one snapshot without a storm (the truth: the synthetic pool is generated, not seeded), then
// --snapshots snapshots one after the other at --ratio, each compared with the truth, then one at
// 100%, which must fail cleanly within the call budget, naming the operation. Then --contended
// snapshots of a pool of --contended-users while the account's other applications leave us only
// --available of every quota (our share stays 0.8): how often we are throttled and how close the
// listing comes to the rate that is left. Prints completions, time, calls and throttles; exits 1
// when a check fails.
import { createRequire } from 'node:module';
import path from 'node:path';

import { startQuotaProxy } from './lib/quota-proxy.mjs';
import { REPO_ROOT } from './lib/run.mjs';
import { startSyntheticCognito } from './lib/synthetic-cognito.mjs';

const require = createRequire(import.meta.url);
const dist = (module) => path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito', module);
const { CognitoApi, CALL_BUDGET_MS, resetClients, resetLimiters } = require(dist('transport'));
const { takeSnapshot } = require(dist('sync'));

const FLAGS = {
	users: 1000,
	groups: 3,
	'memberships-per-user': 0.5,
	snapshots: 20,
	ratio: 0.5,
	contended: 3,
	'contended-users': 6000,
	available: 0.5,
};

function parseArguments(argv) {
	const values = { ...FLAGS };
	for (const arg of argv) {
		const match = /^--([a-z-]+)=(.+)$/.exec(arg);
		if (!match || !(match[1] in FLAGS) || !Number.isFinite(Number(match[2]))) {
			console.error(
				`usage: node scripts/storm.mjs ${Object.entries(FLAGS)
					.map(([k, v]) => `[--${k}=${v}]`)
					.join(' ')}`,
			);
			process.exit(2);
		}
		values[match[1]] = Number(match[2]);
	}
	return values;
}

/** What a snapshot found, in a form two snapshots can be compared by. */
function contentOf(snapshot) {
	const users = [...snapshot.users.keys()].sort().join('\n');
	const groups = [...snapshot.groups.keys()].sort().join('\n');
	const memberships = (snapshot.memberships ?? [])
		.map((m) => `${m.group}\t${m.sub}`)
		.sort()
		.join('\n');
	return {
		users: snapshot.users.size,
		groups: snapshot.groups.size,
		memberships: snapshot.memberships?.length ?? 0,
		key: `${users}|${groups}|${memberships}`,
	};
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	const flags = parseArguments(process.argv.slice(2));
	// The proxy enforces AWS's quotas and the storm; the endpoint behind it only serves the pool.
	const cognito = await startSyntheticCognito(
		{ users: flags.users, groups: flags.groups, membershipsPerUser: flags['memberships-per-user'] },
		{ quotas: false },
	);
	const proxy = await startQuotaProxy(cognito.endpoint);
	const connection = {
		region: cognito.region,
		accessKeyId: 'storm-access-key',
		secretAccessKey: 'storm-secret-key',
		endpoint: proxy.endpoint,
		quotaShare: 0.8,
	};
	let failed = false;
	const check = (ok, text) => {
		console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
		if (!ok) failed = true;
	};
	try {
		const api = new CognitoApi(connection);
		const truth = contentOf(await takeSnapshot(api, cognito.poolId));
		console.log(`truth (no storm): ${truth.users} users, ${truth.groups} groups, ${truth.memberships} memberships`);
		check(truth.users === flags.users, `the truth lists all ${flags.users} users`);

		proxy.reset();
		proxy.setThrottleRatio(flags.ratio);
		const started = Date.now();
		let completed = 0;
		let equal = 0;
		let calls = 0;
		let throttles = 0;
		for (let i = 0; i < flags.snapshots; i++) {
			try {
				const snapshot = await takeSnapshot(api, cognito.poolId);
				completed++;
				const same = contentOf(snapshot).key === truth.key;
				if (same) equal++;
				calls += snapshot.stats.totalCalls;
				throttles += snapshot.stats.throttlesRetried;
				console.log(
					`snapshot ${i + 1}: ${seconds(snapshot.stats.durationMs)}, ${snapshot.stats.totalCalls} calls, ` +
						`${snapshot.stats.throttlesRetried} throttles retried, ${same ? 'equal to' : 'DIFFERENT from'} the truth`,
				);
			} catch (error) {
				console.log(`snapshot ${i + 1} failed: ${error.message}`);
			}
		}
		const elapsed = Date.now() - started;
		const stormed = proxy.stats().stormThrottled;
		console.log(
			`storm ${flags.ratio * 100}%: ${completed}/${flags.snapshots} snapshots completed, ${equal} equal to the truth, ` +
				`in ${seconds(elapsed)} (${seconds(elapsed / Math.max(1, flags.snapshots))} each); ${calls} calls, ` +
				`${throttles} throttles retried (${stormed} storm throttles at the proxy)`,
		);
		check(
			completed === flags.snapshots && equal === flags.snapshots,
			`${flags.snapshots} of ${flags.snapshots} snapshots complete and equal the truth`,
		);

		proxy.setThrottleRatio(1);
		const before = Date.now();
		let message = '';
		try {
			await takeSnapshot(api, cognito.poolId);
		} catch (error) {
			message = error.message;
		}
		const took = Date.now() - before;
		console.log(`storm 100%: failed after ${seconds(took)}: ${message || '(it did not fail)'}`);
		check(message !== '', 'at 100% the snapshot fails');
		check(took <= CALL_BUDGET_MS + 5_000, `within the call budget (${seconds(CALL_BUDGET_MS)}) plus 5 s`);
		check(
			/^Cognito throttled (ListUsers|ListGroups|ListUsersInGroup|AdminListGroupsForUser)\b/.test(message),
			'the message names the operation',
		);
		check(!/retry the request immediately/i.test(message), 'and does not say "retry the request immediately"');
	} finally {
		resetClients();
		await resetLimiters();
		await proxy.stop();
		await cognito.stop();
	}
	if (flags.contended > 0) await contendedSnapshots(flags, check);
	process.exit(failed ? 1 : 0);
}

/**
 * Snapshots while only `available` of the quotas is left to us and our share says 0.8: the
 * adaptive rate should settle near what is left, throttled now and then, not on every other call.
 */
async function contendedSnapshots(flags, check) {
	const users = flags['contended-users'];
	const cognito = await startSyntheticCognito(
		{ users, groups: flags.groups, membershipsPerUser: flags['memberships-per-user'] },
		{ quotas: false },
	);
	const proxy = await startQuotaProxy(cognito.endpoint, {}, { availableShare: flags.available });
	const api = new CognitoApi({
		region: cognito.region,
		accessKeyId: 'storm-contended-key',
		secretAccessKey: 'storm-secret-key',
		endpoint: proxy.endpoint,
		quotaShare: 0.8,
	});
	const { CATEGORY_RATE } = require(dist('transport/quotas'));
	const left = CATEGORY_RATE.UserList * flags.available;
	try {
		for (let i = 0; i < flags.contended; i++) {
			proxy.reset();
			const snapshot = await takeSnapshot(api, cognito.poolId);
			const listings = proxy.requests().filter((request) => request.category === 'UserList');
			const accepted = listings.filter((request) => !request.throttled);
			const times = accepted.map((request) => request.at);
			const span = (Math.max(...times) - Math.min(...times)) / 1000;
			const rate = (accepted.length - 1) / span;
			console.log(
				`contended ${i + 1}: ${seconds(snapshot.stats.durationMs)}, ${snapshot.users.size} users; UserList ` +
					`${accepted.length} accepted and ${listings.length - accepted.length} throttled ` +
					`(${((100 * (listings.length - accepted.length)) / listings.length).toFixed(0)}%), ` +
					`${rate.toFixed(1)}/s against ${left}/s left (${((100 * rate) / left).toFixed(0)}%)`,
			);
			check(snapshot.users.size === users, `contended snapshot ${i + 1} lists all ${users} users`);
		}
	} finally {
		resetClients();
		await resetLimiters();
		await proxy.stop();
		await cognito.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
