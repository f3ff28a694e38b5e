// A loopback layer in front of moto for the calls moto 5.2.1 lacks: remembered devices. It answers
// AdminListDevices, AdminGetDevice and AdminForgetDevice from devices it keeps in memory (put there
// with addDevice, as a user's sign-ins on a device-remembering pool would), in Cognito's JSON
// protocol with AWS's page limit, tokens and error names; every other call goes to moto unchanged.
// Whether the pool and the user exist is moto's answer: each device call first asks moto for the
// user (AdminGetUser), so a missing user or pool fails exactly as moto says. Used by the incident
// response example in the end-to-end run and in `npm run demo`. Listens on 127.0.0.1 only.
import http from 'node:http';

import { operationOf } from './quota-proxy.mjs';

const DEVICE_OPERATIONS = new Set(['AdminListDevices', 'AdminGetDevice', 'AdminForgetDevice']);
/** AWS: AdminListDevices returns at most 60 devices a call. */
const PAGE_LIMIT = 60;
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

class CognitoError extends Error {
	constructor(name, message) {
		super(message);
		this.name = name;
	}
}

function answer(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/x-amz-json-1.1',
		'content-length': Buffer.byteLength(text),
		...(status === 200 ? {} : { 'x-amzn-errortype': `${body.__type}:` }),
	});
	res.end(text);
}

/** Sends `body` to `target` as the request `req` (its headers, signature included) but with `operation`. */
function forward(target, req, body, operation = operationOf(req)) {
	return new Promise((resolve, reject) => {
		const headers = { ...req.headers, 'x-amz-target': `${TARGET_PREFIX}${operation}` };
		headers['content-length'] = String(body.length);
		const upstream = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }),
				);
				response.on('error', reject);
			},
		);
		upstream.on('error', reject);
		upstream.end(body);
	});
}

const seconds = (date) => Math.floor(date.getTime() / 1000);

/** A device as AdminListDevices returns it. */
function deviceType(device) {
	return {
		DeviceKey: device.key,
		DeviceAttributes: [
			{ Name: 'device_name', Value: device.name },
			{ Name: 'device_status', Value: 'valid' },
		],
		DeviceCreateDate: seconds(device.createdAt),
		DeviceLastModifiedDate: seconds(device.createdAt),
		DeviceLastAuthenticatedDate: seconds(device.lastSignInAt),
	};
}

/**
 * Starts the layer on a free 127.0.0.1 port in front of `targetEndpoint` (moto). Resolves
 * {endpoint, addDevice(poolId, username, {key, name}), devicesOf(poolId, username), calls(), stop()};
 * `calls()` counts the device calls it answered, by operation.
 */
export async function startDeviceLayer(targetEndpoint) {
	const target = new URL(targetEndpoint);
	/** `${poolId}/${username}` → devices in the order they were remembered. */
	const devices = new Map();
	const answered = {};
	const keyOf = (poolId, username) => `${poolId}/${username}`;

	/** The user's username as moto knows it (the request may name an alias), or moto's refusal. */
	async function userOf(req, input) {
		const body = Buffer.from(JSON.stringify({ UserPoolId: input.UserPoolId, Username: input.Username }));
		const response = await forward(target, req, body, 'AdminGetUser');
		const parsed = JSON.parse(response.body.toString('utf8') || '{}');
		if (response.status !== 200) return { refusal: response };
		return { username: parsed.Username };
	}

	async function deviceCall(operation, req, input) {
		if (typeof input.UserPoolId !== 'string' || typeof input.Username !== 'string') {
			throw new CognitoError('InvalidParameterException', 'UserPoolId and Username are required');
		}
		const user = await userOf(req, input);
		if (user.refusal) return user;
		const list = devices.get(keyOf(input.UserPoolId, user.username)) ?? [];
		if (operation === 'AdminListDevices') {
			const limit = input.Limit ?? PAGE_LIMIT;
			if (!Number.isInteger(limit) || limit < 0 || limit > PAGE_LIMIT) {
				throw new CognitoError(
					'InvalidParameterException',
					`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${PAGE_LIMIT}`,
				);
			}
			const start = input.PaginationToken ? Number(Buffer.from(input.PaginationToken, 'base64url').toString()) : 0;
			if (!Number.isInteger(start) || start < 0)
				throw new CognitoError('InvalidParameterException', 'Invalid pagination token');
			const page = list.slice(start, start + limit);
			const next = start + page.length;
			return {
				output: {
					Devices: page.map(deviceType),
					...(next < list.length ? { PaginationToken: Buffer.from(String(next)).toString('base64url') } : {}),
				},
			};
		}
		const index = list.findIndex((device) => device.key === input.DeviceKey);
		if (index < 0) throw new CognitoError('ResourceNotFoundException', 'Device does not exist.');
		if (operation === 'AdminGetDevice') return { output: { Device: deviceType(list[index]) } };
		list.splice(index, 1);
		return { output: {} };
	}

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('error', () => res.destroy());
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			const body = Buffer.concat(chunks);
			const operation = operationOf(req);
			try {
				if (!DEVICE_OPERATIONS.has(operation)) {
					const response = await forward(target, req, body);
					res.writeHead(response.status, response.headers);
					res.end(response.body);
					return;
				}
				answered[operation] = (answered[operation] ?? 0) + 1;
				const result = await deviceCall(operation, req, JSON.parse(body.toString('utf8') || '{}'));
				if (result.refusal) {
					res.writeHead(result.refusal.status, result.refusal.headers);
					res.end(result.refusal.body);
				} else answer(res, 200, result.output);
			} catch (error) {
				if (error instanceof CognitoError) answer(res, 400, { __type: error.name, message: error.message });
				else if (error instanceof SyntaxError)
					answer(res, 400, { __type: 'SerializationException', message: 'Malformed JSON' });
				else if (res.headersSent) res.destroy();
				else answer(res, 502, { __type: 'InternalErrorException', message: `moto did not answer: ${error.message}` });
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();

	return {
		endpoint: `http://127.0.0.1:${port}`,
		/** Remembers a device for a user, as a sign-in with "remember this device" would. */
		addDevice(poolId, username, { key, name, lastSignInAt = new Date() }) {
			const list = devices.get(keyOf(poolId, username)) ?? [];
			list.push({ key, name, createdAt: new Date(lastSignInAt.getTime() - 86_400_000), lastSignInAt });
			devices.set(keyOf(poolId, username), list);
		},
		/** The device keys the layer still remembers for a user. */
		devicesOf: (poolId, username) => (devices.get(keyOf(poolId, username)) ?? []).map((device) => device.key),
		calls: () => ({ ...answered }),
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
