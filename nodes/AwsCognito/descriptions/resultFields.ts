import type { INodeProperties } from 'n8n-workflow';

/** "Return All" and "Limit", as every n8n list operation offers them. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const includeLastSignInField: INodeProperties = {
	displayName: 'Include Last Sign-In',
	name: 'includeLastSignIn',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each user's last successful sign-in (lastSignInAt). Costs one extra call per user and needs a Plus-tier pool with threat protection; other pools get lastSignInAt: null and the reason.",
};
