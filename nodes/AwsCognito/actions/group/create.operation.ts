import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { groupSettingFields, ifExistsOption, showFor, simplifyField } from '../../descriptions';
import { readGroupSettings, readNewGroupName, readReturnExisting, readSimplify } from '../../parameters';
import { createOrReturnExisting } from '../idempotency';
import { groupOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Group Name',
		name: 'groupName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'admins',
		description: 'The name of the new group: 1 to 128 characters, no spaces. It cannot be changed later.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: groupSettingFields,
	},
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [ifExistsOption('group', 'a group with this name already exists')],
	},
];

export const description = updateDisplayOptions(showFor('group', 'create'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const groupName = readNewGroupName(this, itemIndex);
	const settings = readGroupSettings(this, itemIndex, 'additionalFields');
	const returnExisting = readReturnExisting(this, itemIndex, 'ifGroupExists');
	const simplify = readSimplify(this, itemIndex);
	const poolId = userPoolId();
	return await createOrReturnExisting(
		returnExisting,
		'GroupExistsException',
		async () => {
			const out = await api.send('CreateGroup', { UserPoolId: poolId, GroupName: groupName, ...settings });
			return groupOutput(out.Group, simplify);
		},
		async () => {
			const existing = await api.send('GetGroup', { UserPoolId: poolId, GroupName: groupName });
			return groupOutput(existing.Group, simplify);
		},
	);
}
