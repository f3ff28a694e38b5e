// One "n8n worker" for test/integration/limiter.redis.test.ts, run by plain `node` on the
// transpiled package: warms up, prints "ready", waits for "go" on stdin, sends `calls` ListUsers
// calls at once through CognitoApi, then prints {goAt, doneAt} as JSON.
'use strict';
const readline = require('readline');

const config = JSON.parse(process.argv[2]);
const { CognitoApi, resetLimiters } = require(config.transport);

async function main() {
	const api = new CognitoApi(config.connection, { retry: { maxAttempts: 1 } });
	// SDK client, signing and the Redis connection are set up here; ListUserPools uses another
	// quota category, so the measured limiter is untouched.
	await api.send('ListUserPools', { MaxResults: 1 });
	process.stdout.write('ready\n');
	await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once('line', resolve));
	const goAt = Date.now();
	const doneAt = await Promise.all(
		Array.from({ length: config.calls }, async () => {
			await api.send('ListUsers', { UserPoolId: config.userPoolId, Limit: 1 });
			return Date.now();
		}),
	);
	process.stdout.write(`${JSON.stringify({ goAt, doneAt, calls: api.metrics.calls.ListUsers })}\n`);
	await resetLimiters();
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(String((error && error.stack) || error));
		process.exit(1);
	},
);
