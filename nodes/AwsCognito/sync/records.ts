import type { GroupType, UserPoolType, UserType } from '@aws-sdk/client-cognito-identity-provider';

import { attributesToRecord } from '../transport';

/*
 * The sync model's records: what a snapshot keeps of each user, group and pool, read from the SDK's
 * types. Snapshots, fingerprints, change events and user rows are all built on these.
 */

export interface UserRecord {
	username: string;
	sub?: string;
	email?: string;
	email_verified?: boolean;
	given_name?: string;
	family_name?: string;
	enabled: boolean;
	status?: string;
	createdAt?: string;
	updatedAt?: string;
	/** Every attribute of the user, custom ones included, under its exact name. */
	attributes: Record<string, string>;
}

export interface GroupRecord {
	groupName: string;
	description?: string;
	precedence?: number;
	roleArn?: string;
	userPoolId?: string;
	createdAt?: string;
	updatedAt?: string;
}

export interface UserPoolRecord {
	id?: string;
	name?: string;
	arn?: string;
	status?: string;
	featureTier?: string;
	estimatedNumberOfUsers?: number;
	mfa?: string;
	deletionProtection?: string;
	usernameAttributes?: string[];
	aliasAttributes?: string[];
	requiredAttributes: string[];
	customAttributes: string[];
	createdAt?: string;
	updatedAt?: string;
}

function isoDate(date: Date | undefined): string | undefined {
	return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function parseBoolean(value: string | undefined): boolean | undefined {
	return value === undefined ? undefined : value === 'true';
}

export function toUserRecord(user: UserType): UserRecord {
	const attributes = attributesToRecord(user.Attributes);
	return {
		username: user.Username ?? '',
		sub: attributes.sub,
		email: attributes.email,
		email_verified: parseBoolean(attributes.email_verified),
		given_name: attributes.given_name,
		family_name: attributes.family_name,
		enabled: user.Enabled ?? true,
		status: user.UserStatus,
		createdAt: isoDate(user.UserCreateDate),
		updatedAt: isoDate(user.UserLastModifiedDate),
		attributes,
	};
}

export function toGroupRecord(group: GroupType): GroupRecord {
	return {
		groupName: group.GroupName ?? '',
		description: group.Description,
		precedence: group.Precedence,
		roleArn: group.RoleArn,
		userPoolId: group.UserPoolId,
		createdAt: isoDate(group.CreationDate),
		updatedAt: isoDate(group.LastModifiedDate),
	};
}

export function toUserPoolRecord(pool: UserPoolType): UserPoolRecord {
	const schema = pool.SchemaAttributes ?? [];
	return {
		id: pool.Id,
		name: pool.Name,
		arn: pool.Arn,
		status: pool.Status,
		featureTier: pool.UserPoolTier,
		estimatedNumberOfUsers: pool.EstimatedNumberOfUsers,
		mfa: pool.MfaConfiguration,
		deletionProtection: pool.DeletionProtection,
		usernameAttributes: pool.UsernameAttributes,
		aliasAttributes: pool.AliasAttributes,
		requiredAttributes: schema.filter((a) => a.Required).map((a) => a.Name ?? ''),
		customAttributes: schema.filter((a) => a.Name?.startsWith('custom:')).map((a) => a.Name ?? ''),
		createdAt: isoDate(pool.CreationDate),
		updatedAt: isoDate(pool.LastModifiedDate),
	};
}
