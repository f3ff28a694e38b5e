// The benchmark's pool: U users, G groups and about M memberships with a realistic spread (a few
// big groups of more than one 60-item page, a long tail of small ones, a few empty groups), seeded
// with the SDK straight into moto, never through the quota proxy. Deterministic: same counts, same
// pool (moto assigns the pool id and the subs). Returns the ground truth the snapshots are checked against.
import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	CreateGroupCommand,
	CreateUserPoolCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';

import { seededRandom, shuffle } from './random.mjs';

export const BENCH_REGION = 'us-east-1';
/** moto accepts any key; the quota proxy does not look at it. */
export const BENCH_KEYS = { accessKeyId: 'bench-access-key', secretAccessKey: 'bench-secret-key' };
const PAGE = 60;
/** Zipf exponent of group sizes: with the defaults, ~9 of 120 groups need more than one page. */
const ZIPF = 0.8;
/** Requests in flight while seeding: enough to seed in seconds, little enough not to swamp moto. */
const SEED_CONCURRENCY = 8;

const padded = (prefix, i, total) => `${prefix}-${String(i + 1).padStart(Math.max(4, String(total).length), '0')}`;

/** Group sizes summing to `memberships` exactly: Zipf-shaped, capped at `users`, the last few groups empty. */
function groupSizes(users, groups, memberships) {
	const empty = groups >= 10 ? Math.max(1, Math.round(groups * 0.03)) : 0;
	const filled = groups - empty;
	if (memberships > filled * users) {
		throw new Error(
			`--memberships=${memberships} is more than ${filled} non-empty groups × ${users} users can hold: lower it or raise --users/--groups`,
		);
	}
	const weights = Array.from({ length: filled }, (_, i) => 1 / (i + 1) ** ZIPF);
	const total = weights.reduce((a, b) => a + b, 0);
	const sizes = weights.map((w) => Math.min(users, Math.floor((memberships * w) / total)));
	let missing = memberships - sizes.reduce((a, b) => a + b, 0);
	for (let i = 0; missing > 0; i = (i + 1) % filled) {
		if (sizes[i] < users) {
			sizes[i]++;
			missing--;
		}
	}
	return [...sizes, ...Array(empty).fill(0)];
}

/**
 * The pool as plain data: usernames, group names, and each group's members (usernames). Sizes are
 * dealt to groups in a shuffled order, so big groups are not all at the front of the listing.
 */
export function planBenchPool({ users, groups, memberships }) {
	const rand = seededRandom(0xc0915);
	const usernames = Array.from({ length: users }, (_, i) => padded('bench-user', i, users));
	const groupNames = Array.from({ length: groups }, (_, i) => padded('bench-group', i, groups));
	const sizes = shuffle(groupSizes(users, groups, memberships), rand);
	const members = new Map();
	const indices = usernames.map((_, i) => i);
	groupNames.forEach((name, g) => {
		// Partial Fisher-Yates: the first sizes[g] indices become a uniform sample without repeats.
		for (let i = 0; i < sizes[g]; i++) {
			const j = i + Math.floor(rand() * (users - i));
			[indices[i], indices[j]] = [indices[j], indices[i]];
		}
		members.set(
			name,
			indices
				.slice(0, sizes[g])
				.sort((a, b) => a - b)
				.map((i) => usernames[i]),
		);
	});
	return { usernames, groupNames, members };
}

async function forEachLimited(items, limit, fn) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await fn(items[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Creates the pool in moto and seeds it. Resolves {userPoolId, truth, seconds} where truth is
 * {users: Map<sub, username>, groups: Set<name>, memberships: Set<"group|sub">, groupSizes: number[]}.
 */
export async function seedBenchPool(client, counts) {
	const started = Date.now();
	const plan = planBenchPool(counts);
	const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: `bench-${Date.now().toString(36)}` }));
	const UserPoolId = UserPool.Id;

	await forEachLimited(plan.groupNames, SEED_CONCURRENCY, (GroupName) =>
		client.send(new CreateGroupCommand({ UserPoolId, GroupName, Description: `Benchmark group ${GroupName}` })),
	);
	const subOf = new Map();
	await forEachLimited(plan.usernames, SEED_CONCURRENCY, async (Username) => {
		const { User } = await client.send(
			new AdminCreateUserCommand({
				UserPoolId,
				Username,
				MessageAction: 'SUPPRESS',
				UserAttributes: [
					{ Name: 'email', Value: `${Username}@bench.example.com` },
					{ Name: 'given_name', Value: 'Bench' },
					{ Name: 'family_name', Value: Username },
				],
			}),
		);
		const sub = User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
		if (sub) subOf.set(Username, sub);
	});
	const pairs = [...plan.members].flatMap(([GroupName, names]) => names.map((Username) => ({ GroupName, Username })));
	await forEachLimited(pairs, SEED_CONCURRENCY, (pair) =>
		client.send(new AdminAddUserToGroupCommand({ UserPoolId, ...pair })),
	);

	if (subOf.size < plan.usernames.length) {
		// An emulator that does not return the new user's attributes: read the subs back.
		let PaginationToken;
		do {
			const page = await client.send(new ListUsersCommand({ UserPoolId, Limit: PAGE, PaginationToken }));
			for (const u of page.Users ?? []) subOf.set(u.Username, u.Attributes?.find((a) => a.Name === 'sub')?.Value);
			PaginationToken = page.PaginationToken;
		} while (PaginationToken);
	}

	const groupsOfUser = new Map();
	for (const { Username } of pairs) groupsOfUser.set(Username, (groupsOfUser.get(Username) ?? 0) + 1);
	const truth = {
		users: new Map(plan.usernames.map((username) => [subOf.get(username), username])),
		groups: new Set(plan.groupNames),
		memberships: new Set(pairs.map((p) => `${p.GroupName}|${subOf.get(p.Username)}`)),
		groupSizes: plan.groupNames.map((name) => plan.members.get(name).length),
		userGroupCounts: plan.usernames.map((username) => groupsOfUser.get(username) ?? 0),
	};
	return { userPoolId: UserPoolId, truth, seconds: (Date.now() - started) / 1000 };
}
