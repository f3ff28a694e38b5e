import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { GroupType, UserType } from '@aws-sdk/client-cognito-identity-provider';

import { locatorValue } from '../helpers';
import { simplifyGroup, simplifyUser, type UserLike } from '../transport';

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
