import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { includeLastSignInField, returnAllAndLimit, showFor, simplifyField } from '../../descriptions';
import { readIncludeLastSignIn, readLimit, readSimplify, readUserFilter } from '../../parameters';
import { collect, paginateUsers } from '../../transport';
import { withLastSignIn } from '../lastSignIn';
import { userOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'fixedCollection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Let Cognito return only the users whose attribute matches. Cognito filters on one attribute.',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Attribute',
						name: 'attribute',
						type: 'options',
						// Cognito's searchable attributes; a ListUsers filter accepts no others.
						options: [
							{
								name: 'Confirmation Status',
								value: 'cognito:user_status',
								description: '"cognito:user_status": e.g. CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED',
							},
							{ name: 'Email', value: 'email' },
							{ name: 'Enabled Status', value: 'status', description: '"status": Enabled or Disabled' },
							{ name: 'Family Name', value: 'family_name' },
							{ name: 'Given Name', value: 'given_name' },
							{ name: 'Name', value: 'name' },
							{ name: 'Phone Number', value: 'phone_number' },
							{ name: 'Preferred Username', value: 'preferred_username' },
							{ name: 'Sub (User ID)', value: 'sub' },
							{ name: 'Username', value: 'username' },
						],
						default: 'email',
					},
					{
						displayName: 'Match',
						name: 'match',
						type: 'options',
						options: [
							{ name: 'Equals', value: 'equals' },
							{ name: 'Starts With', value: 'startsWith' },
						],
						default: 'equals',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'jane@example.com',
						description:
							'Case-sensitive. For Enabled Status use "Enabled" or "Disabled"; for Confirmation Status e.g. "CONFIRMED" or "FORCE_CHANGE_PASSWORD".',
					},
				],
			},
		],
	},
	simplifyField,
	includeLastSignInField,
];

export const description = updateDisplayOptions(showFor('user', 'getAll'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const limit = readLimit(this, itemIndex);
	const filter = readUserFilter(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const poolId = userPoolId();
	const users = await collect(paginateUsers(api, poolId, { pageSize: limit, filter }), limit);
	const items = users.map((user) => userOutput(user, simplify));
	if (!readIncludeLastSignIn(this, itemIndex)) return items;
	return await withLastSignIn(
		api,
		poolId,
		users.map((user, index) => ({ username: user.Username ?? '', item: items[index] })),
	);
}
