import type { AttributeType, GroupType, UserPoolType, UserType } from '@aws-sdk/client-cognito-identity-provider';

/** A user as the nodes emit it when "Simplify" is on. */
export interface SimpleUser {
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

export interface SimpleGroup {
	groupName: string;
	description?: string;
	precedence?: number;
	roleArn?: string;
	userPoolId?: string;
	createdAt?: string;
	updatedAt?: string;
}

/** The fields shared by ListUsers' UserType and AdminGetUser's response. */
export interface UserLike {
	Username?: string;
	Attributes?: AttributeType[];
	UserAttributes?: AttributeType[];
	Enabled?: boolean;
	UserStatus?: string;
	UserCreateDate?: Date;
	UserLastModifiedDate?: Date;
}

export function attributesToRecord(attributes: AttributeType[] | undefined): Record<string, string> {
	const record: Record<string, string> = {};
	for (const { Name, Value } of attributes ?? []) {
		if (Name) record[Name] = Value ?? '';
	}
	return record;
}

export function recordToAttributes(record: Record<string, string>): AttributeType[] {
	return Object.entries(record).map(([Name, Value]) => ({ Name, Value }));
}

function isoDate(date: Date | undefined): string | undefined {
	return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function parseBoolean(value: string | undefined): boolean | undefined {
	return value === undefined ? undefined : value === 'true';
}

export function simplifyUser(user: UserLike | UserType): SimpleUser {
	const like = user as UserLike;
	const attributes = attributesToRecord(like.Attributes ?? like.UserAttributes);
	return {
		username: like.Username ?? '',
		sub: attributes.sub,
		email: attributes.email,
		email_verified: parseBoolean(attributes.email_verified),
		given_name: attributes.given_name,
		family_name: attributes.family_name,
		enabled: like.Enabled ?? true,
		status: like.UserStatus,
		createdAt: isoDate(like.UserCreateDate),
		updatedAt: isoDate(like.UserLastModifiedDate),
		attributes,
	};
}

export function simplifyGroup(group: GroupType): SimpleGroup {
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

export interface SimpleUserPool {
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

export function simplifyUserPool(pool: UserPoolType): SimpleUserPool {
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
