import {
	AdminAddUserToGroupCommand,
	AdminConfirmSignUpCommand,
	AdminCreateUserCommand,
	AdminDeleteUserCommand,
	AdminDisableProviderForUserCommand,
	AdminDisableUserCommand,
	AdminEnableUserCommand,
	AdminForgetDeviceCommand,
	AdminGetUserCommand,
	AdminLinkProviderForUserCommand,
	AdminListDevicesCommand,
	AdminListGroupsForUserCommand,
	AdminListUserAuthEventsCommand,
	AdminRemoveUserFromGroupCommand,
	AdminResetUserPasswordCommand,
	AdminSetUserMFAPreferenceCommand,
	AdminSetUserPasswordCommand,
	AdminUpdateUserAttributesCommand,
	AdminUserGlobalSignOutCommand,
	CreateGroupCommand,
	DeleteGroupCommand,
	DescribeUserPoolCommand,
	GetGroupCommand,
	ListGroupsCommand,
	ListUserPoolsCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
	UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/** Every command class this package may send, by operation name: the one list of operations. */
export const COMMANDS = {
	AdminAddUserToGroup: AdminAddUserToGroupCommand,
	AdminConfirmSignUp: AdminConfirmSignUpCommand,
	AdminCreateUser: AdminCreateUserCommand,
	AdminDeleteUser: AdminDeleteUserCommand,
	AdminDisableProviderForUser: AdminDisableProviderForUserCommand,
	AdminDisableUser: AdminDisableUserCommand,
	AdminEnableUser: AdminEnableUserCommand,
	AdminForgetDevice: AdminForgetDeviceCommand,
	AdminGetUser: AdminGetUserCommand,
	AdminLinkProviderForUser: AdminLinkProviderForUserCommand,
	AdminListDevices: AdminListDevicesCommand,
	AdminListGroupsForUser: AdminListGroupsForUserCommand,
	AdminListUserAuthEvents: AdminListUserAuthEventsCommand,
	AdminRemoveUserFromGroup: AdminRemoveUserFromGroupCommand,
	AdminResetUserPassword: AdminResetUserPasswordCommand,
	AdminSetUserMFAPreference: AdminSetUserMFAPreferenceCommand,
	AdminSetUserPassword: AdminSetUserPasswordCommand,
	AdminUpdateUserAttributes: AdminUpdateUserAttributesCommand,
	AdminUserGlobalSignOut: AdminUserGlobalSignOutCommand,
	CreateGroup: CreateGroupCommand,
	DeleteGroup: DeleteGroupCommand,
	DescribeUserPool: DescribeUserPoolCommand,
	GetGroup: GetGroupCommand,
	ListGroups: ListGroupsCommand,
	ListUserPools: ListUserPoolsCommand,
	ListUsers: ListUsersCommand,
	ListUsersInGroup: ListUsersInGroupCommand,
	UpdateGroup: UpdateGroupCommand,
} as const;

/** The name of a Cognito API operation this package sends. */
export type CognitoOperation = keyof typeof COMMANDS;

type CommandClass<Op extends CognitoOperation> = (typeof COMMANDS)[Op];

export type OperationInput<Op extends CognitoOperation> = ConstructorParameters<CommandClass<Op>>[0];

export type OperationOutput<Op extends CognitoOperation> =
	InstanceType<CommandClass<Op>> extends { resolveMiddleware(...args: never[]): infer Handler }
		? Handler extends (...args: never[]) => Promise<{ output: infer Output }>
			? Output
			: never
		: never;
