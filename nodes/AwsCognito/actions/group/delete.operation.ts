import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deleteOptions, groupLocator, showFor } from '../../descriptions';
import { readSucceedIfMissing, readTargetGroup } from '../../parameters';
import { deleteIdempotently } from '../idempotency';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [
	groupLocator,
	deleteOptions('group', '. A missing user pool is still an error.'),
];

export const description = updateDisplayOptions(showFor('group', 'delete'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const group = readTargetGroup(this, itemIndex);
	return await deleteIdempotently(
		readSucceedIfMissing(this, itemIndex),
		'group',
		async () => {
			await api.send('DeleteGroup', { UserPoolId: userPoolId(), GroupName: group });
			return { group };
		},
		() => ({ group }),
	);
}
