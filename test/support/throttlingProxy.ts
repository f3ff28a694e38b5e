/**
 * A loopback HTTP proxy in front of moto that injects AWS throttling errors.
 *
 * moto never throttles. For fault tests, point the client at `proxy.endpoint` instead of moto's:
 * requests whose `X-Amz-Target` matches the policy are answered the way Cognito answers a
 * throttled call (HTTP 400, `x-amzn-ErrorType`, JSON `__type`), everything else is forwarded to
 * moto unchanged and the answer is piped back.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * Errors the proxy can answer with. The first two are throttling (retried by the transport);
 * AccessDeniedException is not retried, for tests of a call that fails for good part-way.
 */
export type ThrottleErrorName = 'TooManyRequestsException' | 'LimitExceededException' | 'AccessDeniedException';

export interface ThrottlePolicy {
	/** Reject the first n matching requests (counted since the policy was set). */
	failFirst?: number;
	/** Reject every k-th matching request: the k-th, 2k-th, ... (counted since the policy was set). */
	failEvery?: number;
	/** Error to answer with. Default `TooManyRequestsException`. */
	errorName?: ThrottleErrorName;
	/**
	 * Only these targets are subject to the policy; all others are always forwarded. Entries may be
	 * full (`AWSCognitoIdentityProviderService.ListUsers`) or just the operation (`ListUsers`).
	 * Unset: every request matches.
	 */
	onlyTargets?: string[];
}

export interface TargetStats {
	forwarded: number;
	rejected: number;
}

export interface ProxyStats {
	/** Forwarded to moto, all targets. */
	forwarded: number;
	/** Answered with a throttling error, all targets. */
	rejected: number;
	/** Forwarding failed (moto unreachable): answered 502. */
	upstreamErrors: number;
	/** Per `X-Amz-Target` value (`(none)` when the header is absent). */
	byTarget: Record<string, TargetStats>;
}

export interface ThrottlingProxy {
	/** Base URL of the proxy, e.g. `http://127.0.0.1:40124`. */
	readonly endpoint: string;
	readonly port: number;
	/** Replace the policy and restart its request sequence (failFirst/failEvery count from 0 again). */
	setPolicy(policy: ThrottlePolicy): void;
	/** A snapshot of the counters. */
	stats(): ProxyStats;
	/** Zero the counters (does not touch the policy sequence). */
	resetStats(): void;
	/** Close the listener and every open connection. */
	stop(): Promise<void>;
}

const NO_TARGET = '(none)';

const MESSAGES: Record<ThrottleErrorName, string> = {
	TooManyRequestsException: 'Too many requests',
	LimitExceededException: 'Limit exceeded',
	AccessDeniedException: 'User is not authorized to perform this action',
};

/** Hop-by-hop headers are per connection; Node manages them on each side. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);

function withoutHopByHop(rawHeaders: string[]): string[] {
	const kept: string[] = [];
	for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
		if (!HOP_BY_HOP.has(rawHeaders[i].toLowerCase())) kept.push(rawHeaders[i], rawHeaders[i + 1]);
	}
	return kept;
}

function validate(policy: ThrottlePolicy): void {
	for (const key of ['failFirst', 'failEvery'] as const) {
		const value = policy[key];
		if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
			throw new Error(`throttling proxy: ${key} must be a non-negative integer, got ${String(value)}`);
		}
	}
}

function targetMatches(target: string, onlyTargets: string[] | undefined): boolean {
	if (onlyTargets === undefined) return true;
	const operation = target.slice(target.lastIndexOf('.') + 1);
	return onlyTargets.some((entry) => entry === target || entry === operation);
}

/** Start a throttling proxy on a free 127.0.0.1 port, forwarding to `targetEndpoint` (moto). */
export async function startThrottlingProxy(
	targetEndpoint: string,
	initialPolicy: ThrottlePolicy = {},
): Promise<ThrottlingProxy> {
	const upstream = new URL(targetEndpoint);
	if (upstream.protocol !== 'http:') throw new Error(`throttling proxy: only http targets, got ${targetEndpoint}`);
	const upstreamAgent = new http.Agent({ keepAlive: true });

	validate(initialPolicy);
	let policy: ThrottlePolicy = { ...initialPolicy };
	let matchedSincePolicy = 0;
	let counters: ProxyStats = { forwarded: 0, rejected: 0, upstreamErrors: 0, byTarget: {} };

	const statsFor = (target: string): TargetStats => {
		counters.byTarget[target] ??= { forwarded: 0, rejected: 0 };
		return counters.byTarget[target];
	};

	/** Decide, in arrival order, whether this request is rejected. */
	const shouldReject = (target: string): boolean => {
		if (!targetMatches(target, policy.onlyTargets)) return false;
		matchedSincePolicy += 1;
		const n = matchedSincePolicy;
		const byFirst = policy.failFirst !== undefined && n <= policy.failFirst;
		const byEvery = policy.failEvery !== undefined && policy.failEvery > 0 && n % policy.failEvery === 0;
		return byFirst || byEvery;
	};

	const reject = (req: http.IncomingMessage, res: http.ServerResponse, errorName: ThrottleErrorName): void => {
		// Drain the request body first so a keep-alive connection stays usable.
		req.resume();
		req.once('end', () => {
			const body = JSON.stringify({ __type: errorName, message: MESSAGES[errorName] });
			res.writeHead(400, {
				'Content-Type': 'application/x-amz-json-1.1',
				'Content-Length': Buffer.byteLength(body),
				'x-amzn-ErrorType': `${errorName}:`,
				'x-amzn-RequestId': randomUUID(),
			});
			res.end(body);
		});
	};

	const forward = (req: http.IncomingMessage, res: http.ServerResponse, target: string): void => {
		const upstreamRequest = http.request(
			{
				protocol: upstream.protocol,
				hostname: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: withoutHopByHop(req.rawHeaders),
				agent: upstreamAgent,
			},
			(upstreamResponse) => {
				statsFor(target).forwarded += 1;
				counters.forwarded += 1;
				res.writeHead(
					upstreamResponse.statusCode ?? 502,
					upstreamResponse.statusMessage,
					withoutHopByHop(upstreamResponse.rawHeaders),
				);
				upstreamResponse.pipe(res);
			},
		);
		upstreamRequest.once('error', (error) => {
			counters.upstreamErrors += 1;
			if (res.headersSent) {
				res.destroy(error);
				return;
			}
			const body = JSON.stringify({ __type: 'ProxyUpstreamError', message: error.message });
			res.writeHead(502, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
			res.end(body);
		});
		req.pipe(upstreamRequest);
	};

	const server = http.createServer((req, res) => {
		const header = req.headers['x-amz-target'];
		const target = (Array.isArray(header) ? header[0] : header) ?? NO_TARGET;
		if (shouldReject(target)) {
			statsFor(target).rejected += 1;
			counters.rejected += 1;
			reject(req, res, policy.errorName ?? 'TooManyRequestsException');
		} else {
			forward(req, res, target);
		}
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;

	let stopping: Promise<void> | undefined;
	return {
		endpoint: `http://127.0.0.1:${port}`,
		port,
		setPolicy(next: ThrottlePolicy): void {
			validate(next);
			policy = { ...next };
			matchedSincePolicy = 0;
		},
		stats(): ProxyStats {
			const byTarget: Record<string, TargetStats> = {};
			for (const [target, value] of Object.entries(counters.byTarget)) byTarget[target] = { ...value };
			return { ...counters, byTarget };
		},
		resetStats(): void {
			counters = { forwarded: 0, rejected: 0, upstreamErrors: 0, byTarget: {} };
		},
		stop(): Promise<void> {
			stopping ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				upstreamAgent.destroy();
			});
			return stopping;
		},
	};
}
