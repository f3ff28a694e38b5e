import type {
	AdminGetUserResponse,
	GroupType,
	UserPoolType,
	UserType,
} from '@aws-sdk/client-cognito-identity-provider';

import {
	toGroupRecord,
	toUserPoolRecord,
	toUserRecord,
	type GroupRecord,
	type UserPoolRecord,
	type UserRecord,
} from './sync';

/*
 * The node's output when "Simplify" is on. It is the sync model's record, so that a user looks the
 * same in a Get, a snapshot and a change event.
 */

/** A user as the nodes emit it when "Simplify" is on. */
export type SimpleUser = UserRecord;

/** A group as the nodes emit it when "Simplify" is on. */
export type SimpleGroup = GroupRecord;

/** A user pool as the nodes emit it when "Simplify" is on. */
export type SimpleUserPool = UserPoolRecord;

/** The fields shared by ListUsers' UserType and AdminGetUser's response. */
export type UserLike = Pick<
	UserType,
	'Username' | 'Attributes' | 'Enabled' | 'UserStatus' | 'UserCreateDate' | 'UserLastModifiedDate'
> &
	Pick<AdminGetUserResponse, 'UserAttributes'>;

/** A listed user, or AdminGetUser's answer (which names the attributes UserAttributes). */
export function simplifyUser(user: UserLike | UserType): SimpleUser {
	const { UserAttributes, ...listed } = user as UserLike;
	return toUserRecord({ ...listed, Attributes: listed.Attributes ?? UserAttributes });
}

export function simplifyGroup(group: GroupType): SimpleGroup {
	return toGroupRecord(group);
}

export function simplifyUserPool(pool: UserPoolType): SimpleUserPool {
	return toUserPoolRecord(pool);
}
