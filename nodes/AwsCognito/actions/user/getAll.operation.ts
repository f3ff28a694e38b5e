import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { includeLastSignInField, returnAllAndLimit, showFor, simplifyField } from '../../descriptions';
import { OTHER_ATTRIBUTE, readIncludeLastSignIn, readLimit, readSimplify, readUserFilter } from '../../parameters';
import { collect, keepMatching, paginateUsers } from '../../transport';
import { withLastSignIn } from '../lastSignIn';
import { userOutput } from '../output';
import type { OperationContext, OperationResult } from '../types';

/** Which attributes Cognito can filter on itself, said where the user picks one. */
const SEARCHABLE = 'Searchable: Cognito filters on it with Equals or Starts With';
const READS_POOL = 'Not searchable: every match reads the whole pool';

const ATTRIBUTE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Birthdate', value: 'birthdate', description: READS_POOL },
	{
		name: 'Confirmation Status',
		value: 'cognito:user_status',
		description: `"cognito:user_status": e.g. CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED. ${SEARCHABLE}.`,
	},
	{ name: 'Email', value: 'email', description: SEARCHABLE },
	{ name: 'Email Verified', value: 'email_verified', description: `"true" or "false". ${READS_POOL}.` },
	{ name: 'Enabled Status', value: 'status', description: `"status": Enabled or Disabled. ${SEARCHABLE}.` },
	{ name: 'Family Name', value: 'family_name', description: SEARCHABLE },
	{ name: 'Given Name', value: 'given_name', description: SEARCHABLE },
	{ name: 'Locale', value: 'locale', description: READS_POOL },
	{ name: 'Middle Name', value: 'middle_name', description: READS_POOL },
	{ name: 'Name', value: 'name', description: SEARCHABLE },
	{ name: 'Nickname', value: 'nickname', description: READS_POOL },
	{
		name: 'Other Attribute (Enter Name)',
		value: OTHER_ATTRIBUTE,
		description: `Any attribute by name, e.g. custom:department. ${READS_POOL}.`,
	},
	{ name: 'Phone Number', value: 'phone_number', description: SEARCHABLE },
	{ name: 'Preferred Username', value: 'preferred_username', description: SEARCHABLE },
	{ name: 'Sub (User ID)', value: 'sub', description: SEARCHABLE },
	{ name: 'Username', value: 'username', description: SEARCHABLE },
	{ name: 'Zoneinfo', value: 'zoneinfo', description: READS_POOL },
];

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'fixedCollection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Return only the users whose attribute matches. On a searchable attribute with Equals or Starts With, Cognito filters (only matching users are read). Any other attribute (custom ones included), Contains, Is Empty and Is Not Empty read the whole pool, 60 users per ListUsers call from the UserList quota: 100,000 users take about 1,667 calls, about 70 s at the default quota share; with a Limit the reading stops once that many users match.',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Attribute',
						name: 'attribute',
						type: 'options',
						options: ATTRIBUTE_OPTIONS,
						default: 'email',
					},
					{
						displayName: 'Attribute Name',
						name: 'attributeName',
						type: 'string',
						default: '',
						placeholder: 'custom:department',
						description:
							'Any attribute by its exact name: "custom:department", or a standard one such as "nickname". Reads the whole pool.',
						displayOptions: { show: { attribute: [OTHER_ATTRIBUTE] } },
					},
					{
						displayName: 'Match',
						name: 'match',
						type: 'options',
						options: [
							{
								name: 'Contains',
								value: 'contains',
								description: 'Reads the whole pool',
							},
							{
								name: 'Equals',
								value: 'equals',
								description: 'Cognito filters on searchable attributes; others read the whole pool',
							},
							{
								name: 'Is Empty',
								value: 'isEmpty',
								description: 'The user has no value for the attribute. Reads the whole pool.',
							},
							{
								name: 'Is Not Empty',
								value: 'isNotEmpty',
								description: 'The user has a value for the attribute. Reads the whole pool.',
							},
							{
								name: 'Starts With',
								value: 'startsWith',
								description: 'Cognito filters on searchable attributes; others read the whole pool',
							},
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
						displayOptions: { show: { match: ['equals', 'startsWith', 'contains'] } },
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
	const users =
		filter?.where === 'pages'
			? // Cognito cannot filter on this: read 60 a page, keep the matches of each page as it comes.
				await collect(keepMatching(paginateUsers(api, poolId), filter.test), limit)
			: await collect(paginateUsers(api, poolId, { pageSize: limit, filter: filter?.filter }), limit);
	const items = users.map((user) => userOutput(user, simplify));
	if (!readIncludeLastSignIn(this, itemIndex)) return items;
	return await withLastSignIn(
		api,
		poolId,
		users.map((user, index) => ({ username: user.Username ?? '', item: items[index] })),
	);
}
