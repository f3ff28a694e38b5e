// What the tests and the demo need from the machine besides Node and npm, checked before anything
// long starts: moto, redis-server and chromium. Debian packages are installed with
// apt-get when running as root; otherwise (or when that fails) the caller stops at once with one
// line saying what to run. Node 24 and n8n come from npm (scripts/lib/n8n-version.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

const isRoot = () => process.getuid?.() === 0;

function onPath(command) {
	return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
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
