import type {
	GroupType,
	UserPoolDescriptionType,
	UserPoolType,
	UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IDataObject } from 'n8n-workflow';

import { simplifyGroup, simplifyUser, simplifyUserPool, type UserLike } from '../simplify';

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

/** A user pool (DescribeUserPool) as an output item: simplified, or as Cognito returned it. */
export function userPoolOutput(pool: UserPoolType | undefined, simplify: boolean): IDataObject {
	if (!pool) throw new Error('Cognito returned no user pool');
	return simplify ? { ...simplifyUserPool(pool) } : { ...pool };
}

/** A pool summary (ListUserPools) as an output item; Get gives the full description. */
export function userPoolSummaryOutput(pool: UserPoolDescriptionType, simplify: boolean): IDataObject {
	if (!simplify) return { ...pool };
	return {
		id: pool.Id,
		name: pool.Name,
		createdAt: pool.CreationDate?.toISOString(),
		updatedAt: pool.LastModifiedDate?.toISOString(),
	};
}
