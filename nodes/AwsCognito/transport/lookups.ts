import type { CognitoApi } from './api';
import { CognitoError } from './errors';
import { buildUserFilter } from './filter';

/**
 * The username of the user with this `sub`, found with one filtered ListUsers call (which, unlike
 * AdminGetUser, does not count the user as a monthly active user).
 */
export async function lookUpUsernameBySub(api: CognitoApi, userPoolId: string, sub: string): Promise<string> {
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
