import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { userLocator } from '../../descriptions/locators';
import type { Operation, OperationContext, OperationResult } from '../types';
import { targetUser } from './shared';

/** Cognito calls that take only the pool and the username. */
type UserOnlyCommand = 'AdminEnableUser' | 'AdminDisableUser' | 'AdminResetUserPassword' | 'AdminUserGlobalSignOut';

/**
 * An operation that sends one call about one user and reports a fixed outcome, e.g. Enable:
 * `{ username, enabled: true }`. Cognito answers a repeated call the same way, so these are idempotent.
 */
export function userCommandOperation(operation: string, command: UserOnlyCommand, outcome: IDataObject): Operation {
	return {
		description: updateDisplayOptions({ show: { resource: ['user'], operation: [operation] } }, [userLocator]),
		async execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
			const { userPoolId, username } = await targetUser(this, context);
			await context.api.send(command, { UserPoolId: userPoolId, Username: username });
			return { username, ...outcome };
		},
	};
}
