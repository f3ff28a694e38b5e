import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUsername } from '../../helpers';
import { type CognitoApi } from '../../transport';
import { userOutput } from '../shared';
import type { OperationContext } from '../types';

/** The pool and username an operation on one user works on ("By Sub" resolved to a username). */
export async function targetUser(
	context: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<{ userPoolId: string; username: string }> {
	const poolId = userPoolId();
	return { userPoolId: poolId, username: await resolveUsername(context, api, poolId, itemIndex) };
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
