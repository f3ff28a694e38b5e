import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { createCognitoApi, type AwsCognitoCredentials } from '../credentials';
import { toNodeError } from '../nodeErrors';
import { readUserPoolIdForSearch } from '../parameters';
import {
	buildUserFilter,
	paginateGroups,
	paginateUserPools,
	paginateUsers,
	type CognitoApi,
	type Page,
} from '../transport';
import { simplifyUser } from '../simplify';

/**
 * Results one call should return at least, when there are that many. n8n's dropdown asks for the
 * next page only when the user scrolls to the end, and, while a search text is typed, never on
 * its own: a page left empty by filtering would end the list although more matches follow.
 */
export const MIN_RESULTS_PER_CALL = 20;
/** Pages one call reads at most, so that a rare search text costs a bounded share of the quota. */
export const MAX_PAGES_PER_CALL = 10;

function startToken(paginationToken: unknown): string | undefined {
	return typeof paginationToken === 'string' && paginationToken ? paginationToken : undefined;
}

/** Reads pages until enough results, the page budget, or the end; returns the token to go on from. */
async function collectResults<T>(
	pages: AsyncIterable<Page<T>>,
	toItem: (item: T) => INodeListSearchItems | undefined,
): Promise<INodeListSearchResult> {
	const results: INodeListSearchItems[] = [];
	let nextToken: string | undefined;
	let pagesRead = 0;
	for await (const page of pages) {
		for (const item of page.items) {
			const result = toItem(item);
			if (result) results.push(result);
		}
		nextToken = page.nextToken || undefined;
		pagesRead++;
		if (results.length >= MIN_RESULTS_PER_CALL || pagesRead >= MAX_PAGES_PER_CALL) break;
	}
	return { results, paginationToken: nextToken };
}

/** Runs one search with the node's credential; every failure becomes an n8n error the dropdown shows. */
async function runSearch(
	context: ILoadOptionsFunctions,
	search: (api: CognitoApi, credentials: AwsCognitoCredentials) => Promise<INodeListSearchResult>,
): Promise<INodeListSearchResult> {
	try {
		const { api, credentials } = await createCognitoApi(context);
		return await search(api, credentials);
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

/** Case-insensitive substring match, for lists Cognito cannot filter server-side. */
function matches(search: string | undefined, ...texts: Array<string | undefined>): boolean {
	const needle = search?.trim().toLowerCase();
	return !needle || texts.some((text) => (text ?? '').toLowerCase().includes(needle));
}

export const listSearch = {
	async searchUserPools(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: unknown,
	): Promise<INodeListSearchResult> {
		return await runSearch(
			this,
			async (api) =>
				await collectResults(paginateUserPools(api, { startToken: startToken(paginationToken) }), (pool) =>
					matches(filter, pool.Name, pool.Id)
						? { name: `${pool.Name ?? pool.Id} (${pool.Id})`, value: pool.Id ?? '' }
						: undefined,
				),
		);
	},

	/** Prefix search, server-side: on email when the text contains "@", else on username. */
	async searchUsers(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: unknown,
	): Promise<INodeListSearchResult> {
		return await runSearch(this, async (api, credentials) => {
			const search = filter?.trim();
			const expression = search
				? buildUserFilter(search.includes('@') ? 'email' : 'username', 'startsWith', search)
				: undefined;
			const pages = paginateUsers(api, readUserPoolIdForSearch(this, credentials), {
				startToken: startToken(paginationToken),
				filter: expression,
			});
			return await collectResults(pages, (user) => {
				const { username, email } = simplifyUser(user);
				return { name: email && email !== username ? `${username} (${email})` : username, value: username };
			});
		});
	},

	async searchGroups(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: unknown,
	): Promise<INodeListSearchResult> {
		return await runSearch(this, async (api, credentials) => {
			const pages = paginateGroups(api, readUserPoolIdForSearch(this, credentials), {
				startToken: startToken(paginationToken),
			});
			return await collectResults(pages, (group) =>
				matches(filter, group.GroupName)
					? { name: group.GroupName ?? '', value: group.GroupName ?? '', description: group.Description || undefined }
					: undefined,
			);
		});
	},
};
