import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { ifExistsOption, showFor, simplifyField, userAttributeFields } from '../../descriptions';
import { readNewUser, readReturnExisting, readSimplify } from '../../parameters';
import { recordToAttributes, type OperationInput } from '../../transport';
import { createOrReturnExisting } from '../idempotency';
import { userOutput, withoutMetadata } from '../output';
import type { OperationContext, OperationResult } from '../types';
import { fetchUser } from './targetUser';

const properties: INodeProperties[] = [
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'jane.doe',
		description:
			"The new user's username; an email or phone number if the pool signs users in by those. Often an expression, such as the email from an approval form.",
	},
	...userAttributeFields,
	{
		displayName: 'Send Invite',
		name: 'sendInvite',
		type: 'boolean',
		default: false,
		description:
			'Whether Cognito emails the user an invitation with a temporary password. Needs an email. Off, no message is sent.',
	},
	simplifyField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			ifExistsOption('user', 'the username is already taken'),
			{
				displayName: 'Temporary Password',
				name: 'temporaryPassword',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'The password the user must change at first sign-in. Leave empty to let Cognito generate one.',
			},
		],
	},
];

export const description = updateDisplayOptions(showFor('user', 'create'), properties);

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const { username, attributes, sendInvite, temporaryPassword } = readNewUser(this, itemIndex);
	const returnExisting = readReturnExisting(this, itemIndex, 'ifUserExists');
	const simplify = readSimplify(this, itemIndex);
	const poolId = userPoolId();

	const input: OperationInput<'AdminCreateUser'> = {
		UserPoolId: poolId,
		Username: username,
		// Cognito emails an invitation unless told not to: sending one is an explicit choice.
		...(sendInvite ? { DesiredDeliveryMediums: ['EMAIL'] } : { MessageAction: 'SUPPRESS' }),
		...(Object.keys(attributes).length ? { UserAttributes: recordToAttributes(attributes) } : {}),
		...(temporaryPassword ? { TemporaryPassword: temporaryPassword } : {}),
	};
	return await createOrReturnExisting(
		returnExisting,
		'UsernameExistsException',
		async () => {
			const out = await api.send('AdminCreateUser', input);
			return simplify ? userOutput(out.User ?? {}, true) : withoutMetadata(out);
		},
		async () => await fetchUser(api, poolId, username, simplify),
	);
}
