import type { INodeProperties } from 'n8n-workflow';

// Cognito's limits for group fields (CreateGroup API reference), checked before any call.
/** GroupName: 1–128 letters, marks, symbols, numbers, punctuation. */
export const GROUP_NAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
export const MAX_GROUP_NAME_LENGTH = 128;
export const MAX_DESCRIPTION_LENGTH = 2048;
export const MAX_PRECEDENCE = 2 ** 31 - 1;
/** An IAM role in any partition; path and name use the characters Cognito's RoleArn pattern allows. */
export const ROLE_ARN_PATTERN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
export const MAX_ROLE_ARN_LENGTH = 2048;

/** The settings a group has besides its name: offered by Create ("Additional Fields") and Update ("Update Fields"). */
export const groupSettingFields: INodeProperties[] = [
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		description: `What the group is for, up to ${MAX_DESCRIPTION_LENGTH} characters`,
	},
	{
		displayName: 'Precedence',
		name: 'precedence',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			"Which group's IAM role wins in the tokens of a user in several groups: the lowest value, 0 being the highest priority",
	},
	{
		displayName: 'Role ARN',
		name: 'roleArn',
		type: 'string',
		default: '',
		placeholder: 'arn:aws:iam::123456789012:role/AdminsRole',
		description: "IAM role for the group's members, given in their tokens' cognito:roles claim",
	},
];
