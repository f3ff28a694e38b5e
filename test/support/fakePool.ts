/**
 * An in-memory Cognito user pool for unit tests of the sync engine and the trigger: it answers the
 * listing commands through aws-sdk-client-mock with real pagination (Limit, tokens), can be changed
 * between polls, and builds the snapshot the engine should produce as independent ground truth.
 */
import { createHash } from 'crypto';

import {
	AdminListGroupsForUserCommand,
	DescribeUserPoolCommand,
	ListGroupsCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
	type CognitoIdentityProviderClient,
	type GroupType,
	type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AwsClientStub } from 'aws-sdk-client-mock';

import {
	toGroupRecord,
	toUserRecord,
	userKey,
	type Membership,
	type PoolSnapshot,
	type SnapshotGroup,
	type SnapshotStats,
	type SnapshotUser,
} from '../../nodes/AwsCognito/sync';

export const FAKE_POOL_ID = 'eu-west-1_FakePool1';

/** A deterministic version-4 UUID derived from a seed. */
export function subFor(seed: string): string {
	const hex = createHash('sha256').update(seed).digest('hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type ListingOperation =
	| 'ListUsers'
	| 'ListGroups'
	| 'ListUsersInGroup'
	| 'AdminListGroupsForUser'
	| 'DescribeUserPool';

/**
 * Called before each answer: may change the pool (a concurrent admin), throw (a failing call), or
 * return a promise that the answer waits for (a slow endpoint).
 */
export type CallHook = (operation: ListingOperation, input: Record<string, unknown>) => void | Promise<void>;

const CREATED = new Date('2024-01-01T00:00:00.000Z');

export const ZERO_STATS: SnapshotStats = {
	takenAt: '2024-06-01T00:00:00.000Z',
	durationMs: 0,
	calls: {},
	totalCalls: 0,
	throttlesRetried: 0,
	retries: 0,
	plan: 'groups',
	userListing: { chains: 1, restarts: 0 },
	counts: { users: 0, groups: 0, usersSeenOnlyAsMembers: 0, groupsSeenOnlyInMemberships: 0, deletedDuringSnapshot: 0 },
};

/**
 * A copy, as the SDK would deserialize it: new arrays, objects and Dates. (Not structuredClone:
 * its Dates come from outside jest's sandbox and fail `instanceof Date` inside it.)
 */
function copy<T>(value: T): T {
	if (value instanceof Date) return new Date(value.getTime()) as T;
	if (Array.isArray(value)) return value.map(copy) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T;
	}
	return value;
}

function page<T>(items: T[], input: { Limit?: number }, token: unknown): { items: T[]; next?: string } {
	const offset = typeof token === 'string' ? Number(token) : 0;
	const limit = input.Limit ?? 60;
	const next = offset + limit < items.length ? String(offset + limit) : undefined;
	return { items: copy(items.slice(offset, offset + limit)), next };
}

/** The `sub = "…"` and `sub ^= "…"` filters, as Cognito reads them; other filters are not applied. */
function subFilter(filter: string | undefined): (user: UserType) => boolean {
	const match = /^sub (\^?=) "([0-9a-f-]*)"$/.exec(filter ?? '');
	if (!match) return () => true;
	const [, operator, value] = match;
	return (user) => {
		const sub = user.Attributes?.find((a) => a.Name === 'sub')?.Value ?? '';
		return operator === '=' ? sub === value : sub.startsWith(value);
	};
}

function awsError(name: string, message: string): Error {
	return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

export class FakePool {
	readonly users = new Map<string, UserType>();
	readonly groups = new Map<string, GroupType>();
	/** Group name → usernames. */
	readonly members = new Map<string, Set<string>>();
	hook?: CallHook;
	/** False: ListUsers ignores `sub` filters, as an emulator without them might. */
	honoursSubFilter = true;
	private clock = CREATED.getTime();

	constructor(readonly id = FAKE_POOL_ID) {}

	private tick(): Date {
		this.clock += 60_000;
		return new Date(this.clock);
	}

	private user(username: string): UserType {
		const user = this.users.get(username);
		if (!user) throw new Error(`fake pool: no user ${username}`);
		return user;
	}

	addUser(username: string, attributes: Record<string, string> = {}, status = 'CONFIRMED'): UserType {
		const when = this.tick();
		const all = { sub: subFor(username), ...attributes };
		const user: UserType = {
			Username: username,
			Attributes: Object.entries(all).map(([Name, Value]) => ({ Name, Value })),
			Enabled: true,
			UserStatus: status as UserType['UserStatus'],
			UserCreateDate: when,
			UserLastModifiedDate: when,
		};
		this.users.set(username, user);
		return user;
	}

	deleteUser(username: string): void {
		this.users.delete(username);
		for (const members of this.members.values()) members.delete(username);
	}

	/** Sets attributes; null removes one. Bumps the last-modified date and updated_at like Cognito. */
	setAttributes(username: string, changes: Record<string, string | null>): void {
		const user = this.user(username);
		const record = Object.fromEntries((user.Attributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
		for (const [name, value] of Object.entries(changes)) {
			if (value === null) delete record[name];
			else record[name] = value;
		}
		const when = this.tick();
		if ('updated_at' in record) record.updated_at = String(Math.floor(when.getTime() / 1000));
		user.Attributes = Object.entries(record).map(([Name, Value]) => ({ Name, Value }));
		user.UserLastModifiedDate = when;
	}

	setEnabled(username: string, enabled: boolean): void {
		const user = this.user(username);
		user.Enabled = enabled;
		user.UserLastModifiedDate = this.tick();
	}

	setStatus(username: string, status: string): void {
		const user = this.user(username);
		user.UserStatus = status as UserType['UserStatus'];
		user.UserLastModifiedDate = this.tick();
	}

	addGroup(name: string, fields: Partial<Pick<GroupType, 'Description' | 'Precedence' | 'RoleArn'>> = {}): void {
		const when = this.tick();
		this.groups.set(name, {
			GroupName: name,
			UserPoolId: this.id,
			...fields,
			CreationDate: when,
			LastModifiedDate: when,
		});
		this.members.set(name, new Set());
	}

	updateGroup(name: string, fields: Partial<Pick<GroupType, 'Description' | 'Precedence' | 'RoleArn'>>): void {
		const group = this.groups.get(name);
		if (!group) throw new Error(`fake pool: no group ${name}`);
		Object.assign(group, fields, { LastModifiedDate: this.tick() });
	}

	deleteGroup(name: string): void {
		this.groups.delete(name);
		this.members.delete(name);
	}

	addMember(group: string, username: string): void {
		this.user(username);
		const members = this.members.get(group);
		if (!members) throw new Error(`fake pool: no group ${group}`);
		members.add(username);
	}

	removeMember(group: string, username: string): void {
		this.members.get(group)?.delete(username);
	}

	/** The user's key in snapshots: its sub, or `username:<name>` when it has none. */
	keyOf(username: string): string {
		return userKey(toUserRecord(this.user(username)));
	}

	subOf(username: string): string {
		const sub = this.user(username).Attributes?.find((a) => a.Name === 'sub')?.Value;
		if (!sub) throw new Error(`fake pool: ${username} has no sub`);
		return sub;
	}

	groupsOf(username: string): string[] {
		return [...this.members].filter(([, members]) => members.has(username)).map(([name]) => name);
	}

	/** The snapshot a correct engine produces of this pool (stats are the caller's). */
	expectedSnapshot(stats: SnapshotStats = ZERO_STATS, withMemberships = true): PoolSnapshot {
		const order = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : 1);
		const groupNames = [...this.groups.keys()].sort();
		const users = new Map<string, SnapshotUser>(
			[...this.users.values()]
				.map((raw): [string, SnapshotUser] => {
					const user: SnapshotUser = toUserRecord(raw);
					if (withMemberships) user.groups = groupNames.filter((g) => this.members.get(g)?.has(raw.Username ?? ''));
					return [userKey(user), user];
				})
				.sort(order),
		);
		const groups = new Map<string, SnapshotGroup>(
			groupNames.map((name): [string, SnapshotGroup] => {
				const group: SnapshotGroup = toGroupRecord(this.groups.get(name) as GroupType);
				if (withMemberships) group.memberCount = this.members.get(name)?.size ?? 0;
				return [name, group];
			}),
		);
		const memberships: Membership[] = groupNames.flatMap((group) =>
			[...(this.members.get(group) ?? [])]
				.map((username) => ({ group, sub: this.keyOf(username) }))
				.sort((a, b) => (a.sub < b.sub ? -1 : 1)),
		);
		return { userPoolId: this.id, users, groups, memberships: withMemberships ? memberships : undefined, stats };
	}

	/** Answers the listing commands of `cognito` from this pool. */
	install(cognito: AwsClientStub<CognitoIdentityProviderClient>): void {
		const call = async (operation: ListingOperation, input: object) =>
			await this.hook?.(operation, input as Record<string, unknown>);
		const checkPool = (input: { UserPoolId?: string }) => {
			if (input.UserPoolId !== this.id)
				throw awsError('ResourceNotFoundException', `User pool ${input.UserPoolId} does not exist.`);
		};
		cognito.on(ListUsersCommand).callsFake(async (input) => {
			await call('ListUsers', input);
			checkPool(input);
			const listed = [...this.users.values()].filter(subFilter(this.honoursSubFilter ? input.Filter : undefined));
			const { items, next } = page(listed, input, input.PaginationToken);
			return { Users: items, PaginationToken: next };
		});
		cognito.on(ListGroupsCommand).callsFake(async (input) => {
			await call('ListGroups', input);
			checkPool(input);
			const { items, next } = page([...this.groups.values()], input, input.NextToken);
			return { Groups: items, NextToken: next };
		});
		cognito.on(ListUsersInGroupCommand).callsFake(async (input) => {
			await call('ListUsersInGroup', input);
			checkPool(input);
			const members = this.members.get(input.GroupName ?? '');
			if (!members) throw awsError('ResourceNotFoundException', 'Group not found.');
			const { items, next } = page(
				[...members].map((username) => this.user(username)),
				input,
				input.NextToken,
			);
			return { Users: items, NextToken: next };
		});
		cognito.on(AdminListGroupsForUserCommand).callsFake(async (input) => {
			await call('AdminListGroupsForUser', input);
			checkPool(input);
			if (!this.users.has(input.Username ?? '')) throw awsError('UserNotFoundException', 'User does not exist.');
			const groups = this.groupsOf(input.Username ?? '').map((name) => this.groups.get(name) as GroupType);
			const { items, next } = page(groups, input, input.NextToken);
			return { Groups: items, NextToken: next };
		});
		cognito.on(DescribeUserPoolCommand).callsFake(async (input) => {
			await call('DescribeUserPool', input);
			checkPool(input);
			return {
				UserPool: {
					Id: this.id,
					Name: 'fake',
					UserPoolTier: 'ESSENTIALS',
					SchemaAttributes: [],
					EstimatedNumberOfUsers: this.users.size,
				},
			};
		});
	}
}
