import type { CognitoApi } from './api';
import { CognitoError } from './errors';
import { buildUserFilter } from './filter';

/** Cognito's pattern for user pool IDs, e.g. us-east-1_T5HyXiR7I. */
export const USER_POOL_ID_PATTERN = '^[\\w-]+_[0-9a-zA-Z]+$';

export function isUserPoolId(value: string): boolean {
	return new RegExp(USER_POOL_ID_PATTERN).test(value);
}

/**
 * The username of the user with this `sub`, found with one filtered ListUsers call (which, unlike
 * AdminGetUser, does not count the user as a monthly active user).
 */
export async function usernameForSub(api: CognitoApi, userPoolId: string, sub: string): Promise<string> {
	const out = await api.send('ListUsers', {
		UserPoolId: userPoolId,
		Filter: buildUserFilter('sub', 'equals', sub),
		Limit: 1,
	});
	const username = out.Users?.[0]?.Username;
	if (!username) {
		throw new CognitoError({
			message: `No user with sub "${sub}" exists in user pool "${userPoolId}"`,
			kind: 'notFound',
			awsName: 'UserNotFoundException',
			operation: 'ListUsers',
			hint: "Check the sub (the user's immutable ID); a deleted user's sub is never reused.",
			missing: 'user',
		});
	}
	return username;
}
