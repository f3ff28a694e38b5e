import type { CognitoOperation } from './commands';

/**
 * AWS Cognito user pool API quotas ("request rate" quotas, per account and region, per category),
 * and the category of every command this package sends. Source: the Amazon Cognito developer guide,
 * "Quotas in Amazon Cognito" → "API request rate quotas" (default values; accounts may have raised them).
 */
export type QuotaCategory =
	| 'UserList'
	| 'UserResourceRead'
	| 'UserResourceUpdate'
	| 'UserRead'
	| 'UserUpdate'
	| 'UserCreation'
	| 'UserPoolRead'
	| 'UserPoolResourceRead'
	| 'UserPoolResourceUpdate'
	| 'UserAccountRecovery';

/** Requests per second allowed per account and region. */
export const CATEGORY_RATE: Readonly<Record<QuotaCategory, number>> = {
	UserList: 30,
	UserResourceRead: 50,
	UserResourceUpdate: 25,
	UserRead: 120,
	UserUpdate: 25,
	UserCreation: 50,
	UserPoolRead: 15,
	UserPoolResourceRead: 20,
	UserPoolResourceUpdate: 15,
	UserAccountRecovery: 30,
};

/** Categories that AWS additionally limits per user pool, in requests per second per pool. */
export const PER_POOL_RATE: Readonly<Partial<Record<QuotaCategory, number>>> = {
	UserPoolResourceRead: 5,
	UserPoolResourceUpdate: 5,
};

/** The quota category of every operation; the compiler checks that none is left out. */
export const COMMAND_CATEGORY = {
	ListUsers: 'UserList',
	ListUsersInGroup: 'UserList',
	AdminListGroupsForUser: 'UserResourceRead',
	AdminListUserAuthEvents: 'UserResourceRead',
	AdminListDevices: 'UserResourceRead',
	AdminForgetDevice: 'UserResourceUpdate',
	AdminGetUser: 'UserRead',
	AdminCreateUser: 'UserCreation',
	AdminConfirmSignUp: 'UserCreation',
	AdminUpdateUserAttributes: 'UserUpdate',
	AdminDeleteUser: 'UserUpdate',
	AdminEnableUser: 'UserUpdate',
	AdminDisableUser: 'UserUpdate',
	AdminAddUserToGroup: 'UserUpdate',
	AdminRemoveUserFromGroup: 'UserUpdate',
	AdminUserGlobalSignOut: 'UserUpdate',
	AdminSetUserMFAPreference: 'UserUpdate',
	AdminLinkProviderForUser: 'UserUpdate',
	AdminDisableProviderForUser: 'UserUpdate',
	AdminResetUserPassword: 'UserAccountRecovery',
	AdminSetUserPassword: 'UserAccountRecovery',
	DescribeUserPool: 'UserPoolRead',
	ListUserPools: 'UserPoolRead',
	ListGroups: 'UserPoolResourceRead',
	GetGroup: 'UserPoolResourceRead',
	CreateGroup: 'UserPoolResourceUpdate',
	UpdateGroup: 'UserPoolResourceUpdate',
	DeleteGroup: 'UserPoolResourceUpdate',
} as const satisfies Record<CognitoOperation, QuotaCategory>;

/** Page size cap shared by ListUsers, ListGroups, ListUsersInGroup, AdminListGroupsForUser, ListUserPools. */
export const MAX_PAGE_SIZE = 60;

export const DEFAULT_QUOTA_SHARE = 0.8;
