import type { INodeProperties } from 'n8n-workflow';

import type { OperationField } from '../../descriptions';
import type { UserPoolOperation } from '../node.type';
import type { Operation } from '../types';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as snapshot from './snapshot.operation';

export const operations = {
	get,
	getAll,
	snapshot,
} satisfies Record<UserPoolOperation, Operation>;

export const operationField: OperationField<'userPool'> = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['userPool'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			description: "Get a user pool's settings: feature tier, required attributes, MFA and more",
			action: 'Get a user pool',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Get many user pools of the account and region',
			action: 'Get many user pools',
		},
		{
			name: 'Take Snapshot',
			value: 'snapshot',
			description: 'Read every user, group and membership of a pool with the fewest calls',
			action: 'Take a snapshot of a user pool',
		},
	],
	default: 'get',
};

export const description: INodeProperties[] = Object.values(operations).flatMap((operation) => operation.description);
