import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { deleteOptions, showFor, userLocator } from '../../descriptions';
import { readSucceedIfMissing, readUserLocator } from '../../parameters';
import { deleteIdempotently } from '../idempotency';
import type { OperationContext, OperationResult } from '../types';
import { sendForUser } from './targetUser';

const properties: INodeProperties[] = [userLocator, deleteOptions('user')];

export const description = updateDisplayOptions(showFor('user', 'delete'), properties);

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	return await deleteIdempotently(
		readSucceedIfMissing(this, context.itemIndex),
		'user',
		async () => {
			const { username } = await sendForUser(this, context, 'AdminDeleteUser');
			return { username };
		},
		() => {
			// A sub that matches no user has no username to report: name the user by what was given.
			const { mode, value } = readUserLocator(this, context.itemIndex);
			return mode === 'sub' ? { sub: value } : { username: value };
		},
	);
}
