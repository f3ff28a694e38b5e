// One benchmark variant, run in a child process of scripts/bench.mjs (forked with an IPC channel):
// it receives {variant, endpoint, userPoolId, quotaShare, naiveConcurrency}, runs one full pool sync
// through the quota proxy, samples its own RSS every 50 ms, and sends back what it read and what it cost.
//
// Variants:
//   ours-groups  the package's takeSnapshot with its default plan choice (groups for this pool)
//   ours-users   the same, with the user plan forced
//   ours-scale   takeSnapshot on the synthetic endpoint (scripts/lib/bench-scale.mjs), `userChains`,
//                `groupSizes` and `recordedUsers` as given (default: chosen by the sync, unsized); sends back counts and shape, not the whole pool,
//                and the size of the trigger's state (the fingerprint) for it
//   naive        what a simple connector does: ListUsers (and ListGroups) pages, then per user
//                AdminGetUser + AdminListGroupsForUser, N users in flight, no limiter, SDK default retries
import {
	AdminGetUserCommand,
	AdminListGroupsForUserCommand,
	CognitoIdentityProviderClient,
	ListGroupsCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { BENCH_KEYS, BENCH_REGION } from './bench-seed.mjs';
import { REPO_ROOT } from './run.mjs';

const require = createRequire(import.meta.url);
const DIST = path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito');
const PAGE = 60;

/**
 * Peak RSS, sampled every 50 ms (and once more at the end, so a short run is not missed), with the
 * process's memory breakdown at that peak (V8 heap used and reserved, memory outside the heap).
 */
function rssSampler() {
	let peak = process.memoryUsage();
	const sample = () => {
		const now = process.memoryUsage();
		if (now.rss > peak.rss) peak = now;
	};
	const timer = setInterval(sample, 50);
	return {
		stop() {
			clearInterval(timer);
			sample();
			return peak;
		},
	};
}

async function ours({ endpoint, userPoolId, quotaShare, plan }) {
	const { takeSnapshot } = require(path.join(DIST, 'sync', 'index.js'));
	const { CognitoApi } = require(path.join(DIST, 'transport', 'index.js'));
	const api = new CognitoApi({ region: BENCH_REGION, ...BENCH_KEYS, endpoint, quotaShare });
	return async () => {
		const snapshot = await takeSnapshot(api, userPoolId, plan ? { plan } : {});
		return {
			users: [...snapshot.users].map(([key, user]) => [key, user.username]),
			groups: [...snapshot.groups.keys()],
			memberships: (snapshot.memberships ?? []).map((m) => `${m.group}|${m.sub}`),
			plan: snapshot.stats.plan,
			clientCalls: snapshot.stats.totalCalls,
			retries: snapshot.stats.retries,
			throttlesRetried: snapshot.stats.throttlesRetried,
			lostItems: 0,
			errors: {},
		};
	};
}

/**
 * A sync at scale: counts and the shape the wall-time bound needs (users per listing chain, members
 * per group), the fingerprint's size in bytes (what the trigger keeps in static data), and the
 * snapshot dropped before the result is sent.
 */
async function oursAtScale({ endpoint, userPoolId, quotaShare, userChains, groupSizes, recordedUsers, region }) {
	const { takeSnapshot, fingerprintOf, SUB_PREFIXES } = require(path.join(DIST, 'sync', 'index.js'));
	const { CognitoApi, quotaScope } = require(path.join(DIST, 'transport', 'index.js'));
	const api = new CognitoApi({ region, ...BENCH_KEYS, endpoint, quotaShare });
	// The credential's account, learnt once per process (one STS call): in n8n, when it activates a
	// trigger on a pool this big (every later poll finds it learnt), so it is not part of the sync timed.
	await quotaScope(api.connection);
	const options = {
		...(userChains ? { userChains } : {}),
		...(groupSizes ? { groupSizes: new Map(Object.entries(groupSizes)) } : {}),
		...(recordedUsers ? { recordedUsers } : {}),
	};
	return async () => {
		const snapshot = await takeSnapshot(api, userPoolId, options);
		const usersPerPrefix = SUB_PREFIXES.map(() => 0);
		for (const key of snapshot.users.keys()) usersPerPrefix[parseInt(key[0], 16)]++;
		const fingerprintStarted = performance.now();
		const stateBytes = Buffer.byteLength(JSON.stringify(fingerprintOf(snapshot)));
		return {
			counts: snapshot.stats.counts,
			usersPerPrefix,
			groupSizes: [...snapshot.groups.values()].map((group) => group.memberCount ?? 0),
			plan: snapshot.stats.plan,
			userListing: snapshot.stats.userListing,
			clientCalls: snapshot.stats.totalCalls,
			retries: snapshot.stats.retries,
			throttlesRetried: snapshot.stats.throttlesRetried,
			syncMs: snapshot.stats.durationMs,
			stateBytes,
			fingerprintMs: performance.now() - fingerprintStarted,
		};
	};
}

/**
 * One trigger poll in Changes mode at scale (takeChanges): the recorded state is read from
 * `baselineFile` (the static data n8n would hand the trigger) before the measured run, as n8n holds
 * it with the workflow; sends back counts, events by kind, records held and the next state's size.
 */
async function oursChanges({ endpoint, userPoolId, quotaShare, region, baselineFile }) {
	const { takeChanges } = require(path.join(DIST, 'sync', 'index.js'));
	const { CognitoApi } = require(path.join(DIST, 'transport', 'index.js'));
	const api = new CognitoApi({ region, ...BENCH_KEYS, endpoint, quotaShare });
	const stored = JSON.parse(readFileSync(baselineFile, 'utf8'));
	return async () => {
		const result = await takeChanges(api, userPoolId, stored, {});
		const eventsByKind = {};
		for (const { event } of result.events) eventsByKind[event] = (eventsByKind[event] ?? 0) + 1;
		const stateBytes = Buffer.byteLength(JSON.stringify(result.fingerprint));
		return {
			counts: result.stats.counts,
			plan: result.stats.plan,
			userListing: result.stats.userListing,
			clientCalls: result.stats.totalCalls,
			hadBaseline: result.hadBaseline,
			eventsByKind,
			recordsHeld: result.recordsHeld,
			stateBytes,
		};
	};
}

/** Follows a token until the answer has none, as a connector's "return all" does. */
async function allPages(fetchPage) {
	const items = [];
	let token;
	do {
		const page = await fetchPage(token);
		items.push(...page.items);
		token = page.next;
	} while (token);
	return items;
}

async function naive({ endpoint, userPoolId, naiveConcurrency }) {
	// The SDK's defaults, spelt out: standard retry mode, 3 attempts (first included), its own
	// client-side retry-token bucket; no rate limiter.
	const client = new CognitoIdentityProviderClient({
		region: BENCH_REGION,
		endpoint,
		credentials: BENCH_KEYS,
		maxAttempts: 3,
		retryMode: 'standard',
	});
	return async () => {
		const errors = {};
		let retries = 0;
		const attempt = async (command) => {
			try {
				const out = await client.send(command);
				retries += (out.$metadata?.attempts ?? 1) - 1;
				return out;
			} catch (error) {
				retries += (error.$metadata?.attempts ?? 1) - 1;
				errors[error.name] = (errors[error.name] ?? 0) + 1;
				throw error;
			}
		};

		const [listed, groupNames] = await Promise.all([
			allPages(async (PaginationToken) => {
				const out = await attempt(new ListUsersCommand({ UserPoolId: userPoolId, Limit: PAGE, PaginationToken }));
				return { items: out.Users ?? [], next: out.PaginationToken };
			}),
			allPages(async (NextToken) => {
				const out = await attempt(new ListGroupsCommand({ UserPoolId: userPoolId, Limit: PAGE, NextToken }));
				return { items: (out.Groups ?? []).map((g) => g.GroupName), next: out.NextToken };
			}),
		]);

		// One item per user: its details (AdminGetUser, billed as a monthly active user) and its
		// groups. An item whose call fails after the SDK's retries is lost (continue-on-fail style).
		const users = [];
		const memberships = [];
		const billed = new Set();
		let lostItems = 0;
		let next = 0;
		const worker = async () => {
			while (next < listed.length) {
				const { Username } = listed[next++];
				try {
					const details = await attempt(new AdminGetUserCommand({ UserPoolId: userPoolId, Username }));
					billed.add(Username);
					const groups = await allPages(async (NextToken) => {
						const out = await attempt(
							new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username, Limit: PAGE, NextToken }),
						);
						return { items: (out.Groups ?? []).map((g) => g.GroupName), next: out.NextToken };
					});
					const sub = details.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? `username:${Username}`;
					users.push([sub, details.Username]);
					for (const group of groups) memberships.push(`${group}|${sub}`);
				} catch {
					lostItems++;
				}
			}
		};
		await Promise.all(Array.from({ length: naiveConcurrency }, worker));
		client.destroy();
		return {
			users,
			groups: groupNames,
			memberships,
			plan: 'per user',
			retries,
			lostItems,
			billedUsers: billed.size,
			errors,
		};
	};
}

const VARIANTS = {
	'ours-groups': (config) => ours(config),
	'ours-users': (config) => ours({ ...config, plan: 'users' }),
	naive: (config) => naive(config),
	'ours-scale': (config) => oursAtScale(config),
	'ours-changes': (config) => oursChanges(config),
};

process.once('message', async (config) => {
	let result;
	try {
		const run = await VARIANTS[config.variant](config);
		const baselineRss = process.memoryUsage().rss;
		const sampler = rssSampler();
		const started = performance.now();
		let read;
		let error;
		try {
			read = await run();
		} catch (caught) {
			error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
		}
		const wallMs = performance.now() - started;
		const peak = sampler.stop();
		const atPeak = { heapUsed: peak.heapUsed, heapTotal: peak.heapTotal, external: peak.external };
		result = { ...read, error, wallMs, baselineRss, peakRss: peak.rss, atPeak };
	} catch (caught) {
		result = { error: `could not start: ${caught instanceof Error ? caught.stack : String(caught)}` };
	}
	process.send(result, () => process.exit(0));
});
// The parent is gone (Ctrl-C, crash): no orphan left behind.
process.on('disconnect', () => process.exit(1));
