// A loopback HTTP proxy in front of a Cognito emulator that enforces AWS's request-rate quotas
// like AWS does: a token bucket per quota category (and per pool where AWS limits per pool), and
// HTTP 400 TooManyRequestsException when a bucket is empty. Used by the benchmark.
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

import { REPO_ROOT } from './run.mjs';

const require = createRequire(import.meta.url);
// The same tables the package limits itself with: built by `npm run build`.
const { CATEGORY_RATE, COMMAND_CATEGORY, PER_POOL_RATE } = require(
	path.join(REPO_ROOT, 'dist', 'nodes', 'AwsCognito', 'transport', 'quotas.js'),
);

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

/**
 * Starts the proxy on a free 127.0.0.1 port. `stats()` gives accepted and throttled requests per
 * operation, and the peak accepted rate per category over any one-second window.
 */
export async function startQuotaProxy(targetEndpoint) {
	const target = new URL(targetEndpoint);
	const buckets = new Map();
	const accepted = {};
	const throttled = {};
	const acceptedAt = {};
	const bucketFor = (key, rate) => {
		if (!buckets.has(key)) buckets.set(key, bucket(rate));
		return buckets.get(key);
	};

	const server = http.createServer((req, res) => {
		const chunks = [];
		// A client that hangs up mid-request must not crash the process (an unhandled 'error' event).
		req.on('error', () => res.destroy());
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const operation = String(req.headers['x-amz-target'] ?? '')
				.split('.')
				.pop();
			const category = COMMAND_CATEGORY[operation];
			// A request passes only when every bucket it is subject to has a token; a refused request
			// takes none (otherwise a per-pool refusal would also drain the account's bucket).
			const applicable = [];
			if (category) {
				applicable.push(bucketFor(category, CATEGORY_RATE[category]));
				const poolRate = PER_POOL_RATE[category];
				if (poolRate) {
					let pool = '';
					try {
						pool = JSON.parse(body.toString('utf8')).UserPoolId ?? '';
					} catch {
						// Not JSON: no per-pool limit applies.
					}
					applicable.push(bucketFor(`${category}|${pool}`, poolRate));
				}
			}
			const allowed = applicable.every((b) => b.hasToken());
			if (allowed) for (const b of applicable) b.take();
			if (!allowed) {
				throttled[operation] = (throttled[operation] ?? 0) + 1;
				res.writeHead(400, {
					'content-type': 'application/x-amz-json-1.1',
					'x-amzn-errortype': 'TooManyRequestsException:',
				});
				res.end(JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }));
				return;
			}
			if (operation) {
				accepted[operation] = (accepted[operation] ?? 0) + 1;
				(acceptedAt[category ?? operation] ??= []).push(Date.now());
			}
			const upstream = http.request(
				{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
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
		stats() {
			const peakRate = {};
			for (const [category, times] of Object.entries(acceptedAt)) {
				let peak = 0;
				for (let i = 0, j = 0; i < times.length; i++) {
					while (times[i] - times[j] >= 1000) j++;
					peak = Math.max(peak, i - j + 1);
				}
				peakRate[category] = peak;
			}
			return { accepted: { ...accepted }, throttled: { ...throttled }, peakRate };
		},
		reset() {
			buckets.clear();
			for (const record of [accepted, throttled, acceptedAt]) for (const key of Object.keys(record)) delete record[key];
		},
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
