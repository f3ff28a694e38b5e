import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class AwsCognitoApi implements ICredentialType {
	name = 'awsCognitoApi';

	displayName = 'AWS Cognito API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-aws-cognito#credential';

	icon = { light: 'file:../icons/awsCognito.svg', dark: 'file:../icons/awsCognito.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: 'us-east-1',
			required: true,
			placeholder: 'us-east-1',
			description: 'The AWS region of the user pool, e.g. eu-west-1',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (access keys starting with ASIA)',
		},
		{
			displayName: 'Default User Pool ID',
			name: 'userPoolId',
			type: 'string',
			default: '',
			placeholder: 'us-east-1_T5HyXiR7I',
			description:
				'Used by nodes whose User Pool field is left empty. With it set, the credential test only needs cognito-idp:ListUsers on this pool.',
		},
		{
			displayName: 'Custom Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://cognito-idp.eu-west-1.amazonaws.com',
			description:
				'Only for VPC endpoints or a local emulator; leave empty to use the AWS endpoint of the region. http and https only.',
		},
		{
			displayName: 'Quota Share (%)',
			name: 'quotaShare',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 80,
			description:
				'Share of each Cognito API rate quota this n8n may use. AWS quotas are per account and region, shared with your apps: keep headroom for them.',
		},
	];
}
