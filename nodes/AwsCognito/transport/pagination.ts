import type { CognitoApi } from './api';
import type { CognitoOperation, OperationInput, OperationOutput } from './commands';
import { listingPriority } from './limiter';
import { MAX_PAGE_SIZE } from './quotas';

export interface Page<T> {
	/**
	 * The page's items, in an array the paginator empties when the next page is asked for: a
	 * listing waiting its turn at the limiter (seconds, in a big sync) would otherwise keep the page
	 * before it alive, and V8 would promote every page of the sync to the old generation. Copy the
	 * array to keep it.
	 */
	items: T[];
	/** Token of the next page; absent on the last page. */
	nextToken?: string;
}

export interface PageOptions {
	/** Items per request, clamped to 1..60. */
	pageSize?: number;
	/** Resume from this token (list search in the editor). */
	startToken?: string;
	/**
	 * The pages this listing is expected to have (a user chain sized from the pool's estimate). It
	 * orders the listing's pages at the limiter (see pagesLeft).
	 */
	expectedPages?: number;
	/** One of several chains with slack to spare: its pages go after other listings' (see listingPriority). */
	withSlack?: boolean;
}

export function clampPageSize(size: number | undefined): number {
	if (size === undefined || !Number.isFinite(size)) return MAX_PAGE_SIZE;
	return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

/** The names of T's fields whose values (once defined) are of type V. */
type FieldsOf<T, V> = { [K in keyof T]-?: NonNullable<T[K]> extends V ? K : never }[keyof T];

/** The element type of an operation's list field. */
type ItemOf<Op extends CognitoOperation, Items extends keyof OperationOutput<Op>> =
	NonNullable<OperationOutput<Op>[Items]> extends Array<infer Item> ? Item : never;

/** Where a list operation keeps its tokens, items and page size (they differ by operation). */
export interface PaginatorSpec<
	Op extends CognitoOperation,
	InputToken extends FieldsOf<OperationInput<Op>, string>,
	OutputToken extends FieldsOf<OperationOutput<Op>, string>,
	Items extends FieldsOf<OperationOutput<Op>, unknown[]>,
	PageSize extends FieldsOf<OperationInput<Op>, number>,
> {
	operation: Op;
	/** The request field that asks for a page. */
	inputToken: InputToken;
	/** The response field holding the next page's token. */
	outputToken: OutputToken;
	/** The response field holding the page's items. */
	items: Items;
	/** The request field that sets the page size. */
	pageSize: PageSize;
}

/**
 * How many pages a listing is expected to have after this one, once it has read `pagesRead` (none
 * known before the first). Unsized, or past its estimate (a pool's estimate is approximate, a group
 * may have grown since it was counted), a listing that needed k pages so far is taken to have 2k
 * left, so that one that keeps going is not held behind sized ones.
 */
export function pagesLeft(pagesRead: number, expectedPages: number | undefined): number | undefined {
	if (pagesRead === 0) return undefined;
	const sized = expectedPages === undefined ? 0 : expectedPages - pagesRead;
	return sized >= 1 ? sized : 2 * pagesRead;
}

/**
 * A paginator for one list operation, in the shape of the AWS SDK's `createPaginator` but sending
 * through `CognitoApi.send`, so every page is rate-limited, retried and counted. The paginator takes
 * the request without its token and page size, and yields one page per call, following the token
 * until Cognito stops returning one: short and even empty pages happen mid-stream, so only the
 * token's absence ends the walk.
 */
export function createPaginator<
	Op extends CognitoOperation,
	InputToken extends FieldsOf<OperationInput<Op>, string>,
	OutputToken extends FieldsOf<OperationOutput<Op>, string>,
	Items extends FieldsOf<OperationOutput<Op>, unknown[]>,
	PageSize extends FieldsOf<OperationInput<Op>, number>,
>(spec: PaginatorSpec<Op, InputToken, OutputToken, Items, PageSize>) {
	/**
	 * One page, in an array of our own. The response is awaited here, not in the generator: a
	 * suspended generator keeps its temporaries, so one awaited there would keep the page before
	 * alive while the next one waits its turn.
	 */
	const readPage = async (api: CognitoApi, input: OperationInput<Op>, priority: number) => {
		const output = await api.send(spec.operation, input, { priority });
		const page: Page<ItemOf<Op, Items>> = {
			items: [...((output[spec.items] ?? []) as Array<ItemOf<Op, Items>>)],
			nextToken: output[spec.outputToken] as string | undefined,
		};
		return page;
	};
	return async function* paginate(
		api: CognitoApi,
		request: Omit<OperationInput<Op>, InputToken | PageSize>,
		options: PageOptions = {},
	): AsyncGenerator<Page<ItemOf<Op, Items>>> {
		const pageSize = clampPageSize(options.pageSize);
		let token = options.startToken;
		let pagesRead = 0;
		do {
			// The request plus the two fields it was given without: the whole input, which the
			// compiler cannot prove for a generic operation.
			const paging = { [spec.pageSize]: pageSize, [spec.inputToken]: token };
			const input = { ...request, ...paging } as unknown as OperationInput<Op>;
			const priority = listingPriority(pagesLeft(pagesRead, options.expectedPages), options.withSlack);
			const page = await readPage(api, input, priority);
			pagesRead++;
			yield page;
			// The consumer is done with it (it asks for the next page): what else holds the page
			// (a consumer's loop variable, say) holds no items while the next page waits its turn.
			page.items.length = 0;
			token = page.nextToken || undefined;
		} while (token);
	};
}

const listUsers = createPaginator({
	operation: 'ListUsers',
	inputToken: 'PaginationToken',
	outputToken: 'PaginationToken',
	items: 'Users',
	pageSize: 'Limit',
});
const listGroups = createPaginator({
	operation: 'ListGroups',
	inputToken: 'NextToken',
	outputToken: 'NextToken',
	items: 'Groups',
	pageSize: 'Limit',
});
const listUsersInGroup = createPaginator({
	operation: 'ListUsersInGroup',
	inputToken: 'NextToken',
	outputToken: 'NextToken',
	items: 'Users',
	pageSize: 'Limit',
});
const listGroupsForUser = createPaginator({
	operation: 'AdminListGroupsForUser',
	inputToken: 'NextToken',
	outputToken: 'NextToken',
	items: 'Groups',
	pageSize: 'Limit',
});
const listUserPools = createPaginator({
	operation: 'ListUserPools',
	inputToken: 'NextToken',
	outputToken: 'NextToken',
	items: 'UserPools',
	pageSize: 'MaxResults',
});

const listDevices = createPaginator({
	operation: 'AdminListDevices',
	inputToken: 'PaginationToken',
	outputToken: 'PaginationToken',
	items: 'Devices',
	pageSize: 'Limit',
});

/** The devices a user signed in with (pools that remember devices). */
export const paginateUserDevices = (api: CognitoApi, userPoolId: string, username: string, page?: PageOptions) =>
	listDevices(api, { UserPoolId: userPoolId, Username: username }, page);

const listAuthEvents = createPaginator({
	operation: 'AdminListUserAuthEvents',
	inputToken: 'NextToken',
	outputToken: 'NextToken',
	items: 'AuthEvents',
	pageSize: 'MaxResults',
});

/** A user's sign-in and other auth events, newest first (pools with threat protection only). */
export const paginateAuthEvents = (api: CognitoApi, userPoolId: string, username: string, page?: PageOptions) =>
	listAuthEvents(api, { UserPoolId: userPoolId, Username: username }, page);

/** Users of a pool; `filter` is a ListUsers filter expression (see buildUserFilter). */
export const paginateUsers = (
	api: CognitoApi,
	userPoolId: string,
	{ filter, ...page }: PageOptions & { filter?: string } = {},
) => listUsers(api, { UserPoolId: userPoolId, Filter: filter || undefined }, page);

export const paginateGroups = (api: CognitoApi, userPoolId: string, page?: PageOptions) =>
	listGroups(api, { UserPoolId: userPoolId }, page);

export const paginateGroupMembers = (api: CognitoApi, userPoolId: string, groupName: string, page?: PageOptions) =>
	listUsersInGroup(api, { UserPoolId: userPoolId, GroupName: groupName }, page);

export const paginateUserGroups = (api: CognitoApi, userPoolId: string, username: string, page?: PageOptions) =>
	listGroupsForUser(api, { UserPoolId: userPoolId, Username: username }, page);

export const paginateUserPools = (api: CognitoApi, page?: PageOptions) => listUserPools(api, {}, page);

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
