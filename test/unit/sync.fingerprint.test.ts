import { BitReader, BitWriter, bytesToText, textToBytes } from '../../nodes/AwsCognito/sync/bits';
import {
	AttributeIds,
	FINGERPRINT_VERSION,
	OTHER_VALUE,
	decodeFingerprint,
	encodeFingerprint,
	fingerprintOf,
	fingerprintSize,
	loadBaseline,
	loadPackedBaseline,
	packUser,
	packUserState,
	poolState,
	recordedSizes,
	unpackUserState,
	userState,
	recoverValue,
	valueHash,
	type Fingerprint,
} from '../../nodes/AwsCognito/sync';
import { FakePool, ZERO_STATS } from '../support/fakePool';

const STATS = ZERO_STATS;

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Tim'];
const LAST_NAMES = [
	'Lovelace',
	'Hopper',
	'Turing',
	'Dijkstra',
	'Liskov',
	'Knuth',
	'Hamilton',
	'Thompson',
	'Allen',
	'Berners-Lee',
];
const DEPARTMENTS = ['engineering', 'sales', 'support', 'finance', 'marketing'];

/**
 * A realistic pool: 1,000 users signed up by email (username = email), each with given and family
 * name and email_verified, a quarter with a department, a tenth with a verified phone number;
 * 40 groups of ~5 to ~200 members (about 2 memberships per user), 5 of them empty.
 */
function syntheticPool(): FakePool {
	const pool = new FakePool();
	const usernames: string[] = [];
	for (let i = 0; i < 1000; i++) {
		const given = FIRST_NAMES[i % 10];
		const family = LAST_NAMES[Math.floor(i / 10) % 10];
		const email = `${given}.${family}.${i}@example.com`.toLowerCase();
		const attributes: Record<string, string> = {
			email,
			email_verified: i % 7 === 0 ? 'false' : 'true',
			given_name: given,
			family_name: family,
		};
		if (i % 4 === 0) attributes['custom:department'] = DEPARTMENTS[i % 5];
		if (i % 10 === 0)
			Object.assign(attributes, {
				phone_number: `+3161234${String(i).padStart(4, '0')}`,
				phone_number_verified: 'true',
			});
		pool.addUser(email, attributes, i % 13 === 0 ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED');
		usernames.push(email);
	}
	for (let g = 0; g < 40; g++) {
		const name = `team-${String(g).padStart(2, '0')}`;
		pool.addGroup(name, { Description: `Team ${g}`, Precedence: g % 3 === 0 ? g : undefined });
		if (g >= 35) continue;
		const size = 5 + ((g * 37) % 200);
		for (let k = 0; k < size; k++) pool.addMember(name, usernames[(g * 131 + k * 7) % 1000]);
	}
	return pool;
}

describe('fingerprint', () => {
	it('round-trips: decoding a fingerprint gives back the state it was made from', () => {
		const pool = syntheticPool();
		const state = poolState(pool.expectedSnapshot(STATS));
		const fingerprint = encodeFingerprint(state);
		expect(fingerprint.v).toBe(FINGERPRINT_VERSION);
		expect(decodeFingerprint(fingerprint)).toEqual(state);
		// ...also after the trip through JSON that n8n's static data takes.
		expect(decodeFingerprint(JSON.parse(JSON.stringify(fingerprint)) as Fingerprint)).toEqual(state);
	});

	it('stays within ~40 bytes per user on a realistic 1,000-user pool', () => {
		const snapshot = syntheticPool().expectedSnapshot(STATS);
		expect(snapshot.users.size).toBe(1000);
		expect(snapshot.memberships?.length).toBeGreaterThan(1500);
		const fingerprint = fingerprintOf(snapshot);
		const bytes = fingerprintSize(fingerprint);
		const perUser = bytes / snapshot.users.size;
		const part = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
		console.log(
			`fingerprint of 1,000 users, ${snapshot.groups.size} groups, ${snapshot.memberships?.length} memberships: ` +
				`${bytes} bytes = ${perUser.toFixed(1)} bytes/user (users ${part(fingerprint.users)}, ` +
				`groups ${part(fingerprint.groups)}, members ${part(fingerprint.members)})`,
		);
		expect(perUser).toBeLessThanOrEqual(40);
		// The simplified users themselves, as JSON, for scale: the fingerprint is a small fraction.
		expect(bytes).toBeLessThan(part([...snapshot.users.values()]) / 8);
	});

	it('fingerprintOf, which holds users packed, encodes exactly what the whole pool state encodes', () => {
		const odd = syntheticPool();
		odd.addUser('plain', { email: 'plain@example.com', 'custom:only-here': 'x' }, 'SOME_NEW_STATUS');
		for (const withMemberships of [true, false]) {
			const snapshot = odd.expectedSnapshot(STATS, withMemberships);
			expect(fingerprintOf(snapshot)).toEqual(encodeFingerprint(poolState(snapshot)));
		}
	});

	it('keeps users without a UUID key, unknown statuses and odd email_verified values', () => {
		const pool = new FakePool();
		pool.addUser('plain', { email: 'plain@example.com' });
		const odd = pool.addUser('odd', { email_verified: 'maybe' }, 'SOME_NEW_STATUS');
		odd.Attributes = odd.Attributes?.filter((a) => a.Name !== 'sub');
		pool.addUser('upper', { sub: 'ABCDEF01-2345-4678-9ABC-DEF012345678' });
		const state = poolState(pool.expectedSnapshot(STATS));
		expect([...state.users.keys()]).toContain('username:odd');
		const decoded = decodeFingerprint(encodeFingerprint(state));
		expect(decoded).toEqual(state);
		expect(decoded.users.get('username:odd')).toMatchObject({ status: OTHER_VALUE, emailVerified: OTHER_VALUE });
		expect(decoded.users.has('ABCDEF01-2345-4678-9ABC-DEF012345678')).toBe(true);
	});

	it('encodes an empty pool, and a pool read without memberships, without members', () => {
		const empty = new FakePool();
		const fingerprint = fingerprintOf(empty.expectedSnapshot(STATS));
		expect(fingerprint).toMatchObject({ v: 2, pool: empty.id, attributes: [], shapes: [], groups: {}, members: {} });
		expect(decodeFingerprint(fingerprint).users.size).toBe(0);

		const pool = syntheticPool();
		const withoutMembers = fingerprintOf(pool.expectedSnapshot(STATS, false));
		expect(withoutMembers.members).toBeUndefined();
		expect(decodeFingerprint(withoutMembers).members).toBeUndefined();
	});

	it('recovers a hashed value only when it is absent or a boolean text', () => {
		expect(recoverValue('description', valueHash('description', undefined))).toEqual({ value: null });
		expect(recoverValue('phone_number_verified', valueHash('phone_number_verified', 'false'))).toEqual({
			value: 'false',
		});
		expect(recoverValue('email', valueHash('email', 'a@example.com'))).toBeUndefined();
		expect(valueHash('email', '')).not.toBe(valueHash('email', undefined));
		expect(valueHash('email', 'x')).not.toBe(valueHash('name', 'x'));
	});
});

describe('loadBaseline', () => {
	const pool = syntheticPool();
	const fingerprint = fingerprintOf(pool.expectedSnapshot(STATS));

	it('reads a fingerprint of the same pool', () => {
		expect(loadBaseline(JSON.parse(JSON.stringify(fingerprint)), pool.id)?.users.size).toBe(1000);
	});

	it.each([
		['nothing stored yet', undefined],
		['a string', 'not a fingerprint'],
		['an unknown version', { ...fingerprint, v: 3 }],
		['version 2 without shapes', { ...fingerprint, shapes: undefined }],
		['users that are not a string', { ...fingerprint, users: 42 }],
		['attribute names that are not strings', { ...fingerprint, attributes: [1] }],
		['groups that are not a record of strings', { ...fingerprint, groups: { a: 1 } }],
		['members that are not a record of strings', { ...fingerprint, members: [] }],
		['truncated user records', { ...fingerprint, users: fingerprint.users.slice(0, 50) }],
		['a character outside the alphabet', { ...fingerprint, users: `${fingerprint.users.slice(0, -1)}"` }],
		['a truncated group record', { ...fingerprint, groups: { x: 'AAA' } }],
	])('treats %s as no baseline', (_label, stored) => {
		expect(loadBaseline(stored, pool.id)).toBeUndefined();
	});

	it("tells the user count and each group's member count without decoding a user", () => {
		const sizes = recordedSizes(JSON.parse(JSON.stringify(fingerprint)), pool.id);
		const snapshot = pool.expectedSnapshot(STATS);
		const truth = new Map([...snapshot.groups].map(([name, group]) => [name, group.memberCount]));
		expect(sizes.recordedUsers).toBe(snapshot.users.size);
		expect(sizes.groupSizes?.size).toBeGreaterThan(0);
		expect(sizes.groupSizes).toEqual(new Map([...truth].filter(([, count]) => (count ?? 0) > 0)));
		expect(recordedSizes(fingerprint, 'us-east-1_other')).toEqual({});
		expect(recordedSizes({ ...fingerprint, members: undefined }, pool.id)).toEqual({
			recordedUsers: snapshot.users.size,
		});
		expect(recordedSizes({ ...fingerprint, users: '' }, pool.id)).toEqual({});
	});

	it('treats member indices past the users as no baseline', () => {
		const two = new FakePool();
		two.addUser('a');
		two.addUser('b');
		two.addGroup('g');
		two.addMember('g', 'a');
		two.addMember('g', 'b');
		const whole = fingerprintOf(two.expectedSnapshot(STATS));
		two.deleteUser('b');
		const fewerUsers = fingerprintOf(two.expectedSnapshot(STATS)).users;
		expect(loadBaseline(whole, two.id)).toBeDefined();
		expect(loadBaseline({ ...whole, users: fewerUsers }, two.id)).toBeUndefined();
	});

	it('treats a fingerprint of another pool as no baseline', () => {
		expect(loadBaseline(fingerprint, 'eu-west-1_Other')).toBeUndefined();
	});

	it('reads a version 1 fingerprint (as recorded before the upgrade) to the same state', () => {
		// Recorded by version 1: three users (a version-4 sub, another, and one keyed by username with
		// an unknown status and email_verified), two groups, four memberships.
		const v1 = {
			v: 1,
			pool: 'eu-west-1_FakePool1',
			attributes: ['custom:department', 'email', 'given_name', 'phone_number_verified'],
			users: "DA:*Z?Rn(]L3%mN'7Al=IhBv?0@'IQP'l$bgwQFX1I]<mi>L;wgH7pl_BQJ6^_u,K5p3@eS__E^O%B,nH$!",
			groups: { admins: 'xF@pJ>h!(', staff: '}3nlJ>h!*' },
			members: { admins: 'G#', staff: "'#!" },
		};
		const state = loadBaseline(v1, 'eu-west-1_FakePool1');
		if (!state) throw new Error('the version 1 fingerprint did not load');
		const ada = '0b5e1c2a-3f4d-4a6b-8c7d-9e0f1a2b3c4d';
		const grace = 'c0ffee00-1234-4abc-9def-0123456789ab';
		expect([...state.users.keys()]).toEqual([ada, grace, 'username:plain']);
		expect(state.users.get(ada)).toEqual({
			key: ada,
			enabled: true,
			status: 'CONFIRMED',
			emailVerified: 'true',
			attributes: new Map([
				['email', valueHash('email', 'ada@example.com')],
				['given_name', valueHash('given_name', 'Ada')],
			]),
		});
		expect(state.users.get(grace)).toMatchObject({
			enabled: false,
			status: 'FORCE_CHANGE_PASSWORD',
			emailVerified: 'false',
		});
		expect(state.users.get(grace)?.attributes.get('custom:department')).toBe(valueHash('custom:department', 'navy'));
		expect(state.users.get('username:plain')).toMatchObject({ status: OTHER_VALUE, emailVerified: OTHER_VALUE });
		expect(state.groups.get('admins')?.precedence).toBe(1);
		expect(state.members).toEqual(
			new Map([
				['admins', new Set([ada])],
				['staff', new Set([ada, grace, 'username:plain'])],
			]),
		);
		// Re-encoded in this version, the same state comes back.
		expect(decodeFingerprint(encodeFingerprint(state))).toEqual(state);
	});
});

describe('packed user states', () => {
	it('pack each user to a string that unpacks to its state, equal exactly when the states are', () => {
		const snapshot = syntheticPool().expectedSnapshot(STATS);
		const ids = new AttributeIds();
		const packed = new Set<string>();
		for (const [key, user] of snapshot.users) {
			const state = userState(key, user);
			const text = packUser(user, ids);
			expect(packUserState(state, ids)).toBe(text);
			expect(unpackUserState(key, text, ids)).toEqual(state);
			packed.add(text);
		}
		// Every user has its own email, so no two states are equal.
		expect(packed.size).toBe(snapshot.users.size);
	});

	it('loads a baseline packed, with the same users, groups and members as loadBaseline', () => {
		const snapshot = syntheticPool().expectedSnapshot(STATS);
		const stored = JSON.parse(JSON.stringify(fingerprintOf(snapshot))) as unknown;
		const ids = new AttributeIds();
		const packed = loadPackedBaseline(stored, snapshot.userPoolId, ids, (_key, text) => text);
		const full = loadBaseline(stored, snapshot.userPoolId);
		if (!packed || !full) throw new Error('the baseline did not load');
		expect(new Map([...packed.users].map(([key, text]) => [key, unpackUserState(key, text, ids)]))).toEqual(full.users);
		expect(packed.groups).toEqual(full.groups);
		expect(packed.members).toEqual(full.members);
		expect(loadPackedBaseline({ ...(stored as object), users: '!' }, snapshot.userPoolId, ids, String)).toBeUndefined();
	});
});

describe('bit packing', () => {
	it('round-trips every byte length through the text form, which JSON stores unescaped', () => {
		for (let length = 0; length <= 64; length++) {
			const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length * 31) % 256);
			const text = bytesToText(bytes);
			expect(textToBytes(text)).toEqual(bytes);
			expect(JSON.stringify(text)).toBe(`"${text}"`);
			expect(text.length).toBeLessThanOrEqual(Math.ceil((length * 8) / 6.5));
		}
		const all = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
		expect(textToBytes(bytesToText(all))).toEqual(all);
	});

	it('reads back bit fields, gamma and Rice codes as written', () => {
		const out = new BitWriter();
		const numbers = [1, 2, 3, 7, 8, 1000, 2 ** 31 + 5];
		out.bits(5, 3);
		for (const n of numbers) out.gamma(n);
		for (const n of [0, 1, 5, 40, 1000]) out.rice(n, 3);
		out.bits(0xabcdef, 24);
		const input = new BitReader(out.toText());
		expect(input.bits(3)).toBe(5);
		expect(numbers.map(() => input.gamma())).toEqual(numbers);
		expect([0, 1, 5, 40, 1000].map(() => input.rice(3))).toEqual([0, 1, 5, 40, 1000]);
		expect(input.bits(24)).toBe(0xabcdef);
		expect(input.remaining).toBeLessThan(8);
		expect(() => input.bits(8)).toThrow('ends early');
	});
});
