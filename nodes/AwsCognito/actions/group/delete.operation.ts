import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deleteOptions } from '../../descriptions/common';
import { groupLocator } from '../../descriptions/locators';
import { deleteIdempotently } from '../shared';
import type { OperationContext, OperationResult } from '../types';
import { readTargetGroup } from './shared';

const properties: INodeProperties[] = [
	groupLocator,
	deleteOptions('group', '. A missing user pool is still an error.'),
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['delete'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const group = readTargetGroup(this, itemIndex);
	return await deleteIdempotently(
		this,
		itemIndex,
		'group',
		async () => {
			await api.send('DeleteGroup', { UserPoolId: userPoolId(), GroupName: group });
			return { group };
		},
		() => ({ group }),
	);
}
