// A loopback HTTP proxy in front of a Cognito emulator that enforces AWS's request-rate quotas
// like AWS does: a token bucket per quota category (and per pool where AWS limits per pool), and
// HTTP 400 TooManyRequestsException when a bucket is empty. Optionally it adds a network latency
// to every answer. Used by the benchmark and the queue-mode end-to-end test, which also reads every
// request it saw. The buckets, the throttle answer and the latency are
// exported for the synthetic Cognito endpoint (synthetic-cognito.mjs), which enforces the same.
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

import { seededRandom } from './random.mjs';
import { REPO_ROOT } from './run.mjs';

const require = createRequire(import.meta.url);
const QUOTAS_MODULE = path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito', 'transport', 'quotas.js');
/** Jitter is drawn from a fixed seed so that two runs of the benchmark see the same delays. */
const LATENCY_SEED = 0x1a7e9c;

/** The same tables the package limits itself with: built by `npm run build`. */
function quotaTables() {
	try {
		return require(QUOTAS_MODULE);
	} catch (error) {
		if (error?.code !== 'MODULE_NOT_FOUND') throw error;
		throw new Error(`the quota tables are not built (${QUOTAS_MODULE} is missing): run npm run build first`);
	}
}

/** A token bucket holding at most one second of its rate. */
function bucket(ratePerSecond) {
	let tokens = ratePerSecond;
	let last = process.hrtime.bigint();
	const refill = () => {
		const now = process.hrtime.bigint();
		tokens = Math.min(ratePerSecond, tokens + (Number(now - last) / 1e9) * ratePerSecond);
		last = now;
	};
	return {
		hasToken() {
			refill();
			return tokens >= 1;
		},
		take() {
			tokens -= 1;
		},
	};
}

/** For each timestamp (ms), how many of them fall in the one-second window that ends with it. */
export function countsPerSecond(times) {
	const sorted = [...times].sort((a, b) => a - b);
	const counts = [];
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= 1000) j++;
		counts.push(i - j + 1);
	}
	return counts;
}

/** The most timestamps (ms) that fall within any one-second window. */
export const peakPerSecond = (times) => Math.max(0, ...countsPerSecond(times));

/**
 * AWS's quota buckets for one account and region. `admit(operation, poolIdOf)` takes a token from
 * every bucket the call is subject to, or none and returns false (throttled); `poolIdOf()` is asked
 * only for categories limited per pool. `stats()` gives accepted and throttled requests per
 * operation, and the peak accepted rate per category over any one-second window.
 */
export function createQuotaBuckets(availableShare = 1) {
	const { CATEGORY_RATE, COMMAND_CATEGORY, PER_POOL_RATE } = quotaTables();
	const buckets = new Map();
	const accepted = {};
	const throttled = {};
	const acceptedAt = {};
	const bucketFor = (key, rate) => {
		if (!buckets.has(key)) buckets.set(key, bucket(rate));
		return buckets.get(key);
	};
	return {
		admit(operation, poolIdOf) {
			const category = COMMAND_CATEGORY[operation];
			// A refused request takes no token (otherwise a per-pool refusal would also drain the account's bucket).
			const applicable = [];
			if (category) {
				applicable.push(bucketFor(category, CATEGORY_RATE[category] * availableShare));
				const poolRate = PER_POOL_RATE[category];
				if (poolRate) applicable.push(bucketFor(`${category}|${poolIdOf()}`, poolRate * availableShare));
			}
			if (!applicable.every((b) => b.hasToken())) {
				throttled[operation] = (throttled[operation] ?? 0) + 1;
				return false;
			}
			for (const b of applicable) b.take();
			if (operation) {
				accepted[operation] = (accepted[operation] ?? 0) + 1;
				(acceptedAt[category ?? operation] ??= []).push(Date.now());
			}
			return true;
		},
		stats() {
			const peakRate = Object.fromEntries(
				Object.entries(acceptedAt).map(([category, times]) => [category, peakPerSecond(times)]),
			);
			return { accepted: { ...accepted }, throttled: { ...throttled }, peakRate };
		},
		reset() {
			buckets.clear();
			for (const record of [accepted, throttled, acceptedAt]) for (const key of Object.keys(record)) delete record[key];
		},
	};
}

/** AWS's answer to a request over quota. */
export function answerThrottled(res) {
	res.writeHead(400, {
		'content-type': 'application/x-amz-json-1.1',
		'x-amzn-errortype': 'TooManyRequestsException:',
	});
	res.end(JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }));
}

/** The operation named by the JSON protocol's `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`. */
export function operationOf(req) {
	return String(req.headers['x-amz-target'] ?? '')
		.split('.')
		.pop();
}

/**
 * Per-answer network latency: `latencyMs` plus a uniform jitter in ±`jitterMs` (so the mean is
 * `latencyMs`). Returns `delay(arrivedAt, send)`, which calls `send` once the answer is due;
 * with no latency asked, at once.
 */
export function networkLatency({ latencyMs = 0, jitterMs = 0 } = {}) {
	for (const [name, value] of Object.entries({ latencyMs, jitterMs })) {
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 60_000) {
			throw new Error(`${name} must be a number of milliseconds from 0 to 60000, got ${String(value)}`);
		}
	}
	if (jitterMs > latencyMs) {
		throw new Error(`jitterMs (${jitterMs}) must not exceed latencyMs (${latencyMs}): a delay cannot be negative`);
	}
	if (latencyMs === 0) return (_arrivedAt, send) => send();
	const rand = seededRandom(LATENCY_SEED);
	return (arrivedAt, send) => {
		const due = arrivedAt + latencyMs + (rand() * 2 - 1) * jitterMs;
		const wait = due - performance.now();
		if (wait <= 0) send();
		else setTimeout(send, wait);
	};
}

/** Storm draws come from a fixed seed too, so that two storm runs throttle the same requests. */
const STORM_SEED = 0x5707;

function checkedRatio(ratio, name = 'throttleRatio') {
	if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
		throw new Error(`${name} must be a number from 0 to 1, got ${String(ratio)}`);
	}
	return ratio;
}

/**
 * Starts the proxy on a free 127.0.0.1 port. `latency` ({ latencyMs, jitterMs }) delays every answer,
 * throttled or forwarded, as a network round trip would; quotas are checked when a request arrives.
 * `storm.throttleRatio` (0..1) answers that share of the requests, drawn at random, with
 * TooManyRequestsException whatever the quotas say, as Cognito does when other workloads of the
 * account exhaust them; `setThrottleRatio()` changes it while the proxy runs. `storm.availableShare`
 * (0..1, default 1) leaves only that share of every quota to us, as when the account's other
 * applications use the rest steadily.
 * `stats()` gives accepted and throttled requests per operation, and the peak accepted rate per
 * category over any one-second window; `requests()` every request seen since the last reset:
 * {at (ms), operation, category, input (the parsed body), throttled}.
 */
export async function startQuotaProxy(targetEndpoint, latency = {}, storm = {}) {
	const target = new URL(targetEndpoint);
	const quotas = createQuotaBuckets(checkedRatio(storm.availableShare ?? 1, 'availableShare'));
	let throttleRatio = checkedRatio(storm.throttleRatio ?? 0);
	const stormDraw = seededRandom(STORM_SEED);
	let stormThrottled = 0;
	const delay = networkLatency(latency);
	const { COMMAND_CATEGORY } = quotaTables();
	let seen = [];

	const server = http.createServer((req, res) => {
		const arrivedAt = performance.now();
		const chunks = [];
		// A client that hangs up mid-request must not crash the process (an unhandled 'error' event).
		req.on('error', () => res.destroy());
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			let input = {};
			try {
				input = JSON.parse(body.toString('utf8')) ?? {};
			} catch {
				// Not JSON: no pool (the per-pool bucket of no pool), no user.
			}
			const operation = operationOf(req);
			// A storm throttle takes no token: the quota was used up by someone else.
			const storming = throttleRatio > 0 && stormDraw() < throttleRatio;
			if (storming) stormThrottled++;
			const admitted = !storming && quotas.admit(operation, () => input.UserPoolId ?? '');
			if (operation) {
				seen.push({ at: Date.now(), operation, category: COMMAND_CATEGORY[operation], input, throttled: !admitted });
			}
			if (!admitted) {
				delay(arrivedAt, () => answerThrottled(res));
				return;
			}
			const upstream = http.request(
				{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
				(answer) =>
					delay(arrivedAt, () => {
						res.writeHead(answer.statusCode ?? 502, answer.headers);
						answer.pipe(res);
					}),
			);
			upstream.on('error', () => {
				if (res.headersSent) res.destroy();
				else {
					res.writeHead(502);
					res.end();
				}
			});
			upstream.end(body);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();

	return {
		endpoint: `http://127.0.0.1:${port}`,
		/** The quotas' stats, and `stormThrottled`: requests the storm answered with a throttle. */
		stats: () => ({ ...quotas.stats(), stormThrottled }),
		requests: () => [...seen],
		setThrottleRatio(ratio) {
			throttleRatio = checkedRatio(ratio);
		},
		reset() {
			quotas.reset();
			seen = [];
			stormThrottled = 0;
		},
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
