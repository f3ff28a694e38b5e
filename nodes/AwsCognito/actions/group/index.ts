import type { INodeProperties } from 'n8n-workflow';

import type { OperationField } from '../../descriptions';
import type { GroupOperation } from '../node.type';
import type { Operation } from '../types';
import * as create from './create.operation';
import * as deleteGroup from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMembers from './getMembers.operation';
import * as update from './update.operation';

export const operations = {
	create,
	delete: deleteGroup,
	get,
	getAll,
	getMembers,
	update,
} satisfies Record<GroupOperation, Operation>;

export const operationField: OperationField<'group'> = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['group'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			description: 'Create a group, or return the existing one',
			action: 'Create a group',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a group; its members stay in the pool',
			action: 'Delete a group',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a group by name',
			action: 'Get a group',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Get many groups of the user pool',
			action: 'Get many groups',
		},
		{
			name: 'Get Members',
			value: 'getMembers',
			description: 'Get the users in a group',
			action: 'Get members of a group',
		},
		{
			name: 'Update',
			value: 'update',
			description: "Update a group's description, precedence or IAM role",
			action: 'Update a group',
		},
	],
	default: 'get',
};

export const description: INodeProperties[] = Object.values(operations).flatMap((operation) => operation.description);
