import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import type { Operation } from '../types';

export const operations: Record<string, Operation> = {
	get,
};

export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{
			name: 'Get',
			value: 'get',
			description: 'Get a user by username, alias or sub',
			action: 'Get a user',
		},
	],
	default: 'get',
};

export const description: INodeProperties[] = [...get.description];
