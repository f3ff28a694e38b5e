import { createHash } from 'crypto';

import { BitReader, BitWriter } from './bits';

import type { PoolSnapshot, SnapshotGroup, SnapshotUser } from './types';

/*
 * A fingerprint is what the trigger keeps of the previous snapshot in the workflow's static data,
 * which n8n saves with the workflow: it must stay small (budget: ~40 bytes per user on average,
 * measured in test/unit/sync.fingerprint.test.ts) yet tell which fields of a user changed.
 *
 * Why per-field hashes and not the previous values: a user's tracked values (email, names, custom
 * attributes) take 80+ bytes, its sub alone 36 characters. So each user is one bit-packed record,
 * and all records are one string (bits.ts: 6.5 bits a character):
 *   flags      8 bits   enabled (bit 0), key is a UUID (bit 1), email_verified (bits 2-3), status (bits 4-7)
 *   key        128 bits when a UUID (every sub is), else length + UTF-8
 *   presence   1 bit per attribute name of the pool (the names are listed once)
 *   hashes     24 bits per present attribute: SHA-256 of name and value, truncated
 * About 27 bytes (34 characters) for a user with three hashed attributes. The low-entropy fields
 * (enabled, status, email_verified) are stored as values, so their changes report `before` exactly;
 * for hashed attributes `before` is known only when it was absent or "true"/"false", otherwise a
 * change reports the attribute's name and its `after` value. A 24-bit hash misses a change with
 * probability 2^-24 per changed attribute.
 *
 * Not tracked: `sub` (the key), `updated_at` (Cognito bumps it with every change, so it would
 * repeat in every update), and the user's last-modified date for the same reason. Usernames are
 * immutable; `user.deleted` events carry the sub only.
 *
 * Groups are few: name → 24-bit hashes of description and role ARN, and the precedence as a value.
 * Memberships: group name → the sorted indices of its members among the user records, as
 * Rice-coded gaps (about 5 bits a membership).
 */

export const FINGERPRINT_VERSION = 1;

export interface Fingerprint {
	v: typeof FINGERPRINT_VERSION;
	/** The user pool it describes: a fingerprint of another pool is no baseline. */
	pool: string;
	/** Attribute names whose presence bits and hashes each user record holds, in this order. */
	attributes: string[];
	/** The user records, in key order, bit-packed (see bits.ts). */
	users: string;
	/** Group name → bit-packed record. */
	groups: Record<string, string>;
	/** Group name → Rice-coded member indices; absent when memberships were not read. */
	members?: Record<string, string>;
}

/** A status or email_verified value that this version has no code for. */
export const OTHER_VALUE = '(other)';

/** What the diff compares for a user; the same whether built from a snapshot or decoded. */
export interface UserState {
	key: string;
	enabled: boolean;
	status?: string;
	emailVerified?: string;
	/** Attribute name → hash of its value (4 base64url characters). */
	attributes: Map<string, string>;
}

export interface GroupState {
	descriptionHash: string;
	roleArnHash: string;
	precedence?: number;
}

export interface PoolState {
	pool: string;
	users: Map<string, UserState>;
	groups: Map<string, GroupState>;
	/** Group name → member keys; absent when memberships were not read. */
	members?: Map<string, Set<string>>;
}

const HASH_BYTES = 3;
const UNTRACKED_ATTRIBUTES = new Set(['sub', 'email_verified', 'updated_at']);
/** Codes 1.. of the user statuses Cognito documents; 0 is "none", 15 any other. */
const STATUSES = [
	'UNCONFIRMED',
	'CONFIRMED',
	'ARCHIVED',
	'COMPROMISED',
	'UNKNOWN',
	'RESET_REQUIRED',
	'FORCE_CHANGE_PASSWORD',
	'EXTERNAL_PROVIDER',
];
const OTHER_STATUS_CODE = 15;
const BOOLEAN_TEXTS = ['true', 'false'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Truncated SHA-256 of a field's value; "absent" hashes differently from every value. */
export function valueHash(field: string, value: string | undefined): string {
	const text = value === undefined ? `${field}\u0001` : `${field}\u0000${value}`;
	return createHash('sha256').update(text, 'utf8').digest().subarray(0, HASH_BYTES).toString('base64url');
}

/** The value behind a hash, when it is one of the few a hash can be checked against. */
export function recoverValue(field: string, hash: string): { value: string | null } | undefined {
	if (hash === valueHash(field, undefined)) return { value: null };
	const text = BOOLEAN_TEXTS.find((candidate) => valueHash(field, candidate) === hash);
	return text === undefined ? undefined : { value: text };
}

function knownOrOther(value: string | undefined, known: readonly string[]): string | undefined {
	return value === undefined || known.includes(value) ? value : OTHER_VALUE;
}

export function userState(key: string, user: SnapshotUser): UserState {
	const attributes = new Map<string, string>();
	for (const [name, value] of Object.entries(user.attributes)) {
		if (!UNTRACKED_ATTRIBUTES.has(name)) attributes.set(name, valueHash(name, value));
	}
	return {
		key,
		enabled: user.enabled,
		status: knownOrOther(user.status, STATUSES),
		emailVerified: knownOrOther(user.attributes.email_verified, BOOLEAN_TEXTS),
		attributes,
	};
}

export function groupState(group: SnapshotGroup): GroupState {
	return {
		descriptionHash: valueHash('description', group.description),
		roleArnHash: valueHash('roleArn', group.roleArn),
		precedence: group.precedence,
	};
}

/** The comparable state of a snapshot. */
export function poolState(snapshot: PoolSnapshot): PoolState {
	const users = new Map<string, UserState>();
	for (const [key, user] of snapshot.users) users.set(key, userState(key, user));
	const groups = new Map<string, GroupState>();
	for (const [name, group] of snapshot.groups) groups.set(name, groupState(group));
	let members: Map<string, Set<string>> | undefined;
	if (snapshot.memberships) {
		members = new Map();
		for (const { group, sub } of snapshot.memberships) {
			let keys = members.get(group);
			if (!keys) members.set(group, (keys = new Set()));
			keys.add(sub);
		}
	}
	return { pool: snapshot.userPoolId, users, groups, members };
}

function encodeUser(out: BitWriter, user: UserState, attributeNames: string[]): void {
	const isUuid = UUID.test(user.key);
	const status = user.status === undefined ? 0 : STATUSES.indexOf(user.status) + 1 || OTHER_STATUS_CODE;
	const verified = user.emailVerified === undefined ? 0 : BOOLEAN_TEXTS.indexOf(user.emailVerified) + 1 || 3;
	out.bits((user.enabled ? 1 : 0) | (isUuid ? 2 : 0) | (verified << 2) | (status << 4), 8);
	if (isUuid) {
		out.bytesOf(Buffer.from(user.key.replace(/-/g, ''), 'hex'));
	} else {
		const key = Buffer.from(user.key, 'utf8');
		out.gamma(key.length + 1);
		out.bytesOf(key);
	}
	for (const name of attributeNames) out.bits(user.attributes.has(name) ? 1 : 0, 1);
	for (const name of attributeNames) {
		const hash = user.attributes.get(name);
		if (hash !== undefined) out.bytesOf(Buffer.from(hash, 'base64url'));
	}
}

function decodeUser(input: BitReader, attributeNames: string[]): UserState {
	const flags = input.bits(8);
	const verified = (flags >> 2) & 3;
	const status = flags >> 4;
	let key: string;
	if (flags & 2) {
		const hex = Buffer.from(input.bytesOf(16)).toString('hex');
		key = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	} else {
		key = Buffer.from(input.bytesOf(input.gamma() - 1)).toString('utf8');
	}
	const present = attributeNames.filter(() => input.bits(1) === 1);
	const attributes = new Map<string, string>();
	for (const name of present) attributes.set(name, Buffer.from(input.bytesOf(HASH_BYTES)).toString('base64url'));
	return {
		key,
		enabled: (flags & 1) === 1,
		status: status === 0 ? undefined : (STATUSES[status - 1] ?? OTHER_VALUE),
		emailVerified: verified === 0 ? undefined : (BOOLEAN_TEXTS[verified - 1] ?? OTHER_VALUE),
		attributes,
	};
}

function encodeGroup(group: GroupState): string {
	const out = new BitWriter();
	out.bytesOf(Buffer.from(group.descriptionHash, 'base64url'));
	out.bytesOf(Buffer.from(group.roleArnHash, 'base64url'));
	out.gamma(group.precedence === undefined ? 1 : group.precedence + 2);
	return out.toText();
}

function decodeGroup(record: string): GroupState {
	const input = new BitReader(record);
	const descriptionHash = Buffer.from(input.bytesOf(HASH_BYTES)).toString('base64url');
	const roleArnHash = Buffer.from(input.bytesOf(HASH_BYTES)).toString('base64url');
	const precedence = input.gamma();
	return { descriptionHash, roleArnHash, precedence: precedence === 1 ? undefined : precedence - 2 };
}

/** The Rice parameter that codes these gaps in the fewest bits. */
function bestRiceParameter(gaps: number[]): number {
	let best = 0;
	let bestCost = Infinity;
	for (let k = 0; k < 32; k++) {
		const cost = gaps.reduce((sum, gap) => sum + Math.floor(gap / 2 ** k) + 1 + k, 0);
		if (cost < bestCost) [best, bestCost] = [k, cost];
	}
	return best;
}

/** Sorted member indices as: count, Rice parameter, Rice-coded gaps (about 5 bits a member). */
function encodeMembers(indices: number[]): string {
	const gaps = indices.map((index, i) => (i === 0 ? index : index - indices[i - 1] - 1));
	const k = bestRiceParameter(gaps);
	const out = new BitWriter();
	out.gamma(indices.length);
	out.bits(k, 5);
	for (const gap of gaps) out.rice(gap, k);
	return out.toText();
}

function decodeMembers(record: string): number[] {
	const input = new BitReader(record);
	const count = input.gamma();
	const k = input.bits(5);
	const indices: number[] = [];
	for (let i = 0; i < count; i++) indices.push((i === 0 ? 0 : indices[i - 1] + 1) + input.rice(k));
	return indices;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function encodeFingerprint(state: PoolState): Fingerprint {
	const keys = [...state.users.keys()].sort(byText);
	const attributeSet = new Set<string>();
	for (const user of state.users.values()) for (const name of user.attributes.keys()) attributeSet.add(name);
	const attributes = [...attributeSet].sort(byText);

	const users = new BitWriter();
	for (const key of keys) encodeUser(users, state.users.get(key) as UserState, attributes);

	const groups = Object.fromEntries(
		[...state.groups.keys()].sort(byText).map((name) => [name, encodeGroup(state.groups.get(name) as GroupState)]),
	);

	const fingerprint: Fingerprint = {
		v: FINGERPRINT_VERSION,
		pool: state.pool,
		attributes,
		users: users.toText(),
		groups,
	};
	if (state.members) {
		const indexOf = new Map(keys.map((key, index) => [key, index]));
		const members: [string, string][] = [];
		for (const name of [...state.members.keys()].sort(byText)) {
			const indices = [...(state.members.get(name) ?? [])]
				.map((key) => indexOf.get(key))
				.filter((index): index is number => index !== undefined)
				.sort((a, b) => a - b);
			if (indices.length > 0) members.push([name, encodeMembers(indices)]);
		}
		fingerprint.members = Object.fromEntries(members);
	}
	return fingerprint;
}

/** Throws when the fingerprint is malformed. */
export function decodeFingerprint(fingerprint: Fingerprint): PoolState {
	const input = new BitReader(fingerprint.users);
	const users = new Map<string, UserState>();
	const keys: string[] = [];
	// Fewer than 8 bits left are the last byte's padding; a record starts with 8 bits of flags.
	while (input.remaining >= 8) {
		const user = decodeUser(input, fingerprint.attributes);
		users.set(user.key, user);
		keys.push(user.key);
	}
	const groups = new Map<string, GroupState>();
	for (const [name, record] of Object.entries(fingerprint.groups)) groups.set(name, decodeGroup(record));
	let members: Map<string, Set<string>> | undefined;
	if (fingerprint.members) {
		members = new Map();
		for (const [name, record] of Object.entries(fingerprint.members)) {
			const memberKeys = decodeMembers(record).map((index) => {
				const key = keys[index];
				if (key === undefined) throw new Error('fingerprint member index out of range');
				return key;
			});
			members.set(name, new Set(memberKeys));
		}
	}
	return { pool: fingerprint.pool, users, groups, members };
}

export function fingerprintOf(snapshot: PoolSnapshot): Fingerprint {
	return encodeFingerprint(poolState(snapshot));
}

/** Bytes the fingerprint takes as JSON, as n8n stores static data. */
export function fingerprintSize(fingerprint: Fingerprint): number {
	return Buffer.byteLength(JSON.stringify(fingerprint), 'utf8');
}

const isRecordOfStrings = (value: unknown): value is Record<string, string> =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	Object.values(value).every((entry) => typeof entry === 'string');

/**
 * The state recorded in static data, when it is a readable fingerprint of this pool. Anything
 * else (nothing yet, another pool, another version, damaged data) is no baseline: the trigger then
 * behaves as on its first poll.
 */
export function loadBaseline(stored: unknown, userPoolId: string): PoolState | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const candidate = stored as Partial<Fingerprint>;
	if (
		candidate.v !== FINGERPRINT_VERSION ||
		candidate.pool !== userPoolId ||
		typeof candidate.users !== 'string' ||
		!Array.isArray(candidate.attributes) ||
		!candidate.attributes.every((name) => typeof name === 'string') ||
		!isRecordOfStrings(candidate.groups) ||
		(candidate.members !== undefined && !isRecordOfStrings(candidate.members))
	) {
		return undefined;
	}
	try {
		return decodeFingerprint(candidate as Fingerprint);
	} catch {
		return undefined;
	}
}
