import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deleteOptions } from '../../descriptions/common';
import { userLocator } from '../../descriptions/locators';
import { locatorValue } from '../../helpers';
import { deleteIdempotently } from '../shared';
import type { OperationContext, OperationResult } from '../types';
import { targetUser } from './shared';

const properties: INodeProperties[] = [userLocator, deleteOptions('user')];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	return await deleteIdempotently(
		this,
		context.itemIndex,
		'user',
		async () => {
			const { userPoolId, username } = await targetUser(this, context);
			await context.api.send('AdminDeleteUser', { UserPoolId: userPoolId, Username: username });
			return { username };
		},
		() => {
			// A sub that matches no user has no username to report: name the user by what was given.
			const { mode, value } = locatorValue(this, 'user', context.itemIndex);
			return mode === 'sub' ? { sub: value } : { username: value };
		},
	);
}
