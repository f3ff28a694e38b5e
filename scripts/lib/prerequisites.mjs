// What the tests and the demo need from the machine besides Node and npm, checked before anything
// long starts: moto, redis-server, chromium and PostgreSQL. Debian packages are installed with
// apt-get when running as root; otherwise (or when that fails) the caller stops at once with one
// line saying what to run. Node 24 and n8n come from npm (scripts/lib/n8n-version.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.mjs';

/** An Error that prints as its one line (no stack): for "install this" messages. */
export function oneLine(message) {
	const error = new Error(message);
	error.stack = message;
	return error;
}

const MOTO_NOT_INSTALLED = 'moto is not installed: run pip install "moto[server]"';
export const CHROMIUM = '/usr/bin/chromium';
const POSTGRES_ROOT = '/usr/lib/postgresql';

const isRoot = () => process.getuid?.() === 0;

function onPath(command) {
	return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` (within 1 s). */
export function isListening(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
		const done = (answer) => {
			socket.destroy();
			resolve(answer);
		};
		socket.once('connect', () => done(true));
		socket.once('timeout', () => done(false));
		socket.once('error', () => done(false));
	});
}

/** The bin folder of Debian's newest installed PostgreSQL (with initdb and postgres), or null. */
export function postgresBinDir() {
	if (!existsSync(POSTGRES_ROOT)) return null;
	const versions = readdirSync(POSTGRES_ROOT)
		.filter((v) => existsSync(path.join(POSTGRES_ROOT, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(POSTGRES_ROOT, versions[0], 'bin') : null;
}

/**
 * `packages` from Debian with apt-get, when running as root (after an `apt-get update` if the
 * first attempt fails). Resolves true when they are installed, false when that was not possible.
 */
async function aptInstall(packages, log) {
	if (!isRoot() || !onPath('apt-get')) return false;
	log(`installing ${packages.join(', ')} with apt-get…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const args = ['install', '-y', '--no-install-recommends', ...packages];
	let res = await run('apt-get', args, { env, timeoutMs: 15 * 60_000 });
	if (res.code !== 0) {
		await run('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
		res = await run('apt-get', args, { env, timeoutMs: 15 * 60_000 });
	}
	if (res.code !== 0) log(`apt-get install ${packages.join(' ')} failed:\n${res.stderr.trim().slice(-800)}`);
	return res.code === 0;
}

/** Each requirement: how to tell it is there, and the Debian package that provides it. */
const REQUIREMENTS = {
	moto: {
		present: () =>
			spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore', timeout: 30_000 }).status === 0,
		missing: MOTO_NOT_INSTALLED,
	},
	redis: {
		present: () => onPath('redis-server'),
		debian: 'redis-server',
		missing: 'redis-server is not installed',
	},
	chromium: {
		present: () => existsSync(CHROMIUM),
		debian: 'chromium',
		missing: `chromium is not installed (${CHROMIUM}, for the browser test)`,
	},
	// Queue mode uses the PostgreSQL and Redis already running on 127.0.0.1, else starts its own.
	queueRedis: {
		present: async () => (await isListening(6379)) || onPath('redis-server'),
		debian: 'redis-server',
		missing: 'Redis is neither running on 127.0.0.1:6379 nor installed (for the queue-mode test)',
	},
	queuePostgres: {
		present: async () => (await isListening(5432)) || postgresBinDir() !== null,
		debian: 'postgresql',
		missing: 'PostgreSQL is neither running on 127.0.0.1:5432 nor installed (for the queue-mode test)',
	},
};

/**
 * Makes sure every named requirement is met, installing Debian packages when running as root.
 * Rejects with one line naming what is missing and what to run (`skipHint` adds how to do without).
 */
export async function ensurePrerequisites(names, { log = console.log, skipHint = {} } = {}) {
	const missing = [];
	for (const name of names) {
		const requirement = REQUIREMENTS[name];
		if (await requirement.present()) continue;
		if (requirement.debian && (await aptInstall([requirement.debian], log)) && (await requirement.present())) continue;
		missing.push(name);
	}
	if (!missing.length) return;
	const lines = missing.map((name) => {
		const { missing: what, debian } = REQUIREMENTS[name];
		const fix = debian ? `: run apt-get install -y ${debian}${isRoot() ? '' : ' (as root)'}` : '';
		return `${what}${fix}${skipHint[name] ? `, or ${skipHint[name]}` : ''}`;
	});
	throw oneLine(lines.join('\n'));
}

// `node scripts/lib/prerequisites.mjs moto redis`: the check on its own (npm test runs it first).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const names = process.argv.slice(2);
	const unknown = names.filter((name) => !REQUIREMENTS[name]);
	if (unknown.length) {
		console.error(`unknown requirement ${unknown.join(', ')}: use ${Object.keys(REQUIREMENTS).join(', ')}`);
		process.exit(2);
	}
	try {
		await ensurePrerequisites(names);
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}
