import type { UserPoolRecord } from './records';
import type { PoolSnapshot, SnapshotGroup, SnapshotStats, SnapshotUser } from './types';

/** How a snapshot becomes items, in the trigger and in the action node alike. */
export type SnapshotOutput = 'snapshot' | 'users';

export interface SnapshotItem {
	userPoolId: string;
	pool?: UserPoolRecord;
	/** Each with its group names, when memberships were read. */
	users: SnapshotUser[];
	/** Each with its member count, when memberships were read. */
	groups: SnapshotGroup[];
	stats: SnapshotStats;
}

/** A user as one flat row: the same columns for every user of the snapshot, ready for CSV. */
export type UserRow = Record<string, string | number | boolean | null>;

/** Attributes that already have a column of their own in a user row. */
const ROW_FIELDS = ['sub', 'email', 'email_verified', 'given_name', 'family_name'] as const;

const firstN = <T>(values: Iterable<T>, limit: number | undefined): T[] => {
	const all = [...values];
	return limit === undefined ? all : all.slice(0, limit);
};

/** The whole snapshot as one item; `limit` caps the users and groups listed (manual test runs). */
export function snapshotItem(snapshot: PoolSnapshot, limit?: number): SnapshotItem {
	const item: SnapshotItem = {
		userPoolId: snapshot.userPoolId,
		users: firstN(snapshot.users.values(), limit),
		groups: firstN(snapshot.groups.values(), limit),
		stats: snapshot.stats,
	};
	if (snapshot.pool) item.pool = snapshot.pool;
	return item;
}

/**
 * One row per user: the main fields, then every other attribute found in the pool under its own
 * name (null where a user lacks it), then `groups` (names joined with ", ") and `groupCount` when
 * memberships were read.
 */
export function userRows(snapshot: PoolSnapshot, limit?: number): UserRow[] {
	const extraAttributes = new Set<string>();
	for (const user of snapshot.users.values()) {
		for (const name of Object.keys(user.attributes)) {
			if (!(ROW_FIELDS as readonly string[]).includes(name)) extraAttributes.add(name);
		}
	}
	const attributeColumns = [...extraAttributes].sort();
	const withGroups = snapshot.memberships !== undefined;
	return firstN(snapshot.users.values(), limit).map((user) => {
		const row: UserRow = {
			sub: user.sub ?? null,
			username: user.username,
			email: user.email ?? null,
			email_verified: user.email_verified ?? null,
			given_name: user.given_name ?? null,
			family_name: user.family_name ?? null,
			enabled: user.enabled,
			status: user.status ?? null,
			createdAt: user.createdAt ?? null,
			updatedAt: user.updatedAt ?? null,
		};
		for (const name of attributeColumns) row[name] = user.attributes[name] ?? null;
		if (withGroups) {
			row.groups = (user.groups ?? []).join(', ');
			row.groupCount = user.groups?.length ?? 0;
		}
		return row;
	});
}

export function snapshotOutput(
	snapshot: PoolSnapshot,
	output: SnapshotOutput,
	limit?: number,
): Array<SnapshotItem | UserRow> {
	return output === 'users' ? userRows(snapshot, limit) : [snapshotItem(snapshot, limit)];
}
