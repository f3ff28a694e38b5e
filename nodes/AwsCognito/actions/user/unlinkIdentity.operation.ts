import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { providerIdentityFields, showFor } from '../../descriptions';
import { readProviderIdentity } from '../../parameters';
import { CognitoError } from '../../transport';
import type { OperationContext, OperationResult } from '../types';

export const description = updateDisplayOptions(showFor('user', 'unlinkIdentity'), providerIdentityFields);

/**
 * Unlinks a federated identity from whichever user it is linked to (the identity names the link).
 * The request names no other user, so Cognito's UserNotFoundException can only mean that no user
 * holds this identity any more: it is already unlinked, and a re-run succeeds saying so. A missing
 * pool (ResourceNotFoundException) or provider still fails.
 */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { providerName, providerUserId } = readProviderIdentity(this, context.itemIndex);
	try {
		await context.api.send('AdminDisableProviderForUser', {
			UserPoolId: context.userPoolId(),
			User: {
				ProviderName: providerName,
				ProviderAttributeName: 'Cognito_Subject',
				ProviderAttributeValue: providerUserId,
			},
		});
	} catch (error) {
		if (error instanceof CognitoError && error.awsName === 'UserNotFoundException') {
			return { providerName, providerUserId, unlinked: false, reason: 'notLinked' };
		}
		throw error;
	}
	return { providerName, providerUserId, unlinked: true };
}
