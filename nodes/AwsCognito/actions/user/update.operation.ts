import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userAttributeFields, userLocator } from '../../descriptions';
import { readAttributeUpdates } from '../../parameters';
import { recordToAttributes } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { sendForUser } from './targetUser';

const properties: INodeProperties[] = [userLocator, ...userAttributeFields];

export const description = updateDisplayOptions(showFor('user', 'update'), properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const attributes = readAttributeUpdates(this, context.itemIndex);
	const { username } = await sendForUser(this, context, 'AdminUpdateUserAttributes', {
		UserAttributes: recordToAttributes(attributes),
	});
	return { username, updated: true, attributes };
}
