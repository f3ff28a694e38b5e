/** Get Devices and Forget Device; moto does not implement the device calls, so the SDK is mocked. */
import {
	AdminForgetDeviceCommand,
	AdminListDevicesCommand,
	ResourceNotFoundException,
	type DeviceType,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_Devices1';
const metadata = { $metadata: { httpStatusCode: 200 } };
const byUsername = (value: string) => ({ mode: 'username', value });
const { run, runError } = nodeRunner('user', { credentials: unitCredentials('devices'), userPoolId: POOL_ID });

const devices: DeviceType[] = Array.from({ length: 65 }, (_, i) => ({
	DeviceKey: `us-east-1_device-${i + 1}`,
	DeviceAttributes: [{ Name: 'device_name', Value: `Laptop ${i + 1}` }],
	DeviceCreateDate: new Date('2025-01-01T00:00:00.000Z'),
	DeviceLastAuthenticatedDate: new Date('2025-02-01T00:00:00.000Z'),
}));

beforeEach(() => {
	cognito.on(AdminListDevicesCommand).callsFake((input: { Limit?: number; PaginationToken?: string }) => {
		const start = Number(input.PaginationToken ?? 0);
		const end = Math.min(devices.length, start + (input.Limit ?? 60));
		return {
			...metadata,
			Devices: devices.slice(start, end),
			PaginationToken: end < devices.length ? String(end) : undefined,
		};
	});
});
const listInputs = () => inputsOf(cognito, AdminListDevicesCommand);

describe('getDevices', () => {
	it('with Return All, follows PaginationToken through every page, one item per device', async () => {
		const output = await run('getDevices', { user: byUsername('jane'), returnAll: true });
		expect(listInputs()).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', Limit: 60 },
			{ UserPoolId: POOL_ID, Username: 'jane', Limit: 60, PaginationToken: '60' },
		]);
		expect(output).toHaveLength(65);
		expect(output[0].json).toEqual({
			username: 'jane',
			deviceKey: 'us-east-1_device-1',
			name: 'Laptop 1',
			createdAt: '2025-01-01T00:00:00.000Z',
			lastAuthenticatedAt: '2025-02-01T00:00:00.000Z',
			attributes: { device_name: 'Laptop 1' },
		});
	});

	it('with a limit, asks for no more than it needs', async () => {
		const output = await run('getDevices', { user: byUsername('jane'), returnAll: false, limit: 2, simplify: false });
		expect(listInputs()).toEqual([{ UserPoolId: POOL_ID, Username: 'jane', Limit: 2 }]);
		expect(output.map((o) => o.json.DeviceKey)).toEqual(['us-east-1_device-1', 'us-east-1_device-2']);
	});
});

describe('forgetDevice', () => {
	it('forgets one device by its key', async () => {
		cognito.on(AdminForgetDeviceCommand).resolves(metadata);
		const [item] = await run('forgetDevice', {
			user: byUsername('jane'),
			device: 'one',
			deviceKey: ' us-east-1_device-7 ',
		});
		expect(inputsOf(cognito, AdminForgetDeviceCommand)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', DeviceKey: 'us-east-1_device-7' },
		]);
		expect(listInputs()).toHaveLength(0);
		expect(item.json).toEqual({ username: 'jane', forgotten: 1, deviceKeys: ['us-east-1_device-7'] });
	});

	it('forgets every device of the user, across pages', async () => {
		cognito.on(AdminForgetDeviceCommand).resolves(metadata);
		const [item] = await run('forgetDevice', { user: byUsername('jane'), device: 'all' });
		expect(inputsOf(cognito, AdminForgetDeviceCommand).map((i) => i.DeviceKey)).toEqual(
			devices.map((d) => d.DeviceKey),
		);
		expect(item.json.forgotten).toBe(65);
	});

	it('counts a device already forgotten as done', async () => {
		cognito
			.on(AdminForgetDeviceCommand)
			.rejects(
				new ResourceNotFoundException({ message: 'Device does not exist.', $metadata: { httpStatusCode: 400 } }),
			);
		const [item] = await run('forgetDevice', { user: byUsername('jane'), device: 'one', deviceKey: 'gone' });
		expect(item.json).toEqual({ username: 'jane', forgotten: 0, deviceKeys: [] });
	});

	it('still fails, naming the pool, when the pool is missing', async () => {
		cognito.on(AdminForgetDeviceCommand).rejects(
			new ResourceNotFoundException({
				message: `User pool ${POOL_ID} does not exist.`,
				$metadata: { httpStatusCode: 400 },
			}),
		);
		const error = await runError('forgetDevice', { user: byUsername('jane'), device: 'one', deviceKey: 'k' });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toContain(`User pool "${POOL_ID}" was not found`);
	});

	it('refuses an empty device key before any call', async () => {
		const error = await runError('forgetDevice', { user: byUsername('jane'), device: 'one', deviceKey: '={{ "" }}' });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('Device Key is empty');
		expect(cognito.calls()).toHaveLength(0);
	});
});
