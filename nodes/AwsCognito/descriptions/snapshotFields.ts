import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

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
