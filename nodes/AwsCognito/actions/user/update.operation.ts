import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { recordToAttributes } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { attributeFields, readUserAttributes } from './attributes';
import { targetUser } from './shared';

const properties: INodeProperties[] = [userLocator, ...attributeFields];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const attributes = readUserAttributes(this, context.itemIndex);
	if (Object.keys(attributes).length === 0) {
		throw new NodeOperationError(this.getNode(), 'No attribute to update', {
			description:
				'Fill in Email, Given Name or Family Name, turn on Mark Email Verified, or add an Additional Attribute.',
			itemIndex: context.itemIndex,
		});
	}
	const { userPoolId, username } = await targetUser(this, context);
	await context.api.send('AdminUpdateUserAttributes', {
		UserPoolId: userPoolId,
		Username: username,
		UserAttributes: recordToAttributes(attributes),
	});
	return { username, updated: true, attributes };
}
