import { updateDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

import { providerIdentityFields, showFor } from '../../descriptions';
import { readProviderIdentity } from '../../parameters';
import type { OperationContext, OperationResult } from '../types';

export const description = updateDisplayOptions(showFor('user', 'unlinkIdentity'), providerIdentityFields);

/** Unlinks a federated identity from whichever user it is linked to (the identity names the link). */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const { providerName, providerUserId } = readProviderIdentity(this, context.itemIndex);
	await context.api.send('AdminDisableProviderForUser', {
		UserPoolId: context.userPoolId(),
		User: {
			ProviderName: providerName,
			ProviderAttributeName: 'Cognito_Subject',
			ProviderAttributeValue: providerUserId,
		},
	});
	return { providerName, providerUserId, unlinked: true };
}
