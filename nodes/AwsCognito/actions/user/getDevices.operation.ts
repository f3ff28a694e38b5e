import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, showFor, simplifyField, userLocator } from '../../descriptions';
import { readLimit, readSimplify } from '../../parameters';
import { attributesToRecord, collect, paginateUserDevices } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [userLocator, ...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(showFor('user', 'getDevices'), properties);

function deviceOutput(device: DeviceType, username: string, simplify: boolean): IDataObject {
	if (!simplify) return { ...device };
	const attributes = attributesToRecord(device.DeviceAttributes);
	return {
		username,
		deviceKey: device.DeviceKey,
		name: attributes.device_name ?? null,
		createdAt: device.DeviceCreateDate?.toISOString(),
		updatedAt: device.DeviceLastModifiedDate?.toISOString(),
		lastAuthenticatedAt: device.DeviceLastAuthenticatedDate?.toISOString() ?? null,
		attributes,
	};
}

/** The devices Cognito remembers for the user, every page (or up to the limit); one item per device. */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const limit = readLimit(this, context.itemIndex);
	const simplify = readSimplify(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	const devices = await collect(paginateUserDevices(context.api, userPoolId, username, { pageSize: limit }), limit);
	return devices.map((device) => deviceOutput(device, username, simplify));
}
