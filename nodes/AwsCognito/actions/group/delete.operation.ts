import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupLocator } from '../../descriptions/locators';
import type { OperationContext, OperationResult } from '../types';
import { isMissingGroup, readTargetGroup } from './shared';

const properties: INodeProperties[] = [
	groupLocator,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Succeed If Missing',
				name: 'succeedIfMissing',
				type: 'boolean',
				default: false,
				description:
					'Whether a group that does not exist counts as deleted (output "deleted": false, "reason": "notFound") instead of an error, so that a re-run of the workflow succeeds. A missing user pool is still an error.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const groupName = readTargetGroup(this, itemIndex);
	const { succeedIfMissing = false } = this.getNodeParameter('options', itemIndex, {}) as {
		succeedIfMissing?: boolean;
	};
	try {
		await api.send('DeleteGroup', { UserPoolId: userPoolId(), GroupName: groupName });
		return { group: groupName, deleted: true };
	} catch (error) {
		if (succeedIfMissing && isMissingGroup(error)) {
			return { group: groupName, deleted: false, reason: 'notFound' };
		}
		throw error;
	}
}
