import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { getCognitoApi, resolveUserPoolId, toNodeError } from '../helpers';
import {
	buildUserFilter,
	paginateGroups,
	paginateUserPools,
	paginateUsers,
	simplifyUser,
	type CognitoApi,
	type Page,
} from '../transport';

type PageSource<T> = (api: CognitoApi, userPoolId: string, token: string | undefined) => AsyncGenerator<Page<T>>;

function token(paginationToken: unknown): string | undefined {
	return typeof paginationToken === 'string' && paginationToken ? paginationToken : undefined;
}

/** One page per call: n8n asks for the next one with the token when the user scrolls. */
async function searchOnePage<T>(
	context: ILoadOptionsFunctions,
	paginationToken: unknown,
	needsPool: boolean,
	source: PageSource<T>,
	toItem: (item: T) => INodeListSearchItems | undefined,
): Promise<INodeListSearchResult> {
	try {
		const { api, credentials } = await getCognitoApi(context);
		let userPoolId = '';
		if (needsPool) {
			const selected = context.getCurrentNodeParameter('userPool', { extractValue: true });
			userPoolId = resolveUserPoolId(context.getNode(), typeof selected === 'string' ? selected.trim() : '', credentials);
		}
		const first = await source(api, userPoolId, token(paginationToken)).next();
		const page: Page<T> = first.done ? { items: [] } : first.value;
		const results = page.items.map(toItem).filter((item): item is INodeListSearchItems => !!item);
		return { results, paginationToken: page.nextToken };
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

const contains = (text: string | undefined, search: string | undefined) =>
	!search || (text ?? '').toLowerCase().includes(search.toLowerCase());

export const listSearch = {
	async searchUserPools(this: ILoadOptionsFunctions, filter?: string, paginationToken?: unknown) {
		return await searchOnePage(
			this,
			paginationToken,
			false,
			(api, _pool, startToken) => paginateUserPools(api, { startToken }),
			(pool) =>
				contains(pool.Name, filter) || contains(pool.Id, filter)
					? { name: `${pool.Name ?? pool.Id} (${pool.Id})`, value: pool.Id ?? '' }
					: undefined,
		);
	},

	/** Prefix search on email when the text looks like one, else on username; server-side. */
	async searchUsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: unknown) {
		const search = filter?.trim();
		const expression = search ? buildUserFilter(search.includes('@') ? 'email' : 'username', 'startsWith', search) : undefined;
		return await searchOnePage(
			this,
			paginationToken,
			true,
			(api, userPoolId, startToken) => paginateUsers(api, userPoolId, { startToken, filter: expression }),
			(user) => {
				const simple = simplifyUser(user);
				return {
					name: simple.email && simple.email !== simple.username ? `${simple.username} (${simple.email})` : simple.username,
					value: simple.username,
				};
			},
		);
	},

	async searchGroups(this: ILoadOptionsFunctions, filter?: string, paginationToken?: unknown) {
		return await searchOnePage(
			this,
			paginationToken,
			true,
			(api, userPoolId, startToken) => paginateGroups(api, userPoolId, { startToken }),
			(group) =>
				contains(group.GroupName, filter)
					? { name: group.GroupName ?? '', value: group.GroupName ?? '', description: group.Description }
					: undefined,
		);
	},
};
