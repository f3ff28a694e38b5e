import type { INodeProperties } from 'n8n-workflow';

/** The federated identity Link Identity and Unlink Identity act on. */
export const providerIdentityFields: INodeProperties[] = [
	{
		displayName: 'Provider Name',
		name: 'providerName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Google',
		description:
			"The identity provider as named in the user pool: Google, Facebook, LoginWithAmazon, SignInWithApple, or your SAML/OIDC provider's name",
	},
	{
		displayName: 'Provider User ID',
		name: 'providerUserId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '110924517462876543210',
		description:
			"The user's ID at the provider: the sub claim of the provider's token (Cognito matches it as Cognito_Subject)",
	},
];
