import type { INodeProperties } from 'n8n-workflow';

/** Profile fields with their own parameter; the parameter name is the Cognito attribute name. */
export const DEDICATED_ATTRIBUTE_FIELDS = [
	{ name: 'email', displayName: 'Email' },
	{ name: 'given_name', displayName: 'Given Name' },
	{ name: 'family_name', displayName: 'Family Name' },
] as const;

/** The attribute parameters shared by Create and Update. */
export const userAttributeFields: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'The "email" attribute. Leave empty to not set it.',
	},
	{
		displayName: 'Given Name',
		name: 'given_name',
		type: 'string',
		default: '',
		description: 'The "given_name" attribute. Leave empty to not set it.',
	},
	{
		displayName: 'Family Name',
		name: 'family_name',
		type: 'string',
		default: '',
		description: 'The "family_name" attribute. Leave empty to not set it.',
	},
	{
		displayName: 'Mark Email Verified',
		name: 'markEmailVerified',
		type: 'boolean',
		default: false,
		description:
			'Whether to set "email_verified" to true, so that the user can sign in and recover their password with this email without a verification code',
	},
	{
		displayName: 'Additional Attributes',
		name: 'additionalAttributes',
		type: 'fixedCollection',
		placeholder: 'Add Attribute',
		typeOptions: { multipleValues: true },
		default: {},
		description: 'Other attributes, sent to Cognito under exactly the name given',
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						placeholder: 'custom:department',
						default: '',
						description: 'The attribute\'s name as the user pool knows it, such as "nickname" or "custom:department"',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
];
