#!/usr/bin/env node
// The synthetic Cognito endpoint (scripts/lib/synthetic-cognito.mjs) from the command line.
//
//   node scripts/synthetic-cognito.mjs --print [--users=1000000 ...]   start, measure, print, stop
//   node scripts/synthetic-cognito.mjs --serve [--users=1000000 ...]   start and serve until stopped
//
// --serve prints one JSON line ({ endpoint, poolId, region, users, groups, startupMs, rssBytes }) once
// it listens on 127.0.0.1, then serves until SIGTERM or SIGINT, or until the process that started it
// with an IPC channel goes away. --spec takes the whole pool spec as JSON (fields as the flags, and
// poolName, region), over the flags. --print measures the endpoint alone (no quotas, no latency): its
// startup time, its memory, and how long ListUsers pages take.
import {
	DEFAULT_SCAN_BUDGET,
	DEFAULT_TOKEN_TTL_MS,
	PAGE_LIMIT,
	startSyntheticCognito,
} from './lib/synthetic-cognito.mjs';

const FLAGS = {
	users: { default: 1_000_000, help: 'users in the pool' },
	groups: { default: 2_000, help: 'groups in the pool' },
	'memberships-per-user': { default: 2, float: true, help: 'mean groups per user' },
	seed: { default: 1, help: 'seed of the generated pool' },
	'token-ttl-ms': { default: DEFAULT_TOKEN_TTL_MS, help: 'pagination token lifetime (AWS: one hour)' },
	'scan-budget': { default: DEFAULT_SCAN_BUDGET, help: 'users a filtered ListUsers examines per call' },
	'latency-ms': { default: 0, float: true, help: 'added to every answer (--serve)' },
	'jitter-ms': { default: 0, float: true, help: 'uniform ± jitter on the latency (--serve)' },
};
const MODES = ['--serve', '--print', '--no-quotas'];
const CALL_TIMEOUT_MS = 30_000;

function parseSpecJson(text) {
	let spec;
	try {
		spec = JSON.parse(text);
	} catch {
		spec = undefined;
	}
	if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
		throw new Error(`--spec must be a JSON object such as {"users":130,"poolName":"x"}, got ${text}`);
	}
	return spec;
}

function parseArguments(argv) {
	if (argv.includes('--help') || argv.includes('-h') || !argv.some((arg) => arg === '--serve' || arg === '--print')) {
		console.log('node scripts/synthetic-cognito.mjs --serve|--print [--no-quotas] [--spec=<JSON pool spec>] [flags]');
		for (const [name, flag] of Object.entries(FLAGS)) console.log(`  --${name}=${flag.default}`.padEnd(36) + flag.help);
		process.exit(argv.includes('--help') || argv.includes('-h') ? 0 : 2);
	}
	const values = Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, flag.default]));
	let specJson = {};
	for (const arg of argv) {
		if (MODES.includes(arg)) continue;
		if (arg.startsWith('--spec=')) {
			specJson = parseSpecJson(arg.slice('--spec='.length));
			continue;
		}
		const match = /^--([a-z-]+)=(.*)$/.exec(arg);
		const flag = match && FLAGS[match[1]];
		if (!flag) throw new Error(`unknown argument ${arg}: use ${MODES.join(' ')} or --<flag>=<value> (see --help)`);
		const value = Number(match[2]);
		if (!Number.isFinite(value) || value < 0 || (!flag.float && !Number.isInteger(value))) {
			throw new Error(
				`--${match[1]}=${match[2]} is not valid: give ${flag.float ? 'a number' : 'a whole number'} from 0 up`,
			);
		}
		values[match[1]] = value;
	}
	return {
		print: argv.includes('--print'),
		spec: {
			users: values.users,
			groups: values.groups,
			membershipsPerUser: values['memberships-per-user'],
			seed: values.seed,
			...specJson,
		},
		options: {
			quotas: !argv.includes('--no-quotas') && !argv.includes('--print'),
			tokenTtlMs: values['token-ttl-ms'],
			scanBudget: values['scan-budget'],
			...(!argv.includes('--print') && { latencyMs: values['latency-ms'], jitterMs: values['jitter-ms'] }),
		},
	};
}

/** One call in Cognito's JSON protocol, timed; throws with AWS's error name on a 4xx/5xx answer. */
async function call(endpoint, operation, input) {
	const started = performance.now();
	const response = await fetch(endpoint, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-amz-json-1.1',
			'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
		},
		body: JSON.stringify(input),
		signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
	});
	const body = await response.json();
	if (!response.ok) throw new Error(`${operation} answered ${body.__type}: ${body.message}`);
	return { body, ms: performance.now() - started };
}

/** Follows one listing for up to `pages` pages; returns each page's time, the item count and the last item. */
async function timeChain(endpoint, operation, input, tokenField, pages) {
	const times = [];
	let items = 0;
	let lastItem;
	let token;
	do {
		const { body, ms } = await call(endpoint, operation, { ...input, ...(token && { [tokenField]: token }) });
		const page = body.Users ?? body.Groups ?? [];
		times.push(ms);
		items += page.length;
		lastItem = page.at(-1) ?? lastItem;
		token = body[tokenField];
	} while (token && times.length < pages);
	return { times, items, lastItem };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value) => `${value.toFixed(2)} ms`;
function summary({ times, items }) {
	const sorted = [...times].sort((a, b) => a - b);
	const mean = times.reduce((a, b) => a + b, 0) / times.length;
	return `${times.length} pages, ${items} items: mean ${ms(mean)}, median ${ms(sorted[sorted.length >> 1])}, max ${ms(sorted.at(-1))}`;
}
function memory() {
	const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
	return `RSS ${mb(rss)} (JS heap ${mb(heapUsed)}, typed arrays ${mb(arrayBuffers)})`;
}

async function printFigures(spec, options) {
	const started = performance.now();
	const endpoint = await startSyntheticCognito(spec, options);
	const startupMs = performance.now() - started;
	try {
		const { users, groups, membershipsPerUser, seed } = endpoint.spec;
		console.log(
			`synthetic Cognito: ${users} users, ${groups} groups, ${membershipsPerUser} memberships per user, seed ${seed}`,
		);
		console.log(`  started in         ${ms(startupMs)} at ${endpoint.endpoint}, pool ${endpoint.poolId}`);
		console.log(`  memory at start    ${memory()}`);
		const pool = { UserPoolId: endpoint.poolId };
		const described = await call(endpoint.endpoint, 'DescribeUserPool', pool);
		console.log(
			`  DescribeUserPool   ${ms(described.ms)} (EstimatedNumberOfUsers ${described.body.UserPool.EstimatedNumberOfUsers})`,
		);
		const listed = await timeChain(
			endpoint.endpoint,
			'ListUsers',
			{ ...pool, Limit: PAGE_LIMIT },
			'PaginationToken',
			200,
		);
		console.log(`  ListUsers          ${summary(listed)}`);
		const filtered = { ...pool, Limit: PAGE_LIMIT, Filter: 'sub ^= "a"' };
		console.log(
			`  ListUsers sub ^= a ${summary(await timeChain(endpoint.endpoint, 'ListUsers', filtered, 'PaginationToken', 50))}`,
		);
		const sub = listed.lastItem?.Attributes.find(({ Name }) => Name === 'sub')?.Value ?? '';
		const bySub = await call(endpoint.endpoint, 'ListUsers', { ...pool, Filter: `sub = "${sub}"` });
		console.log(`  ListUsers sub = …  ${ms(bySub.ms)}, ${bySub.body.Users.length} user (a lookup, not a scan)`);
		const { body: groupPage } = await call(endpoint.endpoint, 'ListGroups', { ...pool, Limit: PAGE_LIMIT });
		const members = { ...pool, GroupName: groupPage.Groups[0]?.GroupName ?? 'none', Limit: PAGE_LIMIT };
		console.log(
			`  ListUsersInGroup   ${summary(await timeChain(endpoint.endpoint, 'ListUsersInGroup', members, 'NextToken', 50))}`,
		);
		console.log(`  memory after       ${memory()}`);
	} finally {
		await endpoint.stop();
	}
}

async function serve(spec, options) {
	const started = performance.now();
	const endpoint = await startSyntheticCognito(spec, options);
	let stopping;
	const stop = () => {
		stopping ??= endpoint.stop().then(() => process.exit(0));
		return stopping;
	};
	for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, stop);
	// Started with an IPC channel (as the tests do): exit when the parent goes away, however it ends.
	if (process.connected) process.once('disconnect', stop);
	const { users, groups } = endpoint.spec;
	const ready = { endpoint: endpoint.endpoint, poolId: endpoint.poolId, region: endpoint.region, users, groups };
	// The listening server keeps the process alive until stop().
	console.log(
		JSON.stringify({
			...ready,
			startupMs: Math.round(performance.now() - started),
			rssBytes: process.memoryUsage().rss,
		}),
	);
}

try {
	const { print, spec, options } = parseArguments(process.argv.slice(2));
	await (print ? printFigures(spec, options) : serve(spec, options));
} catch (error) {
	console.error(`synthetic-cognito: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
