import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { SnapshotOutput } from '../sync';

/** The ways to emit a snapshot, shared by the trigger's "Emit" and the action's "Output". */
export const snapshotOutputOptions: Array<INodePropertyOptions & { value: SnapshotOutput }> = [
	{
		name: 'Snapshot',
		value: 'snapshot',
		description: 'One item with every user and their groups, every group and its member count, and the call stats',
	},
	{
		name: 'Users',
		value: 'users',
		description: 'One item per user with their groups, flat for CSV files and spreadsheets',
	},
];

/** Options of a full snapshot, shared by the trigger and the action's "Take Snapshot". */
export const snapshotOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Include Memberships',
			name: 'includeMemberships',
			type: 'boolean',
			default: true,
			description:
				'Whether to read which users belong to which groups. Costs one call per group (more for groups over 60 members), or one per user when the pool has fewer users than groups.',
		},
		{
			displayName: 'Include Pool Description',
			name: 'includePoolDescription',
			type: 'boolean',
			default: false,
			description:
				"Whether to add the pool's settings (feature tier, MFA, attributes) to the snapshot, at the cost of one call",
		},
	],
};

/**
 * "Output As" (Items or One File) and the file's fields, shared by the trigger (shown for Emit:
 * Snapshot and Users, through `show`) and Take Snapshot.
 */
export function snapshotFileFields(show: IDisplayOptions['show'] = {}): INodeProperties[] {
	const forFile = { show: { ...show, outputAs: ['file'] } };
	return [
		{
			displayName: 'Output As',
			name: 'outputAs',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Items',
					value: 'items',
					description: 'As chosen above: one snapshot item, or one item per user',
				},
				{
					name: 'One File',
					value: 'file',
					description:
						'One item holding the whole output as a file (CSV or JSON Lines) in a binary field, with the counts and stats: for big pools, where an item per user weighs on n8n',
				},
			],
			default: 'items',
			...(Object.keys(show).length > 0 ? { displayOptions: { show } } : {}),
		},
		{
			displayName: 'File Format',
			name: 'fileFormat',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'CSV',
					value: 'csv',
					description: 'A header, then one row per user with the same columns as the Users items (UTF-8, CRLF)',
				},
				{
					name: 'JSON Lines',
					value: 'jsonl',
					description:
						'One JSON object a line: each user as a Users item; for Snapshot, a line per group then a line per user, each with a "type" field',
				},
			],
			default: 'csv',
			displayOptions: forFile,
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
			displayOptions: forFile,
		},
		{
			displayName: 'Escape Formulas',
			name: 'escapeFormulas',
			type: 'boolean',
			default: true,
			description:
				"Whether to prefix ' to text starting with =, +, -, @, a tab or a carriage return (numbers such as +31600000000 excepted), so that a spreadsheet opening the file never runs a user's attribute as a formula. Turn off when programs read the file.",
			displayOptions: { show: { ...forFile.show, fileFormat: ['csv'] } },
		},
	];
}
