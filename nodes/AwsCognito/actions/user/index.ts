import type { INodeProperties } from 'n8n-workflow';

import type { OperationField } from '../../descriptions';
import type { UserOperation } from '../node.type';
import type { Operation } from '../types';
import * as addToGroup from './addToGroup.operation';
import * as confirmSignUp from './confirmSignUp.operation';
import * as create from './create.operation';
import * as deleteUser from './delete.operation';
import * as disable from './disable.operation';
import * as enable from './enable.operation';
import * as forgetDevice from './forgetDevice.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getDevices from './getDevices.operation';
import * as getGroups from './getGroups.operation';
import * as getMfa from './getMfa.operation';
import * as getSignInEvents from './getSignInEvents.operation';
import * as linkIdentity from './linkIdentity.operation';
import * as removeFromGroup from './removeFromGroup.operation';
import * as resendInvitation from './resendInvitation.operation';
import * as resetPassword from './resetPassword.operation';
import * as setMfa from './setMfa.operation';
import * as setPassword from './setPassword.operation';
import * as signOut from './signOut.operation';
import * as unlinkIdentity from './unlinkIdentity.operation';
import * as update from './update.operation';

export const operations = {
	addToGroup,
	confirmSignUp,
	create,
	delete: deleteUser,
	disable,
	enable,
	forgetDevice,
	get,
	getAll,
	getDevices,
	getGroups,
	getMfa,
	getSignInEvents,
	linkIdentity,
	removeFromGroup,
	resendInvitation,
	resetPassword,
	setMfa,
	setPassword,
	signOut,
	unlinkIdentity,
	update,
} satisfies Record<UserOperation, Operation>;

export const operationField: OperationField<'user'> = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{
			name: 'Add to Group',
			value: 'addToGroup',
			description: 'Add a user to a group; succeeds if they are already a member',
			action: 'Add a user to a group',
		},
		{
			name: 'Confirm Sign-Up',
			value: 'confirmSignUp',
			description:
				'Confirm a user who signed up themselves (status UNCONFIRMED) without their verification code; succeeds if already confirmed',
			action: 'Confirm the sign up of a user',
		},
		{
			name: 'Create',
			value: 'create',
			description: 'Create a user, with or without an email invitation',
			action: 'Create a user',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a user',
			action: 'Delete a user',
		},
		{
			name: 'Disable',
			value: 'disable',
			description: 'Disable a user so that they cannot sign in; succeeds if already disabled',
			action: 'Disable a user',
		},
		{
			name: 'Enable',
			value: 'enable',
			description: 'Enable a disabled user; succeeds if already enabled',
			action: 'Enable a user',
		},
		{
			name: 'Forget Device',
			value: 'forgetDevice',
			description:
				'Forget one remembered device of a user, by device key, or all of them, so that their next sign-in on it asks for MFA again; succeeds if already forgotten',
			action: 'Forget the devices of a user',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a user by username, alias or sub',
			action: 'Get a user',
		},
		{
			name: 'Get Devices',
			value: 'getDevices',
			description: 'Get the devices Cognito remembers for a user (device key, name, last sign-in), every page',
			action: 'Get the devices of a user',
		},
		{
			name: 'Get Groups',
			value: 'getGroups',
			description: 'Get the groups a user belongs to',
			action: 'Get the groups of a user',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Get many users, optionally filtered by one attribute',
			action: 'Get many users',
		},
		{
			name: 'Get MFA',
			value: 'getMfa',
			description:
				"Get a user's multi-factor authentication settings: which of SMS, authenticator app (TOTP) and email are enabled, and which is preferred",
			action: 'Get the MFA settings of a user',
		},
		{
			name: 'Get Sign-In Events',
			value: 'getSignInEvents',
			description:
				"Get a user's sign-in history (auth events with result, risk, IP address and device), newest first; pools without threat protection answer that they keep none",
			action: 'Get the sign in events of a user',
		},
		{
			name: 'Link Identity',
			value: 'linkIdentity',
			description:
				'Link a federated identity (Google, Facebook, Apple, Amazon, SAML or OIDC) to an existing user, so that signing in with it signs in as that user',
			action: 'Link a federated identity to a user',
		},
		{
			name: 'Remove From Group',
			value: 'removeFromGroup',
			description: 'Remove a user from a group; succeeds if they are not a member',
			action: 'Remove a user from a group',
		},
		{
			name: 'Resend Invitation',
			value: 'resendInvitation',
			description:
				'Send a user who has not signed in yet their invitation again, with a new temporary password, by email or SMS',
			action: 'Resend the invitation of a user',
		},
		{
			name: 'Reset Password',
			value: 'resetPassword',
			description: "Reset a user's password: Cognito sends them a code to set a new one",
			action: 'Reset the password of a user',
		},
		{
			name: 'Set MFA',
			value: 'setMfa',
			description:
				"Enable or disable a user's MFA methods (SMS, authenticator app, email) and choose the preferred one; disable all to reset MFA after an incident",
			action: 'Set the MFA settings of a user',
		},
		{
			name: 'Set Password',
			value: 'setPassword',
			description:
				"Set a user's password as an administrator: permanent (they sign in with it) or temporary (they must change it at next sign-in)",
			action: 'Set the password of a user',
		},
		{
			name: 'Sign Out',
			value: 'signOut',
			description: 'Sign a user out of every device by revoking their tokens',
			action: 'Sign out a user everywhere',
		},
		{
			name: 'Unlink Identity',
			value: 'unlinkIdentity',
			description:
				'Unlink a federated identity (provider name and provider user ID) from the user it is linked to; it then signs in as a separate user. Succeeds with unlinked: false when it is already unlinked.',
			action: 'Unlink a federated identity from a user',
		},
		{
			name: 'Update',
			value: 'update',
			description: "Update a user's attributes",
			action: 'Update a user',
		},
	],
	default: 'get',
};

export const description: INodeProperties[] = Object.values(operations).flatMap((operation) => operation.description);
