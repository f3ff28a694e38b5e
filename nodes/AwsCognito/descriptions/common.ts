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

/** The Options of a delete: "Succeed If Missing", for workflows that must be safe to re-run. */
export function deleteOptions(noun: 'group' | 'user', note = ''): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Succeed If Missing',
				name: 'succeedIfMissing',
				type: 'boolean',
				default: false,
				description: `Whether a ${noun} that does not exist counts as deleted (output "deleted": false, "reason": "notFound") instead of an error, so that a re-run of the workflow succeeds${note}`,
			},
		],
	};
}

export const includeLastSignInField: INodeProperties = {
	displayName: 'Include Last Sign-In',
	name: 'includeLastSignIn',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each user's last successful sign-in (lastSignInAt). Costs one extra call per user and needs a Plus-tier pool with threat protection; other pools get lastSignInAt: null and the reason.",
};

/** "If User Exists" / "If Group Exists": what a create does when the name is taken. */
export function ifExistsOption(noun: 'group' | 'user', whenTaken: string): INodeProperties {
	const title = noun === 'user' ? 'User' : 'Group';
	return {
		displayName: `If ${title} Exists`,
		name: `if${title}Exists`,
		type: 'options',
		options: [
			{
				name: 'Fail',
				value: 'error',
				description: 'Stop with an error (or an error item, with Continue On Fail)',
			},
			{
				name: `Return Existing ${title}`,
				value: 'returnExisting',
				description: `Return the existing ${noun}, unchanged, with "existed" set to true, so that a re-run of the workflow succeeds`,
			},
		],
		default: 'error',
		description: `What to do when ${whenTaken}`,
	};
}
