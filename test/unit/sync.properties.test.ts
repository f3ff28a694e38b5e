/**
 * Properties of snapshot → fingerprint → diff over random pools and random change sets: applying
 * the events the trigger emits to the old state gives the new state exactly, in the order they
 * come, with no event twice; and a pool that did not change emits nothing.
 */
import fc from 'fast-check';

import {
	diffSnapshot,
	fingerprintOf,
	loadBaseline,
	type ChangeEvent,
	type PoolSnapshot,
	type SnapshotStats,
} from '../../nodes/AwsCognito/sync';
import { FakePool, ZERO_STATS } from '../support/fakePool';

interface UserModel {
	attributes: Record<string, string>;
	enabled: boolean;
	status: string;
}
interface GroupModel {
	Description?: string;
	Precedence?: number;
	RoleArn?: string;
}
/** A pool as the test draws it: users by username, groups by name, memberships as `group|username`. */
interface PoolModel {
	users: Map<string, UserModel>;
	groups: Map<string, GroupModel>;
	members: Set<string>;
}

const ATTRIBUTE_NAMES = ['email', 'email_verified', 'given_name', 'family_name', 'custom:department', 'nickname'];
const STATUSES = ['CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED', 'EXTERNAL_PROVIDER'];
/** Values that a hash can and cannot be checked against ("true", "false" are recovered as `before`). */
const attributeValue = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('true', 'false', 'Sales', '"q"'));

const attributes = fc
	.subarray(ATTRIBUTE_NAMES)
	.chain((names) =>
		fc
			.tuple(...names.map((name) => (name === 'email_verified' ? fc.constantFrom('true', 'false') : attributeValue)))
			.map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]]))),
	);
const user = fc.record({ attributes, enabled: fc.boolean(), status: fc.constantFrom(...STATUSES) });
const group = fc.record(
	{
		Description: fc.string({ maxLength: 6 }),
		Precedence: fc.nat({ max: 20 }),
		RoleArn: fc.constantFrom('arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'),
	},
	{ requiredKeys: [] },
);

/** Whether `pair` is a member, from a seed: a reproducible random subset of all pairs. */
function drawn(seed: number, pair: string, oneIn: number): boolean {
	let h = seed | 0;
	for (let i = 0; i < pair.length; i++) h = Math.imul(h ^ pair.charCodeAt(i), 0x9e3779b1);
	return (h >>> 0) % oneIn === 0;
}

const pool = fc
	.record({
		users: fc.array(user, { maxLength: 25 }),
		groups: fc.array(group, { maxLength: 6 }),
		memberSeed: fc.integer(),
	})
	.map(({ users, groups, memberSeed }): PoolModel => {
		const model: PoolModel = {
			users: new Map(users.map((u, i) => [`user${i}`, u])),
			groups: new Map(groups.map((g, i) => [`group${i}`, g])),
			members: new Set(),
		};
		for (const g of model.groups.keys())
			for (const u of model.users.keys()) if (drawn(memberSeed, `${g}|${u}`, 3)) model.members.add(`${g}|${u}`);
		return model;
	});

/** What may happen to a user or group between two polls. */
const fate = fc.constantFrom('keep', 'keep', 'change', 'delete' as const);
const changes = fc.record({
	userFates: fc.array(fate, { minLength: 25, maxLength: 25 }),
	userChanges: fc.array(
		fc.record({ attributes, enabled: fc.boolean(), status: fc.constantFrom(...STATUSES), keepSome: fc.boolean() }),
		{ minLength: 25, maxLength: 25 },
	),
	newUsers: fc.array(user, { maxLength: 5 }),
	groupFates: fc.array(fate, { minLength: 6, maxLength: 6 }),
	groupChanges: fc.array(group, { minLength: 6, maxLength: 6 }),
	newGroups: fc.array(group, { maxLength: 3 }),
	flipSeed: fc.integer(),
});

/** The pool after the changes: users and groups kept, changed, deleted or new; memberships flipped at random. */
function applyChanges(before: PoolModel, c: ChangeSet): PoolModel {
	const after: PoolModel = { users: new Map(), groups: new Map(), members: new Set() };
	[...before.users].forEach(([name, u], i) => {
		const fateOf = c.userFates[i];
		if (fateOf === 'delete') return;
		if (fateOf === 'keep') return void after.users.set(name, u);
		const change = c.userChanges[i];
		// Change some attributes, or replace them all (added, changed and removed ones).
		const attrs = change.keepSome ? { ...u.attributes, ...change.attributes } : change.attributes;
		after.users.set(name, { attributes: attrs, enabled: change.enabled, status: change.status });
	});
	c.newUsers.forEach((u, i) => after.users.set(`new-user${i}`, u));
	[...before.groups].forEach(([name, g], i) => {
		const fateOf = c.groupFates[i];
		if (fateOf !== 'delete') after.groups.set(name, fateOf === 'keep' ? g : c.groupChanges[i]);
	});
	c.newGroups.forEach((g, i) => after.groups.set(`new-group${i}`, g));
	for (const g of after.groups.keys()) {
		for (const u of after.users.keys()) {
			const pair = `${g}|${u}`;
			if (before.members.has(pair) !== drawn(c.flipSeed, pair, 5)) after.members.add(pair);
		}
	}
	return after;
}
type ChangeSet = typeof changes extends fc.Arbitrary<infer T> ? T : never;

function fakePoolOf(model: PoolModel): FakePool {
	const fake = new FakePool();
	for (const [name, u] of model.users) {
		fake.addUser(name, u.attributes, u.status);
		if (!u.enabled) fake.setEnabled(name, false);
	}
	for (const [name, g] of model.groups) fake.addGroup(name, g);
	for (const pair of model.members) {
		const [g, u] = pair.split('|');
		fake.addMember(g, u);
	}
	return fake;
}

/** What the trigger tracks, keyed as events name things: users by sub, groups by name, memberships as `group|sub`. */
interface Tracked {
	users: Map<string, { enabled: boolean; status?: string; attributes: Record<string, string> }>;
	groups: Map<string, { description?: string; precedence?: number; roleArn?: string }>;
	members: Set<string>;
}

const UNTRACKED = new Set(['sub', 'updated_at']);

function tracked(snapshot: PoolSnapshot): Tracked {
	const users = new Map<string, { enabled: boolean; status?: string; attributes: Record<string, string> }>();
	for (const [key, u] of snapshot.users) {
		const attrs = Object.fromEntries(Object.entries(u.attributes).filter(([name]) => !UNTRACKED.has(name)));
		users.set(key, { enabled: u.enabled, status: u.status, attributes: attrs });
	}
	const groups = new Map<string, { description?: string; precedence?: number; roleArn?: string }>();
	for (const [name, g] of snapshot.groups) {
		groups.set(name, withoutUndefined({ description: g.description, precedence: g.precedence, roleArn: g.roleArn }));
	}
	return { users, groups, members: new Set((snapshot.memberships ?? []).map((m) => `${m.group}|${m.sub}`)) };
}

function withoutUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function copyOf(state: Tracked): Tracked {
	return {
		users: new Map([...state.users].map(([k, u]) => [k, { ...u, attributes: { ...u.attributes } }])),
		groups: new Map([...state.groups].map(([k, g]) => [k, { ...g }])),
		members: new Set(state.members),
	};
}

/** Applies one event as a downstream copy would, refusing one that does not fit the state at that point. */
function apply(state: Tracked, event: ChangeEvent): void {
	const sub = event.sub ?? '';
	const fail = (why: string) => {
		throw new Error(`${event.event} ${sub || event.group}: ${why}`);
	};
	switch (event.event) {
		case 'user.created': {
			if (state.users.has(sub)) fail('already exists');
			const u = event.user;
			if (!u) return fail('no user');
			const attrs = Object.fromEntries(Object.entries(u.attributes).filter(([name]) => !UNTRACKED.has(name)));
			state.users.set(sub, { enabled: u.enabled, status: u.status, attributes: attrs });
			return;
		}
		case 'user.deleted':
			if (!state.users.delete(sub)) fail('does not exist');
			if ([...state.members].some((pair) => pair.endsWith(`|${sub}`))) fail('still a member');
			return;
		case 'user.updated': {
			const u = state.users.get(sub) ?? fail('does not exist');
			for (const [field, { after }] of Object.entries(event.changes ?? {})) {
				if (field === 'status') u.status = after as string;
				else if (field === 'email_verified') {
					if (after === null) delete u.attributes.email_verified;
					else u.attributes.email_verified = String(after);
				} else if (after === null) delete u.attributes[field];
				else u.attributes[field] = after as string;
			}
			return;
		}
		case 'user.enabled':
		case 'user.disabled': {
			const u = state.users.get(sub) ?? fail('does not exist');
			u.enabled = event.event === 'user.enabled';
			return;
		}
		case 'group.created':
			if (state.groups.has(event.group ?? '')) fail('already exists');
			state.groups.set(event.group ?? '', {});
			// A new group's fields come with it, as group.updated's would.
			Object.assign(
				state.groups.get(event.group ?? '') ?? {},
				withoutUndefined({
					description: event.groupDetails?.description,
					precedence: event.groupDetails?.precedence,
					roleArn: event.groupDetails?.roleArn,
				}),
			);
			return;
		case 'group.updated': {
			const g = state.groups.get(event.group ?? '') ?? fail('does not exist');
			for (const [field, { after }] of Object.entries(event.changes ?? {})) {
				const key = field as 'description' | 'precedence' | 'roleArn';
				if (after === null) delete g[key];
				else Object.assign(g, { [key]: after });
			}
			return;
		}
		case 'group.deleted':
			if (!state.groups.delete(event.group ?? '')) fail('does not exist');
			if ([...state.members].some((pair) => pair.startsWith(`${event.group}|`))) fail('still has members');
			return;
		case 'membership.added':
			if (!state.users.has(sub) || !state.groups.has(event.group ?? '')) fail('user or group missing');
			if (state.members.has(`${event.group}|${sub}`)) fail('already a member');
			state.members.add(`${event.group}|${sub}`);
			return;
		case 'membership.removed':
			if (!state.members.delete(`${event.group}|${sub}`)) fail('not a member');
			return;
	}
}

const statsAt = (takenAt: string): SnapshotStats => ({ ...ZERO_STATS, takenAt });
const eventKey = (e: ChangeEvent) => `${e.event}|${e.sub ?? e.username ?? ''}|${e.group ?? ''}`;

/** The recorded baseline as the trigger reads it back from static data (JSON). */
function recorded(snapshot: PoolSnapshot) {
	const baseline = loadBaseline(JSON.parse(JSON.stringify(fingerprintOf(snapshot))), snapshot.userPoolId);
	if (!baseline) throw new Error('the fingerprint did not load');
	return baseline;
}

describe('snapshot → fingerprint → diff properties', () => {
	it('the events turn the old state into the new one exactly, each event once', () => {
		fc.assert(
			fc.property(pool, changes, (before, changeSet) => {
				const old = fakePoolOf(before).expectedSnapshot(statsAt('2024-06-01T00:00:00.000Z'));
				const now = fakePoolOf(applyChanges(before, changeSet)).expectedSnapshot(statsAt('2024-06-01T00:05:00.000Z'));
				const { events, fingerprint } = diffSnapshot(recorded(old), now);

				const state = copyOf(tracked(old));
				for (const event of events) apply(state, event);
				expect(state).toEqual(tracked(now));
				expect(new Set(events.map(eventKey)).size).toBe(events.length);
				expect(fingerprint).toEqual(fingerprintOf(now));
				// The next poll of the unchanged pool emits nothing.
				expect(diffSnapshot(recorded(now), now).events).toEqual([]);
			}),
			{ numRuns: 200 },
		);
	});

	it('from no baseline, the events build the whole pool', () => {
		fc.assert(
			fc.property(pool, (model) => {
				const snapshot = fakePoolOf(model).expectedSnapshot();
				const state: Tracked = { users: new Map(), groups: new Map(), members: new Set() };
				for (const event of diffSnapshot(undefined, snapshot).events) apply(state, event);
				expect(state).toEqual(tracked(snapshot));
			}),
			{ numRuns: 100 },
		);
	});
});
