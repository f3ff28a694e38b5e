import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { GroupType, UserType } from '@aws-sdk/client-cognito-identity-provider';

import { locatorValue } from '../helpers';
import { CognitoError, lastSignIn, type CognitoApi, type MissingResource } from '../transport';
import { simplifyGroup, simplifyUser, type UserLike } from '../simplify';

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

/** A user as an output item: simplified, or as Cognito returned it. */
export function userOutput(user: UserType | UserLike, simplify: boolean): IDataObject {
	return simplify ? { ...simplifyUser(user) } : withoutMetadata(user as UserLike & { $metadata?: unknown });
}

/** A group as an output item: simplified, or as Cognito returned it. */
export function groupOutput(group: GroupType | undefined, simplify: boolean): IDataObject {
	if (!group) throw new Error('Cognito returned no group');
	return simplify ? { ...simplifyGroup(group) } : { ...group };
}

/**
 * Runs a delete; with "Succeed If Missing" on, a missing user or group (not a missing pool) is
 * reported as `{ ...subject, deleted: false, reason: 'notFound' }` instead of failing.
 */
export async function deleteIdempotently(
	context: IExecuteFunctions,
	itemIndex: number,
	missing: MissingResource,
	remove: () => Promise<IDataObject>,
	missingSubject: () => IDataObject,
): Promise<IDataObject> {
	const { succeedIfMissing = false } = context.getNodeParameter('options', itemIndex, {}) as {
		succeedIfMissing?: boolean;
	};
	try {
		return { ...(await remove()), deleted: true };
	} catch (error) {
		if (!succeedIfMissing || !(error instanceof CognitoError) || error.missing !== missing) throw error;
		return { ...missingSubject(), deleted: false, reason: 'notFound' };
	}
}

/**
 * Runs a create; with "Return Existing" on, a name already taken returns the existing user or group
 * instead of failing. Either way the output says whether it `existed`, so a workflow can branch.
 */
export async function createOrReturnExisting(
	returnExisting: boolean,
	conflict: 'UsernameExistsException' | 'GroupExistsException',
	create: () => Promise<IDataObject>,
	fetchExisting: () => Promise<IDataObject>,
): Promise<IDataObject> {
	try {
		const created = await create();
		return returnExisting ? { ...created, existed: false } : created;
	} catch (error) {
		if (!returnExisting || !(error instanceof CognitoError) || error.awsName !== conflict) throw error;
		return { ...(await fetchExisting()), existed: true };
	}
}

export function readIncludeLastSignIn(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('includeLastSignIn', itemIndex, false) as boolean;
}

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
