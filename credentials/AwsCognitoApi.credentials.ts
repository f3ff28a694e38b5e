import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class AwsCognitoApi implements ICredentialType {
	name = 'awsCognitoApi';

	displayName = 'AWS Cognito API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-aws-cognito#credential';

	icon = { light: 'file:../icons/awsCognito.svg', dark: 'file:../icons/awsCognito.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Keys',
					value: 'accessKeys',
					description: 'An IAM access key (and session token for temporary keys)',
				},
				{
					name: 'Assume Role',
					value: 'assumeRole',
					description: 'Temporary keys of an IAM role, assumed with access keys or the host credentials',
				},
				{
					name: 'Host Credentials',
					value: 'hostCredentials',
					description:
						"The n8n server's own AWS credentials (environment, profile, IRSA, container role, instance role); off unless the administrator allows them",
				},
			],
			default: 'accessKeys',
		},
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
			displayOptions: { show: { authentication: ['accessKeys'] } },
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Access Key',
			displayOptions: { show: { authentication: ['accessKeys'] } },
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Session Token',
			displayOptions: { show: { authentication: ['accessKeys'] } },
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (access keys starting with ASIA)',
		},
		{
			displayName: 'Role ARN',
			name: 'roleArn',
			type: 'string',
			displayOptions: { show: { authentication: ['assumeRole'] } },
			default: '',
			required: true,
			placeholder: 'arn:aws:iam::123456789012:role/n8n-cognito',
			description: 'The role to assume; its policy decides what this credential may do in Cognito',
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			displayOptions: { show: { authentication: ['assumeRole'] } },
			default: '',
			description:
				'The value of the "sts:ExternalId" condition in the role\'s trust policy. Recommended whenever the role trusts another account.',
		},
		{
			displayName: 'Session Name',
			name: 'roleSessionName',
			type: 'string',
			displayOptions: { show: { authentication: ['assumeRole'] } },
			default: 'n8n-aws-cognito',
			description:
				'Shown in CloudTrail for every call made with the role: 2 to 64 letters, digits or +=,.@_-. Never put a secret in it.',
		},
		{
			displayName: 'Session Duration (Seconds)',
			name: 'sessionDuration',
			type: 'number',
			typeOptions: { minValue: 900, maxValue: 43200 },
			displayOptions: { show: { authentication: ['assumeRole'] } },
			default: 3600,
			description:
				"Lifetime of each set of temporary keys (renewed automatically before they expire), at most the role's maximum session duration",
		},
		{
			displayName: 'Assume Role With',
			name: 'roleSource',
			type: 'options',
			displayOptions: { show: { authentication: ['assumeRole'] } },
			options: [
				{
					name: 'Access Keys',
					value: 'accessKeys',
					description: 'An IAM access key allowed sts:AssumeRole on the role',
				},
				{
					name: 'Host Credentials',
					value: 'hostCredentials',
					description: "The n8n server's own AWS credentials; off unless the administrator allows them",
				},
			],
			default: 'accessKeys',
		},
		{
			displayName: 'Access Key ID',
			displayOptions: { show: { authentication: ['assumeRole'], roleSource: ['accessKeys'] } },
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Access Key',
			displayOptions: { show: { authentication: ['assumeRole'], roleSource: ['accessKeys'] } },
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Session Token',
			displayOptions: { show: { authentication: ['assumeRole'], roleSource: ['accessKeys'] } },
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (access keys starting with ASIA)',
		},
		{
			displayName:
				"Host credentials work only if the n8n administrator sets N8N_COGNITO_ALLOW_HOST_CREDENTIALS=true on every n8n process. Without it, anyone who can create a credential could act as the n8n server's own IAM identity.",
			name: 'hostCredentialsNotice',
			type: 'notice',
			displayOptions: { show: { authentication: ['hostCredentials'] } },
			default: '',
		},
		{
			displayName:
				'Host credentials work only if the n8n administrator sets N8N_COGNITO_ALLOW_HOST_CREDENTIALS=true on every n8n process.',
			name: 'roleSourceNotice',
			type: 'notice',
			displayOptions: { show: { authentication: ['assumeRole'], roleSource: ['hostCredentials'] } },
			default: '',
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
				'Cognito only: for a VPC endpoint or a local emulator; leave empty to use the AWS endpoint of the region. http and https only.',
		},
		{
			displayName: 'STS Endpoint',
			name: 'stsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://sts.eu-west-1.amazonaws.com',
			description:
				'Only for an STS VPC endpoint or an emulator. Empty: the Custom Endpoint if set (emulators serve both), else the regional STS endpoint. STS assumes the role and tells which account the quotas belong to.',
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
