// A loopback HTTP proxy in front of a Cognito emulator that enforces AWS's request-rate quotas
// like AWS does: a token bucket per quota category (and per pool where AWS limits per pool), and
// HTTP 400 TooManyRequestsException when a bucket is empty. Used by the benchmark and the queue-mode
// end-to-end test, which also read every request it saw.
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
 * Starts the proxy on a free 127.0.0.1 port. `stats()` gives accepted and throttled requests per
 * operation, and the peak accepted rate per category over any one-second window; `requests()` every
 * request seen since the last reset: {at (ms), operation, category, input (the parsed body), throttled}.
 */
export async function startQuotaProxy(targetEndpoint) {
	const target = new URL(targetEndpoint);
	const buckets = new Map();
	let seen = [];
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
			let input = {};
			try {
				input = JSON.parse(body.toString('utf8')) ?? {};
			} catch {
				// Not JSON: no pool, no user.
			}
			// A request passes only when every bucket it is subject to has a token; a refused request
			// takes none (otherwise a per-pool refusal would also drain the account's bucket).
			const applicable = [];
			if (category) {
				applicable.push(bucketFor(category, CATEGORY_RATE[category]));
				const poolRate = PER_POOL_RATE[category];
				if (poolRate) applicable.push(bucketFor(`${category}|${input.UserPoolId ?? ''}`, poolRate));
			}
			const allowed = applicable.every((b) => b.hasToken());
			if (allowed) for (const b of applicable) b.take();
			if (operation) seen.push({ at: Date.now(), operation, category, input, throttled: !allowed });
			if (!allowed) {
				res.writeHead(400, {
					'content-type': 'application/x-amz-json-1.1',
					'x-amzn-errortype': 'TooManyRequestsException:',
				});
				res.end(JSON.stringify({ __type: 'TooManyRequestsException', message: 'Rate exceeded' }));
				return;
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
		requests: () => [...seen],
		stats() {
			const accepted = {};
			const throttled = {};
			const acceptedAt = {};
			for (const r of seen) {
				const counts = r.throttled ? throttled : accepted;
				counts[r.operation] = (counts[r.operation] ?? 0) + 1;
				if (!r.throttled) (acceptedAt[r.category ?? r.operation] ??= []).push(r.at);
			}
			const peakRate = Object.fromEntries(
				Object.entries(acceptedAt).map(([key, times]) => [key, peakPerSecond(times)]),
			);
			return { accepted, throttled, peakRate };
		},
		reset() {
			buckets.clear();
			seen = [];
		},
		async stop() {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
