import type { CognitoOperation, RetryPolicy } from '../transport';
import type { GroupRecord, UserPoolRecord, UserRecord } from './records';
import type { UserListingStats } from './userListing';

/**
 * How memberships are read:
 * - `groups`: ListUsersInGroup per group (UserList quota),
 * - `users`: AdminListGroupsForUser per user (UserResourceRead quota),
 * - `none`: memberships were not requested.
 */
export type MembershipPlan = 'groups' | 'users' | 'none';

export interface SnapshotOptions {
	/** Read which users belong to which groups (default true). */
	includeMemberships?: boolean;
	/** Add the pool's description (one DescribeUserPool call; default false). */
	includePoolDescription?: boolean;
	/** Force a membership plan instead of choosing the cheaper one (tests, benchmarks). */
	plan?: 'groups' | 'users';
	/**
	 * Chains to list users on: 1, or 16 (one per first hex digit of the sub). Default: chosen from
	 * DescribeUserPool's estimated user count and the UserList rate (see userListingChains).
	 */
	userChains?: number;
	/**
	 * Users when last read (the trigger's recorded state). When they call for the 16 user chains,
	 * the chains start at once instead of after DescribeUserPool's answer; the membership plan still
	 * follows that answer's fresh estimate. A pool that shrank since costs up to 16 calls once.
	 */
	recordedUsers?: number;
	/**
	 * Members per group when last read (the trigger's recorded state). Each group's listing is then
	 * sized at the limiter, so that the biggest, which can bound the sync's wall time, is not queued
	 * behind short ones; the biggest also start first. A group not in it is read unsized.
	 */
	groupSizes?: ReadonlyMap<string, number>;
	/** Membership listings under way at once; the transport's limiter paces and orders their calls (default 64). */
	concurrency?: number;
	/** Retry policy of the snapshot's calls; the transport's default when absent. */
	retry?: Partial<RetryPolicy>;
	/** Clock, injected by tests. */
	now?: () => Date;
}

/** A user of a snapshot: its record and, when memberships were read, its group names (sorted). */
export interface SnapshotUser extends UserRecord {
	groups?: string[];
}

/** A group of a snapshot: its record and, when memberships were read, its number of members. */
export interface SnapshotGroup extends GroupRecord {
	memberCount?: number;
}

export interface Membership {
	group: string;
	/** The member's user key (its sub; see userKey). */
	sub: string;
}

export interface SnapshotStats {
	/** When the snapshot started, ISO 8601. */
	takenAt: string;
	durationMs: number;
	/** HTTP requests per Cognito operation, retries included. */
	calls: Partial<Record<CognitoOperation, number>>;
	totalCalls: number;
	/** Throttling answers that were waited out and retried. */
	throttlesRetried: number;
	/** Retries of any kind (throttling, 5xx, dropped connections). */
	retries: number;
	plan: MembershipPlan;
	/** How users were listed: on how many chains, with how many restarts, and any fallback. */
	userListing: UserListingStats;
	counts: {
		users: number;
		groups: number;
		/** Absent when memberships were not read. */
		memberships?: number;
		/** Users created while the snapshot ran, found as group members but not in the user listing. */
		usersSeenOnlyAsMembers: number;
		/** Groups created while the snapshot ran, found in a user's groups but not in the group listing. */
		groupsSeenOnlyInMemberships: number;
		/** Users deleted while the snapshot ran, noticed by the user plan and left out of it. */
		deletedDuringSnapshot: number;
	};
}

/** One user pool at one moment: users keyed by sub, groups keyed by name, memberships as (group, sub). */
export interface PoolSnapshot {
	userPoolId: string;
	users: Map<string, SnapshotUser>;
	groups: Map<string, SnapshotGroup>;
	/** Absent when memberships were not read. */
	memberships?: Membership[];
	pool?: UserPoolRecord;
	stats: SnapshotStats;
}
