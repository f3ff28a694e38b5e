/**
 * takeChanges (the trigger's Changes mode, holding users packed) against the whole-snapshot path:
 * for the same pool and recorded state it must return the same events and the same next
 * fingerprint as diffSnapshot(loadBaseline(stored), takeSnapshot(...)), while holding whole records
 * only for the users that are new or changed.
 */
import { ListUsersInGroupCommand } from '@aws-sdk/client-cognito-identity-provider';

import {
	diffSnapshot,
	fingerprintOf,
	recordedSizes,
	loadBaseline,
	takeChanges,
	takeSnapshot,
	type ChangesOptions,
} from '../../nodes/AwsCognito/sync';
import { CognitoApi } from '../../nodes/AwsCognito/transport';
import { FakePool } from '../support/fakePool';
import { UNIT_CONNECTION, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();
const NOW = () => new Date('2024-06-01T12:00:00.000Z');

/** 150 users (3 pages), some without email or with a custom attribute; 6 groups, one of 150 members. */
function poolOf(): FakePool {
	const pool = new FakePool();
	const names = Array.from({ length: 150 }, (_, i) => `user-${String(i).padStart(3, '0')}`);
	names.forEach((name, i) => {
		const attributes: Record<string, string> = { given_name: `Given ${i}`, email_verified: i % 3 ? 'true' : 'false' };
		if (i % 5) attributes.email = `${name}@example.com`;
		if (i % 7 === 0) attributes['custom:department'] = 'sales';
		pool.addUser(name, attributes, i % 11 ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD');
	});
	const groups: Record<string, string[]> = {
		everyone: names,
		admins: names.slice(0, 3),
		ops: names.slice(40, 100),
		empty: [],
		sales: names.filter((_, i) => i % 7 === 0),
		'z-last': [names[149]],
	};
	for (const [group, members] of Object.entries(groups)) {
		pool.addGroup(group, { Description: `The ${group} group`, Precedence: group.length });
		for (const member of members) pool.addMember(group, member);
	}
	return pool;
}

/** A change of every kind the diff knows. */
function change(pool: FakePool): void {
	pool.setAttributes('user-001', { email: 'new@example.com', nickname: 'one' });
	pool.setAttributes('user-007', { 'custom:department': null });
	pool.setEnabled('user-003', false);
	pool.setStatus('user-004', 'RESET_REQUIRED');
	pool.setAttributes('user-005', { email_verified: 'false' });
	pool.deleteUser('user-006');
	pool.addUser('newcomer', { email: 'newcomer@example.com' });
	pool.addMember('admins', 'newcomer');
	pool.addMember('ops', 'user-010');
	pool.removeMember('everyone', 'user-020');
	pool.updateGroup('ops', { Description: 'Operations' });
	pool.deleteGroup('z-last');
	pool.addGroup('new-group', { Description: 'New' });
	pool.addMember('new-group', 'user-030');
}

let pool: FakePool;
let api: CognitoApi;

beforeEach(() => {
	pool = poolOf();
	pool.install(cognito);
	api = new CognitoApi(UNIT_CONNECTION, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
});

/** The stored state as the trigger reads it back from static data. */
const stored = async (options: ChangesOptions = {}) =>
	JSON.parse(JSON.stringify(fingerprintOf(await takeSnapshot(api, pool.id, options)))) as unknown;

describe('takeChanges', () => {
	it.each([['groups'], ['users']] as const)(
		'returns the events and next fingerprint of the whole-snapshot path (%s plan)',
		async (plan) => {
			const options: ChangesOptions = { plan, now: NOW };
			const recorded = await stored(options);
			change(pool);
			const changes = await takeChanges(api, pool.id, recorded, options);
			// The trigger's other modes read with the same recorded sizes, so with the same calls.
			const snapshot = await takeSnapshot(api, pool.id, { ...recordedSizes(recorded, pool.id), ...options });
			const expected = diffSnapshot(loadBaseline(recorded, pool.id), snapshot);

			expect(changes.hadBaseline).toBe(true);
			expect(changes.events).toEqual(expected.events);
			expect(changes.fingerprint).toEqual(expected.fingerprint);
			expect(changes.stats.counts).toEqual(snapshot.stats.counts);
			expect(changes.stats.calls).toEqual(snapshot.stats.calls);
			// Records held: the five changed users and the newcomer, not the other 144.
			const kinds = new Set(['user.created', 'user.updated', 'user.enabled', 'user.disabled']);
			const withRecords = new Set(changes.events.filter((e) => kinds.has(e.event)).map((e) => e.sub));
			expect(withRecords.size).toBe(6);
			expect(changes.recordsHeld).toBe(6);
			// The events' users carry their groups, as a snapshot's do.
			const newcomer = changes.events.find((e) => e.event === 'user.created');
			expect(newcomer?.user?.groups).toEqual(['admins']);
		},
		60_000,
	);

	it('lists the groups biggest first by their sizes in the recorded state', async () => {
		const recorded = await stored({ plan: 'groups' });
		cognito.resetHistory();
		await takeChanges(api, pool.id, recorded, { plan: 'groups', concurrency: 1, now: NOW });
		const firstCalls = cognito.commandCalls(ListUsersInGroupCommand).filter((call) => !call.args[0].input.NextToken);
		// everyone 150, ops 60, sales 22, admins 3, z-last 1; "empty" has no record, so it comes last.
		expect(firstCalls.map((call) => call.args[0].input.GroupName)).toEqual([
			'everyone',
			'ops',
			'sales',
			'admins',
			'z-last',
			'empty',
		]);
	});

	it('emits nothing and holds no record when nothing changed', async () => {
		const recorded = await stored();
		const changes = await takeChanges(api, pool.id, recorded, { now: NOW });
		expect(changes.events).toEqual([]);
		expect(changes.recordsHeld).toBe(0);
		expect(changes.fingerprint).toEqual(recorded);
	});

	it('on a first poll records the pool without events, or emits it all when asked', async () => {
		const snapshot = await takeSnapshot(api, pool.id, { now: NOW });
		const silent = await takeChanges(api, pool.id, undefined, { now: NOW });
		expect(silent).toMatchObject({ hadBaseline: false, events: [], recordsHeld: 0 });
		expect(silent.fingerprint).toEqual(fingerprintOf(snapshot));

		const all = await takeChanges(api, pool.id, { v: 99 }, { now: NOW, eventsWithoutBaseline: true });
		expect(all.hadBaseline).toBe(false);
		expect(all.events).toEqual(diffSnapshot(undefined, snapshot).events);
		expect(all.recordsHeld).toBe(150);
	});
});
