import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/** Profile fields with their own parameter; the parameter name is the Cognito attribute name. */
const DEDICATED_FIELDS = [
	{ name: 'email', displayName: 'Email' },
	{ name: 'given_name', displayName: 'Given Name' },
	{ name: 'family_name', displayName: 'Family Name' },
] as const;

/** The attribute parameters shared by Create and Update. */
export const attributeFields: INodeProperties[] = [
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

interface AttributeRow {
	name?: unknown;
	value?: unknown;
}

/**
 * The attributes to send for one item, from the dedicated fields and the Additional Attributes
 * rows. Empty dedicated fields are left out; additional names and values are forwarded verbatim.
 * Throws on a row without a name or an attribute given twice.
 */
export function readUserAttributes(context: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { description, itemIndex });
	const attributes = new Map<string, string>();
	/** Attribute name → the field that set it, for messages. */
	const setBy = new Map<string, string>();

	for (const { name, displayName } of DEDICATED_FIELDS) {
		const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
		if (value) {
			attributes.set(name, value);
			setBy.set(name, `the ${displayName} field`);
		}
	}
	if (context.getNodeParameter('markEmailVerified', itemIndex, false) as boolean) {
		attributes.set('email_verified', 'true');
		setBy.set('email_verified', 'Mark Email Verified');
	}

	const rows = context.getNodeParameter('additionalAttributes.attribute', itemIndex, []) as AttributeRow[];
	rows.forEach((row, index) => {
		const name = String(row.name ?? '').trim();
		if (!name) {
			throw fail(
				`Additional attribute ${index + 1} has no name`,
				'Enter the attribute\'s name, such as "nickname" or "custom:department", or remove the row.',
			);
		}
		const earlier = setBy.get(name);
		if (earlier) {
			throw fail(
				`Attribute "${name}" is set twice: by ${earlier} and by additional attribute ${index + 1}`,
				`Set "${name}" in one place only.`,
			);
		}
		attributes.set(name, row.value === undefined || row.value === null ? '' : String(row.value));
		setBy.set(name, `additional attribute ${index + 1}`);
	});
	return Object.fromEntries(attributes);
}
