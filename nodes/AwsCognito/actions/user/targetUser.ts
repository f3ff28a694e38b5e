import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readUserLocator } from '../../parameters';
import { lookUpUsernameBySub, type CognitoApi, type OperationInput } from '../../transport';
import { userOutput } from '../output';
import type { OperationContext } from '../types';

/** The pool and the username that one operation on one user sends its call for. */
export interface TargetUser {
	userPoolId: string;
	username: string;
}

/** The item's user; a "By Sub" user is looked up with one ListUsers call (which is not billed as activity). */
export async function lookUpTargetUser(
	context: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<TargetUser> {
	const poolId = userPoolId();
	const { mode, value } = readUserLocator(context, itemIndex);
	return { userPoolId: poolId, username: mode === 'sub' ? await lookUpUsernameBySub(api, poolId, value) : value };
}

/** Cognito calls about one user: the pool and the username, plus what the call itself needs. */
type UserCall =
	| 'AdminAddUserToGroup'
	| 'AdminConfirmSignUp'
	| 'AdminCreateUser'
	| 'AdminForgetDevice'
	| 'AdminSetUserMFAPreference'
	| 'AdminSetUserPassword'
	| 'AdminDeleteUser'
	| 'AdminDisableUser'
	| 'AdminEnableUser'
	| 'AdminRemoveUserFromGroup'
	| 'AdminResetUserPassword'
	| 'AdminUpdateUserAttributes'
	| 'AdminUserGlobalSignOut';

type CallInput<Call extends UserCall> = Omit<OperationInput<Call>, 'UserPoolId' | 'Username'>;

/**
 * Sends one call about the item's user and returns who it was sent for. The call's own input
 * (e.g. GroupName) is required exactly when the call has required fields besides pool and user.
 */
export async function sendForUser<Call extends UserCall>(
	context: IExecuteFunctions,
	operation: OperationContext,
	call: Call,
	...[input]: object extends CallInput<Call> ? [input?: CallInput<Call>] : [input: CallInput<Call>]
): Promise<TargetUser> {
	const target = await lookUpTargetUser(context, operation);
	await operation.api.send(call, {
		UserPoolId: target.userPoolId,
		Username: target.username,
		...input,
	} as OperationInput<Call>);
	return target;
}

/** One user by username or alias, as Get returns it. AdminGetUser counts the user as active on the bill. */
export async function fetchUser(
	api: CognitoApi,
	userPoolId: string,
	username: string,
	simplify: boolean,
): Promise<IDataObject> {
	const user = await api.send('AdminGetUser', { UserPoolId: userPoolId, Username: username });
	return userOutput(user, simplify);
}
