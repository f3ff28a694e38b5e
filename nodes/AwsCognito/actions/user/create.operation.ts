import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { ifExistsOption, simplifyField } from '../../descriptions/common';
import { recordToAttributes, type OperationInput } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { attributeFields, readUserAttributes } from './attributes';
import { createOrReturnExisting, readSimplify, userOutput, withoutMetadata } from '../shared';
import { fetchUser } from './shared';

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
	...attributeFields,
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

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

interface CreateOptions {
	ifUserExists?: 'error' | 'returnExisting';
	temporaryPassword?: string;
}

export async function execute(
	this: IExecuteFunctions,
	{ api, itemIndex, userPoolId }: OperationContext,
): Promise<OperationResult> {
	const fail = (message: string, description: string) =>
		new NodeOperationError(this.getNode(), message, { description, itemIndex });
	const username = String(this.getNodeParameter('username', itemIndex, '') ?? '').trim();
	if (!username) {
		throw fail('Username is empty', "Enter the new user's username, or an expression that gives one.");
	}
	const attributes = readUserAttributes(this, itemIndex);
	const sendInvite = this.getNodeParameter('sendInvite', itemIndex, false) as boolean;
	if (sendInvite && !attributes.email) {
		throw fail(`Send Invite is on but user "${username}" has no email`, 'Fill in "Email", or turn off "Send Invite".');
	}
	if (attributes.email_verified === 'true' && !attributes.email) {
		throw fail(
			`Mark Email Verified is on but user "${username}" has no email`,
			'Fill in "Email", or turn off "Mark Email Verified".',
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as CreateOptions;
	const simplify = readSimplify(this, itemIndex);
	const poolId = userPoolId();

	const input: OperationInput<'AdminCreateUser'> = {
		UserPoolId: poolId,
		Username: username,
		// Cognito emails an invitation unless told not to: sending one is an explicit choice.
		...(sendInvite ? { DesiredDeliveryMediums: ['EMAIL'] } : { MessageAction: 'SUPPRESS' }),
		...(Object.keys(attributes).length ? { UserAttributes: recordToAttributes(attributes) } : {}),
		...(options.temporaryPassword ? { TemporaryPassword: options.temporaryPassword } : {}),
	};
	return await createOrReturnExisting(
		options.ifUserExists === 'returnExisting',
		'UsernameExistsException',
		async () => {
			const out = await api.send('AdminCreateUser', input);
			return simplify ? userOutput(out.User ?? {}, true) : withoutMetadata(out);
		},
		async () => await fetchUser(api, poolId, username, simplify),
	);
}
