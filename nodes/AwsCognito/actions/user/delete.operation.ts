import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import { locatorValue } from '../../helpers';
import { CognitoError } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { targetUser } from './shared';

const properties: INodeProperties[] = [
	userLocator,
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
					'Whether a user that does not exist counts as deleted (output "deleted": false, "reason": "notFound") instead of an error, so that a re-run of the workflow succeeds',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['delete'] } },
	properties,
);

function isMissingUser(error: unknown): boolean {
	return error instanceof CognitoError && error.missing === 'user';
}

export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { succeedIfMissing = false } = this.getNodeParameter('options', context.itemIndex, {}) as {
		succeedIfMissing?: boolean;
	};
	try {
		const { userPoolId, username } = await targetUser(this, context);
		await context.api.send('AdminDeleteUser', { UserPoolId: userPoolId, Username: username });
		return { username, deleted: true };
	} catch (error) {
		if (!succeedIfMissing || !isMissingUser(error)) throw error;
		// A sub that matches no user has no username to report: name the user by what was given.
		const { mode, value } = locatorValue(this, 'user', context.itemIndex);
		return { ...(mode === 'sub' ? { sub: value } : { username: value }), deleted: false, reason: 'notFound' };
	}
}
