import { CognitoApi } from '../transport';
import { diffStates, type ChangeEvent } from './diff';
import {
	AttributeIds,
	encodeStateSource,
	groupState,
	loadPackedBaseline,
	packedAttributeIds,
	packUser,
	recordedSizes,
	unpackUserState,
	type Fingerprint,
	type PackedPoolState,
} from './fingerprint';
import { toUserRecord } from './records';
import { readPool, userKey, type UserKeeping } from './snapshot';
import type { SnapshotOptions, SnapshotStats, SnapshotUser } from './types';

/*
 * The trigger's Changes mode for pools of any size. A full snapshot holds every user's record
 * (about 2 KB each with the SDK's objects) and every membership as an object; a poll in Changes
 * mode needs only each user's packed state (fingerprint.ts: ~25 characters), its username (for
 * membership events), and whole records for the users that are new or changed against the
 * recorded state. So users are packed as their pages arrive and their records dropped, and the
 * recorded state is itself held packed, one object per user that the reading then fills in: a
 * recorded user's key and unchanged state are held once, not once for each side.
 */

/** What a changes-only reading keeps of a user, and of its recorded state. */
interface PackedUser {
	/** The key string held by the users maps, shared by the member sets. */
	key: string;
	/** Empty for a recorded user the reading has not (yet) found. */
	username: string;
	/** The state read now; empty for a recorded user the reading has not (yet) found. */
	packed: string;
	/** The recorded state, if the user was recorded: the same string as `packed` when unchanged. */
	before?: string;
	/** The whole record, only for a user that is new or changed against the recorded state. */
	record?: SnapshotUser;
	/** Position in key order, set once the reading is done. */
	index: number;
}

export interface ChangesOptions extends SnapshotOptions {
	/**
	 * Compute the events even without a recorded state (every user, group and membership created).
	 * Without it, a first poll computes only the fingerprint and keeps no record.
	 */
	eventsWithoutBaseline?: boolean;
}

export interface ChangesResult {
	/** Whether the stored value was a readable fingerprint of this pool. */
	hadBaseline: boolean;
	/** The changes since the recorded state; empty on a first poll unless eventsWithoutBaseline. */
	events: ChangeEvent[];
	/** The state to record for the next poll. */
	fingerprint: Fingerprint;
	stats: SnapshotStats;
	/** Users whose whole record was held: those new or changed against the recorded state. */
	recordsHeld: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One poll in Changes mode: reads the pool as takeSnapshot does (same calls), compares it with the
 * fingerprint stored by the previous poll, and returns the same events and next fingerprint as
 * diffSnapshot(loadBaseline(stored), takeSnapshot(...)) would, holding whole records only for the
 * users whose state differs from the recorded one.
 */
export async function takeChanges(
	api: CognitoApi,
	userPoolId: string,
	stored: unknown,
	options: ChangesOptions = {},
): Promise<ChangesResult> {
	const ids = new AttributeIds();
	const baseline: PackedPoolState<PackedUser> | undefined = loadPackedBaseline(
		stored,
		userPoolId,
		ids,
		(key, before) => ({
			key,
			username: '',
			packed: '',
			before,
			index: -1,
		}),
	);
	const wantEvents = baseline !== undefined || options.eventsWithoutBaseline === true;
	const keeping: UserKeeping<PackedUser> = {
		// Idempotent: a user listed twice (a restarted chain, a member listed before the user) is filled in again.
		hold(raw) {
			const record = toUserRecord(raw);
			const key = userKey(record);
			const packed = packUser(record, ids);
			const recorded = baseline?.users.get(key);
			const kept = wantEvents && recorded?.before !== packed ? record : undefined;
			if (!recorded) return { key, user: { key, username: record.username, packed, record: kept, index: -1 } };
			recorded.username = record.username;
			recorded.packed = kept ? packed : (recorded.before as string);
			recorded.record = kept;
			return { key: recorded.key, user: recorded };
		},
		intern: (_key, held) => held.key,
	};
	const reading = await readPool(api, userPoolId, { ...recordedSizes(stored, userPoolId), ...options }, keeping);
	const { users, groups, stats } = reading;

	const keys = [...users.keys()].sort(byText);
	keys.forEach((key, index) => ((users.get(key) as PackedUser).index = index));
	const usedIds = new Set<number>();
	let recordsHeld = 0;
	for (const user of users.values()) {
		for (const id of packedAttributeIds(user.packed)) usedIds.add(id);
		if (user.record) recordsHeld++;
	}

	// Members that are users: those the user plan left out (deleted meanwhile) are dropped.
	let memberships = 0;
	const members = reading.members && new Map<string, Set<string>>();
	if (reading.members && members) {
		for (const [name, group] of groups) {
			const keysOfGroup = new Set([...(reading.members.get(name) ?? [])].filter((key) => users.has(key)));
			group.memberCount = keysOfGroup.size;
			memberships += keysOfGroup.size;
			if (keysOfGroup.size > 0) members.set(name, keysOfGroup);
		}
		// The kept records get their groups (sorted, as groups are), as a snapshot's users do.
		for (const user of users.values()) if (user.record) user.record.groups = [];
		for (const [name, keysOfGroup] of members) {
			for (const key of keysOfGroup) users.get(key)?.record?.groups?.push(name);
		}
	}
	stats.counts.users = users.size;
	stats.counts.groups = groups.size;
	if (members) stats.counts.memberships = memberships;

	const groupStates = new Map([...groups].map(([name, record]) => [name, { state: groupState(record), record }]));
	const stateOf = (key: string) => unpackUserState(key, (users.get(key) as PackedUser).packed, ids);
	const fingerprint = encodeStateSource({
		pool: userPoolId,
		keys,
		state: stateOf,
		attributeNames: [...usedIds].map((id) => ids.names[id]).sort(byText),
		groups: new Map([...groupStates].map(([name, { state }]) => [name, state])),
		members,
		indexOf: (key) => users.get(key)?.index,
	});
	if (!wantEvents) return { hadBaseline: false, events: [], fingerprint, stats, recordsHeld };

	const before = baseline ?? { users: new Map<string, PackedUser>(), groups: new Map(), members: new Map() };
	const events = diffStates({
		detectedAt: stats.takenAt,
		keys,
		pair: (key) => {
			const user = users.get(key) as PackedUser;
			const old = user.before;
			if (old === user.packed) return undefined;
			return { before: old === undefined ? undefined : unpackUserState(key, old, ids), after: stateOf(key) };
		},
		record: (key) => users.get(key)?.record as SnapshotUser,
		username: (key) => users.get(key)?.username,
		beforeKeys: before.users.keys(),
		hasUser: (key) => users.has(key),
		beforeGroups: before.groups,
		groups: groupStates,
		beforeMembers: before.members,
		members,
	});
	return { hadBaseline: baseline !== undefined, events, fingerprint, stats, recordsHeld };
}
