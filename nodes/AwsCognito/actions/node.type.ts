/**
 * Every operation of each resource, by the option value saved in workflows. The operations maps,
 * the Operation fields' options, their display options and the router are all checked against it.
 */
export type OperationsByResource = {
	user:
		| 'addToGroup'
		| 'confirmSignUp'
		| 'create'
		| 'delete'
		| 'disable'
		| 'enable'
		| 'forgetDevice'
		| 'get'
		| 'getAll'
		| 'getDevices'
		| 'getGroups'
		| 'getMfa'
		| 'getSignInEvents'
		| 'linkIdentity'
		| 'removeFromGroup'
		| 'resendInvitation'
		| 'resetPassword'
		| 'setMfa'
		| 'setPassword'
		| 'signOut'
		| 'unlinkIdentity'
		| 'update';
	group: 'create' | 'delete' | 'get' | 'getAll' | 'getMembers' | 'update';
	userPool: 'get' | 'getAll' | 'snapshot';
};

export type Resource = keyof OperationsByResource;

export type OperationOf<R extends Resource> = OperationsByResource[R];

export type UserOperation = OperationOf<'user'>;
export type GroupOperation = OperationOf<'group'>;
export type UserPoolOperation = OperationOf<'userPool'>;
