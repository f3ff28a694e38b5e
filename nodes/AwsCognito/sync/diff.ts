import {
	OTHER_VALUE,
	encodeFingerprint,
	poolState,
	recoverValue,
	type Fingerprint,
	type GroupState,
	type PoolState,
	type UserState,
} from './fingerprint';
import type { PoolSnapshot, SnapshotGroup, SnapshotUser } from './types';

export type ChangeEventName =
	| 'user.created'
	| 'user.deleted'
	| 'user.updated'
	| 'user.enabled'
	| 'user.disabled'
	| 'group.created'
	| 'group.deleted'
	| 'group.updated'
	| 'membership.added'
	| 'membership.removed';

/** A field's values around a change; `before` is left out when the fingerprint cannot tell it. */
export interface FieldChange {
	before?: unknown;
	after: unknown;
}

export interface ChangeEvent {
	event: ChangeEventName;
	/** The user's sub (user and membership events). */
	sub?: string;
	/** The user's username, when the user still exists (or has no sub). */
	username?: string;
	/** The group's name (group and membership events). */
	group?: string;
	/** Changed fields by name: status, email_verified, attribute names; precedence, description, roleArn. */
	changes?: Record<string, FieldChange>;
	/** The user as it is now (user.created, user.updated, user.enabled, user.disabled). */
	user?: SnapshotUser;
	/** The group as it is now (group.created, group.updated). */
	groupDetails?: SnapshotGroup;
	/** When the snapshot that found the change was taken. */
	detectedAt: string;
}

const USERNAME_KEY_PREFIX = 'username:';

/** sub and username of a user key (see userKey), with the username from the snapshot when known. */
function whoIs(key: string, username: string | undefined): { sub?: string; username?: string } {
	if (key.startsWith(USERNAME_KEY_PREFIX)) return { username: key.slice(USERNAME_KEY_PREFIX.length) };
	return username !== undefined ? { sub: key, username } : { sub: key };
}

/** `before` from a value the fingerprint holds exactly; left out when it is OTHER_VALUE. */
function exactBefore<T>(value: string | undefined, parse: (text: string) => T): Partial<FieldChange> {
	if (value === OTHER_VALUE) return {};
	return { before: value === undefined ? null : parse(value) };
}

function hashedBefore(field: string, hash: string | undefined): Partial<FieldChange> {
	if (hash === undefined) return { before: null };
	const recovered = recoverValue(field, hash);
	return recovered ? { before: recovered.value } : {};
}

function userChanges(before: UserState, after: UserState, user: SnapshotUser): Record<string, FieldChange> {
	const changes: Record<string, FieldChange> = {};
	if (before.status !== after.status) {
		changes.status = { ...exactBefore(before.status, (text) => text), after: user.status ?? null };
	}
	if (before.emailVerified !== after.emailVerified) {
		changes.email_verified = {
			...exactBefore(before.emailVerified, (text) => text === 'true'),
			after: user.email_verified ?? null,
		};
	}
	const names = new Set([...before.attributes.keys(), ...after.attributes.keys()]);
	for (const name of [...names].sort()) {
		const previous = before.attributes.get(name);
		if (previous === after.attributes.get(name)) continue;
		changes[name] = { ...hashedBefore(name, previous), after: user.attributes[name] ?? null };
	}
	return changes;
}

function groupChanges(before: GroupState, after: GroupState, group: SnapshotGroup): Record<string, FieldChange> {
	const changes: Record<string, FieldChange> = {};
	if (before.descriptionHash !== after.descriptionHash) {
		changes.description = { ...hashedBefore('description', before.descriptionHash), after: group.description ?? null };
	}
	if (before.precedence !== after.precedence) {
		changes.precedence = { before: before.precedence ?? null, after: group.precedence ?? null };
	}
	if (before.roleArnHash !== after.roleArnHash) {
		changes.roleArn = { ...hashedBefore('roleArn', before.roleArnHash), after: group.roleArn ?? null };
	}
	return changes;
}

const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();

/** The pairs of `a` that `b` lacks, sorted by group, then user key. */
function missingPairs(a: Map<string, Set<string>>, b: Map<string, Set<string>>): [string, string][] {
	const pairs: [string, string][] = [];
	for (const group of sorted(a.keys())) {
		const other = b.get(group);
		for (const key of sorted(a.get(group) ?? [])) if (!other?.has(key)) pairs.push([group, key]);
	}
	return pairs;
}

const EMPTY_POOL = (pool: string): PoolState => ({ pool, users: new Map(), groups: new Map(), members: new Map() });

/** A user of the new side: its state and the one it had, if it existed. */
export interface UserPair {
	before?: UserState;
	after: UserState;
}

/** The two sides of a diff, however they are held (whole snapshot, or packed: see changes.ts). */
export interface DiffInput {
	detectedAt: string;
	/** The new side's user keys, in key order. */
	keys: Iterable<string>;
	/** The user's states; undefined when it is known to be unchanged. */
	pair(key: string): UserPair | undefined;
	/** The user's record, for the events of a user that pair() returned. */
	record(key: string): SnapshotUser;
	/** The username of a user of the new side (membership events). */
	username(key: string): string | undefined;
	/** The old side's user keys, in any order. */
	beforeKeys: Iterable<string>;
	hasUser(key: string): boolean;
	beforeGroups: Map<string, GroupState>;
	/** The new side's groups, in name order. */
	groups: Map<string, { state: GroupState; record: SnapshotGroup }>;
	beforeMembers?: Map<string, Set<string>>;
	/** Members that are users of the new side only. */
	members?: Map<string, Set<string>>;
}

/**
 * The events between two sides. Memberships are compared as sets of (group, user) pairs, so a
 * deleted user's or group's memberships are reported removed, and a new one's added. When either
 * side was taken without memberships, no membership events are emitted. Events come grouped by
 * kind, in an order a downstream copy can apply them: groups created, users created, users updated,
 * enabled and disabled, groups updated, memberships added, memberships removed, users deleted,
 * groups deleted.
 */
export function diffStates(input: DiffInput): ChangeEvent[] {
	const { detectedAt } = input;
	const groupsCreated: ChangeEvent[] = [];
	const groupsUpdated: ChangeEvent[] = [];
	for (const [name, { state, record: group }] of input.groups) {
		const old = input.beforeGroups.get(name);
		if (!old) {
			groupsCreated.push({ event: 'group.created', group: name, groupDetails: group, detectedAt });
			continue;
		}
		const changes = groupChanges(old, state, group);
		if (Object.keys(changes).length > 0) {
			groupsUpdated.push({ event: 'group.updated', group: name, changes, groupDetails: group, detectedAt });
		}
	}

	const usersCreated: ChangeEvent[] = [];
	const usersUpdated: ChangeEvent[] = [];
	const usersToggled: ChangeEvent[] = [];
	for (const key of input.keys) {
		const pair = input.pair(key);
		if (!pair) continue;
		const user = input.record(key);
		const old = pair.before;
		if (!old) {
			usersCreated.push({ event: 'user.created', ...whoIs(key, user.username), user, detectedAt });
			continue;
		}
		const changes = userChanges(old, pair.after, user);
		if (Object.keys(changes).length > 0) {
			usersUpdated.push({ event: 'user.updated', ...whoIs(key, user.username), changes, user, detectedAt });
		}
		if (old.enabled !== pair.after.enabled) {
			const event = pair.after.enabled ? 'user.enabled' : 'user.disabled';
			usersToggled.push({ event, ...whoIs(key, user.username), user, detectedAt });
		}
	}

	const membershipEvents: ChangeEvent[] = [];
	if (input.beforeMembers && input.members) {
		const pairEvent = (event: ChangeEventName, [group, key]: [string, string]): ChangeEvent => ({
			event,
			group,
			...whoIs(key, input.username(key)),
			detectedAt,
		});
		membershipEvents.push(
			...missingPairs(input.members, input.beforeMembers).map((pair) => pairEvent('membership.added', pair)),
			...missingPairs(input.beforeMembers, input.members).map((pair) => pairEvent('membership.removed', pair)),
		);
	}

	const usersDeleted = sorted(input.beforeKeys)
		.filter((key) => !input.hasUser(key))
		.map((key): ChangeEvent => ({ event: 'user.deleted', ...whoIs(key, undefined), detectedAt }));
	const groupsDeleted = sorted(input.beforeGroups.keys())
		.filter((name) => !input.groups.has(name))
		.map((name): ChangeEvent => ({ event: 'group.deleted', group: name, detectedAt }));

	return [
		...groupsCreated,
		...usersCreated,
		...usersUpdated,
		...usersToggled,
		...groupsUpdated,
		...membershipEvents,
		...usersDeleted,
		...groupsDeleted,
	];
}

/**
 * What changed between a recorded state and a new snapshot (see diffStates), and the fingerprint
 * to record next. Without a previous state every user, group and membership of the snapshot is new.
 */
export function diffSnapshot(
	previous: PoolState | undefined,
	snapshot: PoolSnapshot,
): { events: ChangeEvent[]; fingerprint: Fingerprint } {
	const before = previous ?? EMPTY_POOL(snapshot.userPoolId);
	const after = poolState(snapshot);
	const events = diffStates({
		detectedAt: snapshot.stats.takenAt,
		keys: after.users.keys(),
		pair: (key) => ({ before: before.users.get(key), after: after.users.get(key) as UserState }),
		record: (key) => snapshot.users.get(key) as SnapshotUser,
		username: (key) => snapshot.users.get(key)?.username,
		beforeKeys: before.users.keys(),
		hasUser: (key) => after.users.has(key),
		beforeGroups: before.groups,
		groups: new Map(
			[...after.groups].map(([name, state]) => [name, { state, record: snapshot.groups.get(name) as SnapshotGroup }]),
		),
		beforeMembers: before.members,
		members: after.members,
	});
	return { events, fingerprint: encodeFingerprint(after) };
}
