import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, simplifyField, userLocator } from '../../descriptions';
import { readSimplify } from '../../parameters';
import { withoutMetadata } from '../output';
import type { OperationContext, OperationResult } from '../types';
import { simplifyMfa } from './mfa';
import { lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [
	userLocator,
	{
		...simplifyField,
		description:
			'Whether to return only the MFA settings (enabled methods, preferred method) instead of the whole AdminGetUser answer',
	},
];

export const description = updateDisplayOptions(showFor('user', 'getMfa'), properties);

/** One AdminGetUser call, which counts the user as a monthly active user on the bill. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const simplify = readSimplify(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	const user = await context.api.send('AdminGetUser', { UserPoolId: userPoolId, Username: username });
	return simplify ? simplifyMfa(user) : withoutMetadata(user);
}
