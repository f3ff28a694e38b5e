import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { locatorValue, resolveUsername } from '../../helpers';
import { simplifyUser, type CognitoApi } from '../../transport';
import type { OperationContext } from '../types';

/** The pool and username an operation on one user works on ("By Sub" resolved to a username). */
export async function targetUser(
	context: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<{ userPoolId: string; username: string }> {
	const poolId = userPoolId();
	return { userPoolId: poolId, username: await resolveUsername(context, api, poolId, itemIndex) };
}

/** The name in the "Group" locator, whatever its mode. */
export function readGroupName(context: IExecuteFunctions, itemIndex: number): string {
	const { value } = locatorValue(context, 'group', itemIndex);
	if (!value) {
		throw new NodeOperationError(context.getNode(), 'Group is empty', {
			description: 'Pick a group from the list, or enter its name.',
			itemIndex,
		});
	}
	return value;
}

/** How many items a list operation returns: undefined for "Return All". */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(context.getNode(), `Limit must be a whole number of at least 1, not "${limit}"`, {
			description: 'Set "Limit" to 1 or more, or turn on "Return All".',
			itemIndex,
		});
	}
	return limit;
}

export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, true) as boolean;
}

/** An SDK response as an item: everything but the HTTP metadata. */
export function withoutMetadata<T extends { $metadata?: unknown }>(output: T): IDataObject {
	const { $metadata: _metadata, ...raw } = output;
	return raw as IDataObject;
}

/** One user by username or alias, as Get returns it. AdminGetUser counts the user as active on the bill. */
export async function fetchUser(
	api: CognitoApi,
	userPoolId: string,
	username: string,
	simplify: boolean,
): Promise<IDataObject> {
	const user = await api.send('AdminGetUser', { UserPoolId: userPoolId, Username: username });
	return simplify ? { ...simplifyUser(user) } : withoutMetadata(user);
}
