import type { GroupType, UserPoolDescriptionType, UserType } from '@aws-sdk/client-cognito-identity-provider';

import type { CognitoApi } from './api';
import { MAX_PAGE_SIZE } from './quotas';

export interface Page<T> {
	items: T[];
	/** Token of the next page; absent on the last page. */
	nextToken?: string;
}

export interface PageOptions {
	/** Items per request, clamped to 1..60. */
	pageSize?: number;
	/** Resume from this token (list search in the editor). */
	startToken?: string;
}

export function clampPageSize(size: number | undefined): number {
	if (size === undefined || !Number.isFinite(size)) return MAX_PAGE_SIZE;
	return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

/**
 * Follows a token until Cognito stops returning one. Short and even empty pages happen mid-stream,
 * so only the token's absence ends the walk.
 */
async function* walk<T>(
	startToken: string | undefined,
	fetchPage: (token: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<Page<T>> {
	let token = startToken;
	do {
		const page = await fetchPage(token);
		yield page;
		token = page.nextToken || undefined;
	} while (token);
}

export function paginateUsers(
	api: CognitoApi,
	userPoolId: string,
	options: PageOptions & { filter?: string } = {},
): AsyncGenerator<Page<UserType>> {
	const Limit = clampPageSize(options.pageSize);
	return walk(options.startToken, async (PaginationToken) => {
		const out = await api.send('ListUsers', {
			UserPoolId: userPoolId,
			Limit,
			PaginationToken,
			Filter: options.filter || undefined,
		});
		return { items: out.Users ?? [], nextToken: out.PaginationToken };
	});
}

export function paginateGroups(
	api: CognitoApi,
	userPoolId: string,
	options: PageOptions = {},
): AsyncGenerator<Page<GroupType>> {
	const Limit = clampPageSize(options.pageSize);
	return walk(options.startToken, async (NextToken) => {
		const out = await api.send('ListGroups', { UserPoolId: userPoolId, Limit, NextToken });
		return { items: out.Groups ?? [], nextToken: out.NextToken };
	});
}

export function paginateGroupMembers(
	api: CognitoApi,
	userPoolId: string,
	groupName: string,
	options: PageOptions = {},
): AsyncGenerator<Page<UserType>> {
	const Limit = clampPageSize(options.pageSize);
	return walk(options.startToken, async (NextToken) => {
		const out = await api.send('ListUsersInGroup', {
			UserPoolId: userPoolId,
			GroupName: groupName,
			Limit,
			NextToken,
		});
		return { items: out.Users ?? [], nextToken: out.NextToken };
	});
}

export function paginateUserGroups(
	api: CognitoApi,
	userPoolId: string,
	username: string,
	options: PageOptions = {},
): AsyncGenerator<Page<GroupType>> {
	const Limit = clampPageSize(options.pageSize);
	return walk(options.startToken, async (NextToken) => {
		const out = await api.send('AdminListGroupsForUser', {
			UserPoolId: userPoolId,
			Username: username,
			Limit,
			NextToken,
		});
		return { items: out.Groups ?? [], nextToken: out.NextToken };
	});
}

export function paginateUserPools(
	api: CognitoApi,
	options: PageOptions = {},
): AsyncGenerator<Page<UserPoolDescriptionType>> {
	const MaxResults = clampPageSize(options.pageSize);
	return walk(options.startToken, async (NextToken) => {
		const out = await api.send('ListUserPools', { MaxResults, NextToken });
		return { items: out.UserPools ?? [], nextToken: out.NextToken };
	});
}

/**
 * Items of every page, or of as many pages as needed for `limit` items. Pages are requested
 * one at a time, so a limit never costs more calls than it needs.
 */
export async function collect<T>(pages: AsyncIterable<Page<T>>, limit?: number): Promise<T[]> {
	const items: T[] = [];
	for await (const page of pages) {
		for (const item of page.items) {
			if (limit !== undefined && items.length >= limit) return items;
			items.push(item);
		}
		if (limit !== undefined && items.length >= limit) return items;
	}
	return items;
}
