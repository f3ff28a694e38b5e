import {
	diffSnapshot,
	fingerprintOf,
	loadBaseline,
	type ChangeEvent,
	type PoolState,
	type SnapshotStats,
} from '../../nodes/AwsCognito/sync';
import { FakePool, ZERO_STATS } from '../support/fakePool';

const statsAt = (takenAt: string): SnapshotStats => ({ ...ZERO_STATS, takenAt });
const T1 = '2024-06-01T00:00:00.000Z';
const T2 = '2024-06-01T00:05:00.000Z';

/** The baseline a trigger would read back from static data after recording `pool`. */
function recorded(pool: FakePool, withMemberships = true): PoolState {
	const fingerprint = fingerprintOf(pool.expectedSnapshot(statsAt(T1), withMemberships));
	const baseline = loadBaseline(JSON.parse(JSON.stringify(fingerprint)), pool.id);
	if (!baseline) throw new Error('fingerprint did not load');
	return baseline;
}

function changesSince(baseline: PoolState, pool: FakePool, withMemberships = true): ChangeEvent[] {
	return diffSnapshot(baseline, pool.expectedSnapshot(statsAt(T2), withMemberships)).events;
}

function basePool(): FakePool {
	const pool = new FakePool();
	pool.addUser('alice', {
		email: 'alice@example.com',
		email_verified: 'true',
		given_name: 'Alice',
		family_name: 'Liddell',
	});
	pool.addUser('bob', {
		email: 'bob@example.com',
		email_verified: 'false',
		given_name: 'Bob',
		phone_number_verified: 'false',
	});
	pool.addUser('carol', { email: 'carol@example.com', 'custom:department': 'sales', updated_at: '1700000000' });
	pool.addGroup('admins', { Description: 'Administrators', Precedence: 1 });
	pool.addGroup('staff');
	pool.addMember('admins', 'alice');
	pool.addMember('staff', 'alice');
	pool.addMember('staff', 'bob');
	return pool;
}

describe('diffSnapshot', () => {
	it('finds nothing when nothing changed, and returns the same fingerprint', () => {
		const pool = basePool();
		const baseline = recorded(pool);
		const { events, fingerprint } = diffSnapshot(baseline, pool.expectedSnapshot(statsAt(T2)));
		expect(events).toEqual([]);
		expect(fingerprint).toEqual(fingerprintOf(pool.expectedSnapshot(statsAt(T1))));
	});

	it('reports a created user with its data and groups, and its memberships as added', () => {
		const pool = basePool();
		const baseline = recorded(pool);
		pool.addUser('dave', { email: 'dave@example.com' });
		pool.addMember('staff', 'dave');
		const events = changesSince(baseline, pool);
		const sub = pool.subOf('dave');
		expect(events).toEqual([
			{
				event: 'user.created',
				sub,
				username: 'dave',
				user: expect.objectContaining({
					username: 'dave',
					email: 'dave@example.com',
					groups: ['staff'],
					enabled: true,
				}),
				detectedAt: T2,
			},
			{ event: 'membership.added', group: 'staff', sub, username: 'dave', detectedAt: T2 },
		]);
	});

	it('reports a deleted user by sub, and its memberships as removed', () => {
		const pool = basePool();
		const baseline = recorded(pool);
		const sub = pool.subOf('alice');
		pool.deleteUser('alice');
		expect(changesSince(baseline, pool)).toEqual([
			{ event: 'membership.removed', group: 'admins', sub, detectedAt: T2 },
			{ event: 'membership.removed', group: 'staff', sub, detectedAt: T2 },
			{ event: 'user.deleted', sub, detectedAt: T2 },
		]);
	});

	it('reports disabling and enabling as their own events, not as updates', () => {
		const pool = basePool();
		pool.setEnabled('bob', false);
		const baseline = recorded(pool);
		pool.setEnabled('alice', false);
		pool.setEnabled('bob', true);
		const events = changesSince(baseline, pool);
		expect(events.map((e) => [e.event, e.username]).sort()).toEqual([
			['user.disabled', 'alice'],
			['user.enabled', 'bob'],
		]);
		expect(events.find((e) => e.username === 'alice')).toMatchObject({
			sub: pool.subOf('alice'),
			user: { enabled: false },
			detectedAt: T2,
		});
		expect(events.every((e) => e.changes === undefined)).toBe(true);
	});

	it('reports changed attributes with after values, and before where the fingerprint knows it', () => {
		const pool = basePool();
		const baseline = recorded(pool);
		pool.setAttributes('alice', { email: 'alice@wonderland.example', family_name: null, nickname: 'Al' });
		pool.setAttributes('bob', { email_verified: 'true', phone_number_verified: 'true' });
		pool.setStatus('bob', 'RESET_REQUIRED');
		// updated_at and the last-modified date change with every update: never reported as changes.
		pool.setAttributes('carol', { 'custom:department': 'support' });
		// Events of one kind come in sub order; sort by username to compare.
		const events = changesSince(baseline, pool).sort((a, b) => String(a.username).localeCompare(String(b.username)));
		expect(events).toEqual([
			expect.objectContaining({ event: 'user.updated', username: 'alice', sub: pool.subOf('alice') }),
			expect.objectContaining({ event: 'user.updated', username: 'bob' }),
			expect.objectContaining({ event: 'user.updated', username: 'carol' }),
		]);
		const byUser = Object.fromEntries(events.map((e) => [e.username, e.changes]));
		expect(byUser.alice).toEqual({
			email: { after: 'alice@wonderland.example' },
			family_name: { after: null },
			nickname: { before: null, after: 'Al' },
		});
		expect(byUser.bob).toEqual({
			status: { before: 'CONFIRMED', after: 'RESET_REQUIRED' },
			email_verified: { before: false, after: true },
			phone_number_verified: { before: 'false', after: 'true' },
		});
		expect(byUser.carol).toEqual({ 'custom:department': { after: 'support' } });
		expect(events[0].user).toMatchObject({ email: 'alice@wonderland.example', groups: ['admins', 'staff'] });
	});

	it('reports an updated user and its toggle both when both happened', () => {
		const pool = basePool();
		const baseline = recorded(pool);
		pool.setEnabled('carol', false);
		pool.setAttributes('carol', { email: 'c@example.com' });
		expect(changesSince(baseline, pool).map((e) => e.event)).toEqual(['user.updated', 'user.disabled']);
	});

	it('reports created, updated and deleted groups, with field changes', () => {
		const pool = basePool();
		pool.addGroup('old');
		pool.addGroup('ops', { Description: 'Operations', RoleArn: 'arn:aws:iam::123456789012:role/ops' });
		const baseline = recorded(pool);
		pool.addGroup('new', { Description: 'Fresh' });
		pool.deleteGroup('old');
		pool.updateGroup('admins', { Description: 'Admins', Precedence: 0 });
		pool.updateGroup('staff', { Description: 'Everyone' });
		pool.updateGroup('ops', { RoleArn: undefined });
		const events = changesSince(baseline, pool);
		expect(events).toEqual([
			{
				event: 'group.created',
				group: 'new',
				groupDetails: expect.objectContaining({ groupName: 'new', description: 'Fresh', memberCount: 0 }),
				detectedAt: T2,
			},
			{
				event: 'group.updated',
				group: 'admins',
				changes: { description: { after: 'Admins' }, precedence: { before: 1, after: 0 } },
				groupDetails: expect.objectContaining({ groupName: 'admins', memberCount: 1 }),
				detectedAt: T2,
			},
			{
				event: 'group.updated',
				group: 'ops',
				changes: { roleArn: { after: null } },
				groupDetails: expect.objectContaining({ groupName: 'ops' }),
				detectedAt: T2,
			},
			{
				event: 'group.updated',
				group: 'staff',
				changes: { description: { before: null, after: 'Everyone' } },
				groupDetails: expect.objectContaining({ groupName: 'staff', memberCount: 2 }),
				detectedAt: T2,
			},
			{ event: 'group.deleted', group: 'old', detectedAt: T2 },
		]);
	});

	it("reports added and removed memberships, and a deleted group's memberships as removed", () => {
		const pool = basePool();
		const baseline = recorded(pool);
		pool.addMember('admins', 'bob');
		pool.removeMember('staff', 'alice');
		pool.deleteGroup('admins');
		const events = changesSince(baseline, pool);
		expect(events).toEqual([
			{ event: 'membership.removed', group: 'admins', sub: pool.subOf('alice'), username: 'alice', detectedAt: T2 },
			{ event: 'membership.removed', group: 'staff', sub: pool.subOf('alice'), username: 'alice', detectedAt: T2 },
			{ event: 'group.deleted', group: 'admins', detectedAt: T2 },
		]);

		const again = basePool();
		const before = recorded(again);
		again.addMember('admins', 'bob');
		again.addMember('admins', 'carol');
		const bySub = ['bob', 'carol'].sort((a, b) => (again.subOf(a) < again.subOf(b) ? -1 : 1));
		expect(changesSince(before, again).map((e) => [e.event, e.group, e.username])).toEqual(
			bySub.map((name) => ['membership.added', 'admins', name]),
		);
	});

	it('emits no membership events when either side was read without memberships', () => {
		const pool = basePool();
		const withoutMembers = recorded(pool, false);
		pool.addMember('admins', 'carol');
		expect(changesSince(withoutMembers, pool)).toEqual([]);
		const withMembers = recorded(pool, true);
		pool.removeMember('admins', 'carol');
		expect(changesSince(withMembers, pool, false)).toEqual([]);
	});

	it('without a baseline, reports everything as created, in an order a copy can apply', () => {
		const pool = basePool();
		const events = diffSnapshot(undefined, pool.expectedSnapshot(statsAt(T1))).events;
		expect(events.map((e) => `${e.event} ${e.group ?? ''}${e.username ?? ''}`)).toEqual([
			'group.created admins',
			'group.created staff',
			...[...pool.expectedSnapshot(statsAt(T1)).users.values()].map((u) => `user.created ${u.username}`),
			'membership.added admins' + 'alice',
			...['alice', 'bob']
				.map((name) => ({ name, sub: pool.subOf(name) }))
				.sort((a, b) => (a.sub < b.sub ? -1 : 1))
				.map(({ name }) => `membership.added staff${name}`),
		]);
	});

	it('puts events of one poll in the documented order', () => {
		const pool = basePool();
		pool.addGroup('doomed');
		const baseline = recorded(pool);
		pool.deleteGroup('doomed');
		pool.deleteUser('carol');
		pool.removeMember('staff', 'bob');
		pool.addMember('admins', 'bob');
		pool.updateGroup('staff', { Precedence: 5 });
		pool.setEnabled('bob', false);
		pool.setAttributes('alice', { given_name: 'Ali' });
		pool.addUser('erin');
		pool.addGroup('fresh');
		expect(changesSince(baseline, pool).map((e) => e.event)).toEqual([
			'group.created',
			'user.created',
			'user.updated',
			'user.disabled',
			'group.updated',
			'membership.added',
			'membership.removed',
			'user.deleted',
			'group.deleted',
		]);
	});

	it('names a user without a sub by username', () => {
		const pool = new FakePool();
		const raw = pool.addUser('nosub');
		raw.Attributes = [];
		const baseline = recorded(pool);
		pool.deleteUser('nosub');
		expect(changesSince(baseline, pool)).toEqual([{ event: 'user.deleted', username: 'nosub', detectedAt: T2 }]);
	});
});
