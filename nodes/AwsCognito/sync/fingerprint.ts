import * as crypto from 'crypto';

import { BitReader, BitWriter } from './bits';

import type { PoolSnapshot, SnapshotGroup, SnapshotOptions, SnapshotUser } from './types';

/*
 * A fingerprint is what the trigger keeps of the previous snapshot in the workflow's static data,
 * which n8n saves with the workflow: it must stay small (budget: 40 bytes per user on average,
 * measured in test/unit/sync.fingerprint.test.ts and by the bench at 100,000 and 1,000,000 users)
 * yet tell which fields of a user changed.
 *
 * Why per-field hashes and not the previous values: a user's tracked values (email, names, custom
 * attributes) take 80+ bytes, its sub alone 36 characters. So each user is one bit-packed record,
 * and all records are one string (bits.ts: 6.5 bits a character). Version 2 (version 1 is still
 * read, so an upgrade finds its baseline and emits nothing extra):
 *   header     user count; h and k of the key code below
 *   shape      Elias gamma of its rank in `shapes`: the distinct (flags, attribute presence) pairs,
 *              most frequent first, so that the common shape costs 1 bit
 *              flags: enabled (bit 0), email_verified (bits 1-2), status (bits 3-6), key kind (7-8)
 *   key        a UUID (every sub is): keys are sorted, so its top h bits (h = log2 of the count)
 *              grow by small gaps, Rice-coded with parameter k (about 2 bits), and the remaining
 *              128 - h bits follow as they are, less the 6 fixed bits of a version-4 UUID;
 *              any other key: length + UTF-8
 *   hashes     24 bits per present attribute: SHA-256 of name and value, truncated
 * About 26 bytes (32 characters) for a user with four hashed attributes in a pool of 100,000.
 * The low-entropy fields (enabled, status, email_verified) are stored as values, so their changes
 * report `before` exactly; for hashed attributes `before` is known only when it was absent or
 * "true"/"false", otherwise a change reports the attribute's name and its `after` value. A 24-bit
 * hash misses a change with probability 2^-24 per changed attribute.
 *
 * Not tracked: `sub` (the key), `updated_at` (Cognito bumps it with every change, so it would
 * repeat in every update), and the user's last-modified date for the same reason. Usernames are
 * immutable; `user.deleted` events carry the sub only.
 *
 * Groups are few: name → 24-bit hashes of description and role ARN, and the precedence as a value.
 * Memberships: group name → the sorted indices of its members among the user records, as
 * Rice-coded gaps (about 5 bits a membership).
 */

export const FINGERPRINT_VERSION = 2;
/** The first format (one flags byte and the whole 128-bit key per user), still read. */
const FINGERPRINT_V1 = 1;

export interface Fingerprint {
	v: typeof FINGERPRINT_VERSION;
	/** The user pool it describes: a fingerprint of another pool is no baseline. */
	pool: string;
	/** Attribute names whose presence bits and hashes each user record holds, in this order. */
	attributes: string[];
	/** The distinct shapes of the user records (flags and presence bits), most frequent first. */
	shapes: string[];
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
const OTHER_VERIFIED_CODE = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One-shot crypto.hash (Node 20.12+) where it exists: no Hash object per value, a million users hash 5 million. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;
const sha256 = (text: string): Buffer =>
	oneShot ? oneShot('sha256', text, 'buffer') : crypto.createHash('sha256').update(text, 'utf8').digest();

/** Truncated SHA-256 of a field's value; "absent" hashes differently from every value. */
function hashBytes(field: string, value: string | undefined): Buffer {
	const text = value === undefined ? `${field}\u0001` : `${field}\u0000${value}`;
	return sha256(text).subarray(0, HASH_BYTES);
}

export function valueHash(field: string, value: string | undefined): string {
	return hashBytes(field, value).toString('base64url');
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

// ── packed user states: what a changes-only sync holds per user ────────────────────────────────────

/**
 * Attribute name ↔ small number, for packed states. One instance serves a baseline and the snapshot
 * compared with it, so that equal states pack to equal strings.
 */
export class AttributeIds {
	private readonly ids = new Map<string, number>();
	readonly names: string[] = [];

	id(name: string): number {
		let id = this.ids.get(name);
		if (id === undefined) {
			id = this.names.length;
			this.ids.set(name, id);
			this.names.push(name);
		}
		return id;
	}
}

const statusCode = (status: string | undefined) =>
	status === undefined ? 0 : STATUSES.indexOf(status) + 1 || OTHER_STATUS_CODE;
const verifiedCode = (verified: string | undefined) =>
	verified === undefined ? 0 : BOOLEAN_TEXTS.indexOf(verified) + 1 || OTHER_VERIFIED_CODE;
const statusOf = (code: number) => (code === 0 ? undefined : (STATUSES[code - 1] ?? OTHER_VALUE));
const verifiedOf = (code: number) => (code === 0 ? undefined : (BOOLEAN_TEXTS[code - 1] ?? OTHER_VALUE));

function pack(enabled: boolean, status: number, verified: number, hashes: [number, Uint8Array][]): string {
	hashes.sort((a, b) => a[0] - b[0]);
	const codes = [(enabled ? 1 : 0) | (verified << 1) | (status << 3)];
	for (const [id, hash] of hashes) codes.push(id, hash[0], hash[1], hash[2]);
	// One flat string: appending would leave a chain of string pieces, several times its size.
	return String.fromCharCode(...codes);
}

/**
 * A user's state as one short string (about 4 characters per attribute instead of a Map of them):
 * the flags, then each tracked attribute's number and hash. Two users' states are equal exactly
 * when their packed strings are.
 */
export function packUserState(state: UserState, ids: AttributeIds): string {
	const hashes: [number, Uint8Array][] = [];
	for (const [name, hash] of state.attributes) hashes.push([ids.id(name), Buffer.from(hash, 'base64url')]);
	return pack(state.enabled, statusCode(state.status), verifiedCode(state.emailVerified), hashes);
}

/** packUserState(userState(key, user)) without building the state. */
export function packUser(user: SnapshotUser, ids: AttributeIds): string {
	const hashes: [number, Uint8Array][] = [];
	for (const [name, value] of Object.entries(user.attributes)) {
		if (!UNTRACKED_ATTRIBUTES.has(name)) hashes.push([ids.id(name), hashBytes(name, value)]);
	}
	const verified = verifiedCode(knownOrOther(user.attributes.email_verified, BOOLEAN_TEXTS));
	return pack(user.enabled, statusCode(knownOrOther(user.status, STATUSES)), verified, hashes);
}

export function unpackUserState(key: string, packed: string, ids: AttributeIds): UserState {
	const flags = packed.charCodeAt(0);
	const attributes = new Map<string, string>();
	for (let i = 1; i + 3 < packed.length; i += 4) {
		const hash = Buffer.from([packed.charCodeAt(i + 1), packed.charCodeAt(i + 2), packed.charCodeAt(i + 3)]);
		attributes.set(ids.names[packed.charCodeAt(i)], hash.toString('base64url'));
	}
	return {
		key,
		enabled: (flags & 1) === 1,
		status: statusOf((flags >> 3) & 15),
		emailVerified: verifiedOf((flags >> 1) & 3),
		attributes,
	};
}

/** The attribute numbers a packed state holds. */
export function packedAttributeIds(packed: string): number[] {
	const ids: number[] = [];
	for (let i = 1; i < packed.length; i += 4) ids.push(packed.charCodeAt(i));
	return ids;
}

// ── version 2 user records ──────────────────────────────────────────────────────────────────────

const KEY_TEXT = 0;
const KEY_UUID = 1;
const KEY_UUID_V4 = 2;
const MAX_HIGH_BITS = 24;

function keyBytes(key: string): Uint8Array {
	return Buffer.from(key.replace(/-/g, ''), 'hex');
}

const isV4 = (bytes: Uint8Array) => bytes[6] >> 4 === 4 && bytes[8] >> 6 === 2;
const top24 = (bytes: Uint8Array) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];

function keyKind(key: string): number {
	if (!UUID.test(key)) return KEY_TEXT;
	return isV4(keyBytes(key)) ? KEY_UUID_V4 : KEY_UUID;
}

function shapeFlags(user: UserState, kind: number): number {
	return (
		(user.enabled ? 1 : 0) | (verifiedCode(user.emailVerified) << 1) | (statusCode(user.status) << 3) | (kind << 7)
	);
}

/** A shape as a map key: its flags and presence bits as text. */
function shapeKey(flags: number, user: UserState, attributeNames: string[]): string {
	let key = `${flags}:`;
	for (const name of attributeNames) key += user.attributes.has(name) ? '1' : '0';
	return key;
}

/** The stored form of a shape: 9 bits of flags, then the presence bits. */
function shapeText(key: string): string {
	const [flags, presence] = key.split(':');
	const out = new BitWriter();
	out.bits(Number(flags), 9);
	for (const bit of presence) out.bits(bit === '1' ? 1 : 0, 1);
	return out.toText();
}

/** What the encoder needs of the users, in key order; a packed or a full state alike. */
interface UserSource {
	keys: string[];
	state(key: string): UserState;
	attributeNames: string[];
}

/** The Rice parameter (0-7) that codes these gaps in the fewest bits, from its per-k costs. */
const cheapest = (costs: number[]) => costs.indexOf(Math.min(...costs));

function encodeUsers(source: UserSource): { users: string; shapes: string[] } {
	const { keys, attributeNames } = source;
	// Pass 1: the shapes and their frequencies; the key code's parameters.
	const shapeIds = new Map<string, number>();
	const shapeCounts: number[] = [];
	const shapeList: string[] = [];
	const shapeOf = new Uint32Array(keys.length);
	let uuids = 0;
	for (const key of keys) if (UUID.test(key)) uuids++;
	const h = Math.min(MAX_HIGH_BITS, uuids > 0 ? Math.floor(Math.log2(uuids)) : 0);
	const costs = Array.from({ length: 8 }, () => 0);
	let previousHigh = 0;
	keys.forEach((key, index) => {
		const user = source.state(key);
		const kind = keyKind(key);
		const text = shapeKey(shapeFlags(user, kind), user, attributeNames);
		let id = shapeIds.get(text);
		if (id === undefined) {
			shapeIds.set(text, (id = shapeList.length));
			shapeList.push(text);
			shapeCounts.push(0);
		}
		shapeCounts[id]++;
		shapeOf[index] = id;
		if (kind !== KEY_TEXT) {
			const high = top24(keyBytes(key)) >>> (24 - h);
			const gap = high - previousHigh;
			previousHigh = high;
			for (let k = 0; k < costs.length; k++) costs[k] += Math.floor(gap / 2 ** k) + 1 + k;
		}
	});
	const order = shapeList.map((_, id) => id).sort((a, b) => shapeCounts[b] - shapeCounts[a] || a - b);
	const rank = new Uint32Array(shapeList.length);
	order.forEach((id, r) => (rank[id] = r));
	const k = cheapest(costs);

	// Pass 2: the records.
	const out = new BitWriter();
	out.gamma(keys.length + 1);
	out.gamma(h + 1);
	out.bits(k, 3);
	previousHigh = 0;
	keys.forEach((key, index) => {
		const user = source.state(key);
		out.gamma(rank[shapeOf[index]] + 1);
		const kind = keyKind(key);
		if (kind === KEY_TEXT) {
			const bytes = Buffer.from(key, 'utf8');
			out.gamma(bytes.length + 1);
			out.bytesOf(bytes);
		} else {
			const bytes = keyBytes(key);
			const top = top24(bytes);
			const high = top >>> (24 - h);
			out.rice(high - previousHigh, k);
			previousHigh = high;
			out.bits(top & ((1 << (24 - h)) - 1), 24 - h);
			for (let i = 3; i < 16; i++) {
				if (kind === KEY_UUID_V4 && i === 6) out.bits(bytes[i] & 0x0f, 4);
				else if (kind === KEY_UUID_V4 && i === 8) out.bits(bytes[i] & 0x3f, 6);
				else out.bits(bytes[i], 8);
			}
		}
		for (const name of attributeNames) {
			const hash = user.attributes.get(name);
			if (hash !== undefined) out.bytesOf(Buffer.from(hash, 'base64url'));
		}
	});
	return { users: out.toText(), shapes: order.map((id) => shapeText(shapeList[id])) };
}

const HEX = Uint8Array.from([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));
const DASH = '-'.charCodeAt(0);

/** The UUID's text as one flat string (a template of slices would hold a chain of pieces per key). */
function uuidText(bytes: Uint8Array): string {
	const out = Buffer.allocUnsafe(36);
	let n = 0;
	for (let i = 0; i < 16; i++) {
		if (i === 4 || i === 6 || i === 8 || i === 10) out[n++] = DASH;
		out[n++] = HEX[bytes[i] >> 4];
		out[n++] = HEX[bytes[i] & 15];
	}
	return out.toString('latin1');
}

/** A user record as decoded: its flags and its hashes as bytes, 3 per present attribute name. */
interface DecodedUser {
	key: string;
	enabled: boolean;
	status: number;
	verified: number;
	names: string[];
	hashes: Uint8Array;
}

function stateOfDecoded(user: DecodedUser): UserState {
	const attributes = new Map<string, string>();
	user.names.forEach((name, i) => {
		attributes.set(name, Buffer.from(user.hashes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES)).toString('base64url'));
	});
	return {
		key: user.key,
		enabled: user.enabled,
		status: statusOf(user.status),
		emailVerified: verifiedOf(user.verified),
		attributes,
	};
}

function packDecoded(user: DecodedUser, ids: AttributeIds): string {
	const hashes = user.names.map((name, i): [number, Uint8Array] => [
		ids.id(name),
		user.hashes.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES),
	]);
	return pack(user.enabled, user.status, user.verified, hashes);
}

function decodeUsersV2(fingerprint: Fingerprint, visit: (user: DecodedUser) => void): void {
	const names = fingerprint.attributes;
	const shapes = fingerprint.shapes.map((text) => {
		const input = new BitReader(text);
		const flags = input.bits(9);
		return { flags, present: names.filter(() => input.bits(1) === 1) };
	});
	const input = new BitReader(fingerprint.users);
	const count = input.gamma() - 1;
	const h = input.gamma() - 1;
	if (h > MAX_HIGH_BITS) throw new Error('fingerprint key code out of range');
	const k = input.bits(3);
	let previousHigh = 0;
	for (let n = 0; n < count; n++) {
		const shape = shapes[input.gamma() - 1];
		if (!shape) throw new Error('fingerprint shape out of range');
		const kind = shape.flags >> 7;
		let key: string;
		if (kind === KEY_TEXT) {
			key = Buffer.from(input.bytesOf(input.gamma() - 1)).toString('utf8');
		} else {
			const high = previousHigh + input.rice(k);
			previousHigh = high;
			const top = high * 2 ** (24 - h) + input.bits(24 - h);
			if (top >= 2 ** 24) throw new Error('fingerprint key out of range');
			const bytes = new Uint8Array(16);
			bytes[0] = top >> 16;
			bytes[1] = (top >> 8) & 0xff;
			bytes[2] = top & 0xff;
			for (let i = 3; i < 16; i++) {
				if (kind === KEY_UUID_V4 && i === 6) bytes[i] = 0x40 | input.bits(4);
				else if (kind === KEY_UUID_V4 && i === 8) bytes[i] = 0x80 | input.bits(6);
				else bytes[i] = input.bits(8);
			}
			key = uuidText(bytes);
		}
		visit({
			key,
			enabled: (shape.flags & 1) === 1,
			status: (shape.flags >> 3) & 15,
			verified: (shape.flags >> 1) & 3,
			names: shape.present,
			hashes: input.bytesOf(shape.present.length * HASH_BYTES),
		});
	}
}

/** Version 1: a flags byte, the whole key, a presence bit per attribute name, the hashes. */
function decodeUsersV1(fingerprint: { users: string; attributes: string[] }, visit: (user: DecodedUser) => void): void {
	const input = new BitReader(fingerprint.users);
	// Fewer than 8 bits left are the last byte's padding; a record starts with 8 bits of flags.
	while (input.remaining >= 8) {
		const flags = input.bits(8);
		let key: string;
		if (flags & 2) key = uuidText(input.bytesOf(16));
		else key = Buffer.from(input.bytesOf(input.gamma() - 1)).toString('utf8');
		const names = fingerprint.attributes.filter(() => input.bits(1) === 1);
		visit({
			key,
			enabled: (flags & 1) === 1,
			status: flags >> 4,
			verified: (flags >> 2) & 3,
			names,
			hashes: input.bytesOf(names.length * HASH_BYTES),
		});
	}
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

/** Everything a fingerprint is made from: users in key order, groups, and memberships by key. */
export interface StateSource extends UserSource {
	pool: string;
	groups: Map<string, GroupState>;
	/** Group name → member keys; absent when memberships were not read. */
	members?: Map<string, Iterable<string>>;
	/** A key's position in `keys`; undefined for a key that is not a user. */
	indexOf(key: string): number | undefined;
}

export function encodeStateSource(source: StateSource): Fingerprint {
	const { users, shapes } = encodeUsers(source);
	const groups = Object.fromEntries(
		[...source.groups.keys()].sort(byText).map((name) => [name, encodeGroup(source.groups.get(name) as GroupState)]),
	);
	const fingerprint: Fingerprint = {
		v: FINGERPRINT_VERSION,
		pool: source.pool,
		attributes: source.attributeNames,
		shapes,
		users,
		groups,
	};
	if (source.members) {
		const members: [string, string][] = [];
		for (const name of [...source.members.keys()].sort(byText)) {
			const indices: number[] = [];
			for (const key of source.members.get(name) ?? []) {
				const index = source.indexOf(key);
				if (index !== undefined) indices.push(index);
			}
			indices.sort((a, b) => a - b);
			if (indices.length > 0) members.push([name, encodeMembers(indices)]);
		}
		fingerprint.members = Object.fromEntries(members);
	}
	return fingerprint;
}

export function encodeFingerprint(state: PoolState): Fingerprint {
	const keys = [...state.users.keys()].sort(byText);
	const attributeSet = new Set<string>();
	for (const user of state.users.values()) for (const name of user.attributes.keys()) attributeSet.add(name);
	const indexOf = new Map(keys.map((key, index) => [key, index]));
	return encodeStateSource({
		pool: state.pool,
		keys,
		state: (key) => state.users.get(key) as UserState,
		attributeNames: [...attributeSet].sort(byText),
		groups: state.groups,
		members: state.members,
		indexOf: (key) => indexOf.get(key),
	});
}

/** A fingerprint as found in static data: this version or the first. */
type StoredFingerprint = Fingerprint | (Omit<Fingerprint, 'v' | 'shapes'> & { v: typeof FINGERPRINT_V1 });

interface DecodedRest {
	groups: Map<string, GroupState>;
	members?: Map<string, Set<string>>;
}

/** Hands every user to `visit` in key order; returns the groups and memberships. Throws when malformed. */
function readFingerprint(fingerprint: StoredFingerprint, visit: (user: DecodedUser) => void): DecodedRest {
	const keys: string[] = [];
	const collect = (user: DecodedUser) => {
		keys.push(user.key);
		visit(user);
	};
	if (fingerprint.v === FINGERPRINT_V1) decodeUsersV1(fingerprint, collect);
	else decodeUsersV2(fingerprint, collect);
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
	return { groups, members };
}

/** Throws when the fingerprint is malformed. */
export function decodeFingerprint(fingerprint: StoredFingerprint): PoolState {
	const users = new Map<string, UserState>();
	const rest = readFingerprint(fingerprint, (user) => users.set(user.key, stateOfDecoded(user)));
	return { pool: fingerprint.pool, users, ...rest };
}

/**
 * encodeFingerprint(poolState(snapshot)), holding each user's state packed (about 25 characters)
 * instead of as a Map of hashes: at 100,000 users the Maps took 90 MB on top of the snapshot.
 */
export function fingerprintOf(snapshot: PoolSnapshot): Fingerprint {
	const ids = new AttributeIds();
	const packed = new Map<string, string>();
	for (const [key, user] of snapshot.users) packed.set(key, packUser(user, ids));
	const keys = [...packed.keys()].sort(byText);
	const indexOf = new Map(keys.map((key, index) => [key, index]));
	let members: Map<string, string[]> | undefined;
	if (snapshot.memberships) {
		members = new Map();
		for (const { group, sub } of snapshot.memberships) {
			let keysOfGroup = members.get(group);
			if (!keysOfGroup) members.set(group, (keysOfGroup = []));
			keysOfGroup.push(sub);
		}
	}
	return encodeStateSource({
		pool: snapshot.userPoolId,
		keys,
		state: (key) => unpackUserState(key, packed.get(key) as string, ids),
		attributeNames: [...ids.names].sort(byText),
		groups: new Map([...snapshot.groups].map(([name, group]) => [name, groupState(group)])),
		members,
		indexOf: (key) => indexOf.get(key),
	});
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

const isStrings = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** The stored value, when it has a fingerprint's form (this version or the first) for this pool. */
function storedFingerprint(stored: unknown, userPoolId: string): StoredFingerprint | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const candidate = stored as Partial<Omit<Fingerprint, 'v'>> & { v?: unknown };
	const known = candidate.v === FINGERPRINT_V1 || (candidate.v === FINGERPRINT_VERSION && isStrings(candidate.shapes));
	if (
		!known ||
		candidate.pool !== userPoolId ||
		typeof candidate.users !== 'string' ||
		!isStrings(candidate.attributes) ||
		!isRecordOfStrings(candidate.groups) ||
		(candidate.members !== undefined && !isRecordOfStrings(candidate.members))
	) {
		return undefined;
	}
	return candidate as StoredFingerprint;
}

/**
 * The state recorded in static data, when it is a readable fingerprint of this pool (of this
 * version or of version 1, so that an upgrade keeps its baseline). Anything else (nothing yet,
 * another pool, an unknown version, damaged data) is no baseline: the trigger then behaves as on
 * its first poll.
 */
export function loadBaseline(stored: unknown, userPoolId: string): PoolState | undefined {
	const fingerprint = storedFingerprint(stored, userPoolId);
	if (!fingerprint) return undefined;
	try {
		return decodeFingerprint(fingerprint);
	} catch {
		return undefined;
	}
}

/** A recorded state with each user packed (see packUserState): a tenth of a PoolState's memory. */
export interface PackedPoolState<U> {
	pool: string;
	/** User key → what the loader made of the user's packed state (numbered by `ids`). */
	users: Map<string, U>;
	groups: Map<string, GroupState>;
	members?: Map<string, Set<string>>;
}

/**
 * What the state recorded in static data tells the next reading of the pool (see SnapshotOptions):
 * its user count (the users record starts with it) and each group's member count (each group's
 * record starts with its own), without decoding a user. Empty without a readable fingerprint; the
 * first format has no user count.
 */
export function recordedSizes(
	stored: unknown,
	userPoolId: string,
): Pick<SnapshotOptions, 'recordedUsers' | 'groupSizes'> {
	const fingerprint = storedFingerprint(stored, userPoolId);
	if (!fingerprint) return {};
	try {
		const sizes: Pick<SnapshotOptions, 'recordedUsers' | 'groupSizes'> = {};
		if (fingerprint.v === FINGERPRINT_VERSION) sizes.recordedUsers = new BitReader(fingerprint.users).gamma() - 1;
		if (fingerprint.members) {
			const { members } = fingerprint;
			sizes.groupSizes = new Map(
				Object.entries(members).map(([name, record]) => [name, new BitReader(record).gamma()]),
			);
		}
		return sizes;
	} catch {
		return {};
	}
}

/**
 * loadBaseline, with each user packed as it is decoded and kept as `entry` makes it (the key
 * string given is the one the member sets hold).
 */
export function loadPackedBaseline<U>(
	stored: unknown,
	userPoolId: string,
	ids: AttributeIds,
	entry: (key: string, packed: string) => U,
): PackedPoolState<U> | undefined {
	const fingerprint = storedFingerprint(stored, userPoolId);
	if (!fingerprint) return undefined;
	const users = new Map<string, U>();
	try {
		const rest = readFingerprint(fingerprint, (user) => users.set(user.key, entry(user.key, packDecoded(user, ids))));
		return { pool: fingerprint.pool, users, ...rest };
	} catch {
		return undefined;
	}
}
