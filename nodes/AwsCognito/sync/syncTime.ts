import { CognitoError, type CognitoApi } from '../transport';
import { pagesFor } from './plan';
import { userListRate } from './userListing';

/**
 * The pool's estimated number of users when a sync would take longer than `limitSeconds` at the
 * UserList quota (its user pages and about as many member pages); undefined when it would not, or
 * when the policy does not allow DescribeUserPool (the caller then syncs as usual). One
 * DescribeUserPool call; a missing pool or a bad credential fails here.
 */
export async function tooLargeToSyncWithin(
	api: CognitoApi,
	userPoolId: string,
	limitSeconds: number,
): Promise<number | undefined> {
	let estimated: number | undefined;
	try {
		const { UserPool } = await api.send('DescribeUserPool', { UserPoolId: userPoolId });
		estimated = UserPool?.EstimatedNumberOfUsers;
	} catch (error) {
		if (error instanceof CognitoError && error.kind === 'accessDenied') return undefined;
		throw error;
	}
	if (estimated === undefined) return undefined;
	const seconds = (2 * pagesFor(estimated)) / userListRate(api);
	return seconds > limitSeconds ? estimated : undefined;
}
