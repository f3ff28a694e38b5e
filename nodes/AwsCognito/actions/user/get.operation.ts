import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { simplifyField } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import { resolveUsername } from '../../helpers';
import { simplifyUser } from '../../transport';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [userLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const poolId = userPoolId();
	const username = await resolveUsername(this, api, poolId, itemIndex);
	const out = await api.send('AdminGetUser', { UserPoolId: poolId, Username: username });
	if (this.getNodeParameter('simplify', itemIndex, true) as boolean) {
		return { ...simplifyUser(out) };
	}
	const { $metadata: _metadata, ...raw } = out;
	return raw as OperationResult;
}
