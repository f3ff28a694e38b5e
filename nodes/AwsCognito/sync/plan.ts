import { MAX_PAGE_SIZE, type CognitoOperation } from '../transport';
import type { MembershipPlan } from './types';

/** Requests needed to list `items` things 60 a page: one at least, even for none. */
export function pagesFor(items: number): number {
	return Math.max(1, Math.ceil(items / MAX_PAGE_SIZE));
}

/**
 * Which way to read memberships, from the counts known once users and groups are listed.
 *
 * The group plan costs Σ_g max(1, ceil(m_g/60)) ListUsersInGroup calls, at least one per group; the
 * user plan Σ_u max(1, ceil(g_u/60)) AdminListGroupsForUser calls, at least one per user. Member and
 * group counts per entity are unknown until the calls are made, so the lower bounds decide: the user
 * plan only when there are fewer users than groups (U < G). Ties go to the group plan, which also
 * returns each member's full record and so catches users created during the snapshot.
 */
export function chooseMembershipPlan(
	counts: { users: number; groups: number },
	forced?: 'groups' | 'users',
): 'groups' | 'users' {
	if (forced) return forced;
	return counts.users < counts.groups ? 'users' : 'groups';
}

/** The shape of a pool, as far as the cost of a snapshot depends on it. */
export interface PoolShape {
	users: number;
	groups: number;
	/** Members of each group (group plan). */
	groupSizes?: number[];
	/** Groups of each user (user plan). */
	userGroupCounts?: number[];
	/** Users on each listing chain, when users are listed on several (sub prefix) chains. */
	usersPerChain?: number[];
	plan: MembershipPlan;
}

/**
 * The exact calls a snapshot of a pool of this shape makes when nothing is retried: 1
 * DescribeUserPool + ceil(U/60) ListUsers (Σ_chains max(1, ceil(U_c/60)) on parallel chains, at most
 * one more per chain) + ceil(G/60) ListGroups + the membership plan's calls.
 */
export function expectedSnapshotCalls(shape: PoolShape): Partial<Record<CognitoOperation, number>> {
	const sumOfPages = (sizes: number[] | undefined) => (sizes ?? []).reduce((sum, n) => sum + pagesFor(n), 0);
	const calls: Partial<Record<CognitoOperation, number>> = {
		DescribeUserPool: 1,
		ListUsers: shape.usersPerChain ? sumOfPages(shape.usersPerChain) : pagesFor(shape.users),
		ListGroups: pagesFor(shape.groups),
	};
	if (shape.plan === 'groups' && shape.groups > 0) calls.ListUsersInGroup = sumOfPages(shape.groupSizes);
	if (shape.plan === 'users' && shape.users > 0) calls.AdminListGroupsForUser = sumOfPages(shape.userGroupCounts);
	return calls;
}
