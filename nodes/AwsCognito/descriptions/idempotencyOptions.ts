import type { INodeProperties } from 'n8n-workflow';

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
