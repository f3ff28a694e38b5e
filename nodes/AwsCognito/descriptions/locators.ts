import type { INodeProperties } from 'n8n-workflow';

import { USER_POOL_ID_PATTERN } from '../transport';

export const userPoolLocator: INodeProperties = {
	displayName: 'User Pool',
	name: 'userPool',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: "Leave empty to use the credential's Default User Pool ID",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchUserPools', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'us-east-1_T5HyXiR7I',
			validation: [
				{
					type: 'regex',
					properties: {
						// Empty is valid: it means the credential's default pool (n8n checks this before any run).
						regex: `(?:${USER_POOL_ID_PATTERN})?`,
						errorMessage:
							"A user pool ID looks like us-east-1_T5HyXiR7I; leave it empty for the credential's default pool",
					},
				},
			],
		},
	],
};

export const userLocator: INodeProperties = {
	displayName: 'User',
	name: 'user',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The user, by username (or alias) or by sub, their immutable ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchUsers', searchable: true },
		},
		{
			displayName: 'By Username',
			name: 'username',
			type: 'string',
			placeholder: 'jane.doe or jane@example.com',
		},
		{
			displayName: 'By Sub',
			name: 'sub',
			type: 'string',
			placeholder: '8c4f1e2a-5b6d-4c3e-9f10-2a3b4c5d6e7f',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[0-9a-fA-F-]{8,64}$',
						errorMessage: 'A sub is a UUID such as 8c4f1e2a-5b6d-4c3e-9f10-2a3b4c5d6e7f',
					},
				},
			],
		},
	],
};

export const groupLocator: INodeProperties = {
	displayName: 'Group',
	name: 'group',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchGroups', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'admins',
		},
	],
};
