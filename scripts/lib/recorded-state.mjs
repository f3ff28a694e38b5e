// A trigger's recorded state (its fingerprint) for a synthetic pool, built from the generator with
// the package's own fingerprint code (dist/), without listing the pool: for benchmarks of a later
// poll in Changes mode, in a process of its own (scripts/bench.mjs) or in real n8n (bench-n8n.mjs).
import { createRequire } from 'node:module';
import path from 'node:path';

import { REPO_ROOT } from './run.mjs';
import { syntheticPool } from './synthetic-cognito.mjs';

const require = createRequire(import.meta.url);

/** Users of the recorded state whose given_name differed (1 in CHANGED_EVERY) or who did not exist yet (1 in NEW_EVERY). */
export const CHANGED_EVERY = 100;
export const NEW_EVERY = 1000;

/**
 * The state the trigger would have recorded at its previous poll of the synthetic pool `spec`: the
 * same pool with 1 % of the users' given_name different (so they come out as user.updated) and 0.1 %
 * of the users not there yet (user.created, with their memberships added). Also returns the pool's
 * shape (users per sub prefix, members per group) for the wall-time bound.
 */
export function recordedStateOf(spec) {
	const sync = require(path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito', 'sync', 'index.js'));
	const pool = syntheticPool(spec);
	const users = new Map();
	const keys = [];
	const usersPerPrefix = sync.SUB_PREFIXES.map(() => 0);
	for (let i = 0; i < pool.users; i++) {
		const raw = pool.user(i);
		const key = sync.userKey(sync.toUserRecord(raw));
		keys.push(key);
		usersPerPrefix[parseInt(key[0], 16)]++;
		if (i % NEW_EVERY === 1) continue;
		if (i % CHANGED_EVERY === 0) {
			raw.Attributes = raw.Attributes.map((a) => (a.Name === 'given_name' ? { ...a, Value: 'Previous' } : a));
		}
		users.set(key, sync.userState(key, sync.toUserRecord(raw)));
	}
	const groups = new Map();
	const members = new Map();
	const groupSizes = [];
	for (let g = 0; g < pool.groups; g++) {
		const record = sync.toGroupRecord(pool.group(g));
		groups.set(record.groupName, sync.groupState(record));
		const set = new Set();
		for (let m = pool.groupMemberStart[g]; m < pool.groupMemberStart[g + 1]; m++) {
			if (users.has(keys[pool.groupMembers[m]])) set.add(keys[pool.groupMembers[m]]);
		}
		groupSizes.push(pool.groupMemberStart[g + 1] - pool.groupMemberStart[g]);
		members.set(record.groupName, set);
	}
	const fingerprint = sync.encodeFingerprint({ pool: pool.id, users, groups, members });
	return { fingerprint, usersPerPrefix, groupSizes, recordedUsers: users.size };
}
