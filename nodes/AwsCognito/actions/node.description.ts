import type { INodeTypeDescription } from 'n8n-workflow';

import { userPoolLocator, type ResourceField } from '../descriptions';
import * as group from './group';
import type { Resource, UserPoolOperation } from './node.type';
import * as user from './user';
import * as userPool from './userPool';

const resourceField: ResourceField = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'User', value: 'user' },
		{ name: 'Group', value: 'group' },
		{ name: 'User Pool', value: 'userPool' },
	],
	default: 'user',
};

export const description: INodeTypeDescription = {
	displayName: 'AWS Cognito',
	name: 'awsCognito',
	icon: { light: 'file:../../icons/awsCognito.svg', dark: 'file:../../icons/awsCognito.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Manage users, groups and memberships of AWS Cognito user pools',
	defaults: { name: 'AWS Cognito' },
	usableAsTool: true,
	inputs: ['main'],
	outputs: ['main'],
	// The name stays literal: n8n's community checks read it to find the credential's test.
	credentials: [{ name: 'awsCognitoApi', required: true, testedBy: 'awsCognitoApiTest' }],
	properties: [
		resourceField,
		user.operationField,
		group.operationField,
		userPool.operationField,
		{ ...userPoolLocator, displayOptions: { show: { resource: ['user', 'group'] satisfies Resource[] } } },
		{
			...userPoolLocator,
			// Get Many lists the pools of the account: it takes none.
			displayOptions: {
				show: {
					resource: ['userPool'] satisfies Resource[],
					operation: ['get', 'snapshot'] satisfies UserPoolOperation[],
				},
			},
		},
		...user.description,
		...group.description,
		...userPool.description,
	],
};
