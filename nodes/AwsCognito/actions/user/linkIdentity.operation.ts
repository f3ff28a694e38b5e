import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { providerIdentityFields, showFor, userLocator } from '../../descriptions';
import { readProviderIdentity } from '../../parameters';
import { CognitoError } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { explained } from './failures';
import { lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [userLocator, ...providerIdentityFields];

export const description = updateDisplayOptions(showFor('user', 'linkIdentity'), properties);

/** Cognito matches a federated user on the sub of the provider's token. */
const SUBJECT_ATTRIBUTE = 'Cognito_Subject';

/** Links a federated identity to an existing user, so that signing in with it signs in as that user. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { providerName, providerUserId } = readProviderIdentity(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	try {
		await context.api.send('AdminLinkProviderForUser', {
			UserPoolId: userPoolId,
			DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: username },
			SourceUser: {
				ProviderName: providerName,
				ProviderAttributeName: SUBJECT_ATTRIBUTE,
				ProviderAttributeValue: providerUserId,
			},
		});
	} catch (error) {
		if (error instanceof CognitoError && error.awsName === 'AliasExistsException') {
			throw explained(
				error,
				`The ${providerName} identity "${providerUserId}" is already linked to another user in user pool "${userPoolId}"`,
				'Unlink it first (Unlink Identity), or delete the federated user Cognito created at its first sign-in.',
			);
		}
		throw error;
	}
	return { username, providerName, providerUserId, linked: true };
}
