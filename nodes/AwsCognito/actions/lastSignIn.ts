import type { IDataObject } from 'n8n-workflow';

import { lastSignIn, type CognitoApi } from '../transport';

/**
 * Adds `lastSignInAt` to each user item (one AdminListUserAuthEvents call per user). Once the pool
 * answers that it keeps no sign-in history, the remaining users are marked without further calls.
 */
export async function withLastSignIn(
	api: CognitoApi,
	userPoolId: string,
	users: Array<{ username: string; item: IDataObject }>,
): Promise<IDataObject[]> {
	let unavailable: string | undefined;
	const items: IDataObject[] = [];
	for (const { username, item } of users) {
		if (unavailable === undefined) {
			const found = await lastSignIn(api, userPoolId, username);
			if (found.available) {
				items.push({ ...item, lastSignInAt: found.lastSignInAt });
				continue;
			}
			unavailable = found.reason;
		}
		items.push({ ...item, lastSignInAt: null, lastSignInUnavailable: unavailable });
	}
	return items;
}
