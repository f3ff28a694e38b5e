import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { showFor, userLocator } from '../../descriptions';
import { readDeviceChoice } from '../../parameters';
import { CognitoError, collect, paginateUserDevices } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { lookUpTargetUser, type TargetUser } from './targetUser';

const properties: INodeProperties[] = [
	userLocator,
	{
		displayName: 'Device',
		name: 'device',
		type: 'options',
		options: [
			{ name: 'All Devices of the User', value: 'all', description: 'Lists them, then forgets each one' },
			{ name: 'One Device', value: 'one', description: 'By its device key, as Get Devices returns it' },
		],
		default: 'all',
	},
	{
		displayName: 'Device Key',
		name: 'deviceKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'us-east-1_a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
		description: 'The device key, from Get Devices',
		displayOptions: { show: { device: ['one'] } },
	},
];

export const description = updateDisplayOptions(showFor('user', 'forgetDevice'), properties);

/** Forgets one device; a device already forgotten counts as done, so a re-run is harmless. */
async function forget({ userPoolId, username }: TargetUser, context: OperationContext, deviceKey: string) {
	try {
		await context.api.send('AdminForgetDevice', { UserPoolId: userPoolId, Username: username, DeviceKey: deviceKey });
		return true;
	} catch (error) {
		if (error instanceof CognitoError && error.missing === 'device') return false;
		throw error;
	}
}

/** Remembered devices skip MFA: forgetting them makes the next sign-in on each ask for it again. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const choice = readDeviceChoice(this, context.itemIndex);
	const target = await lookUpTargetUser(this, context);
	const deviceKeys =
		choice.device === 'one'
			? [choice.deviceKey]
			: (await collect(paginateUserDevices(context.api, target.userPoolId, target.username))).flatMap((device) =>
					device.DeviceKey ? [device.DeviceKey] : [],
				);
	const forgotten: string[] = [];
	for (const deviceKey of deviceKeys) if (await forget(target, context, deviceKey)) forgotten.push(deviceKey);
	return { username: target.username, forgotten: forgotten.length, deviceKeys: forgotten };
}
