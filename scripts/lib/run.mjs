// Small process helpers shared by the n8n harness modules (node built-ins only).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, found from this file's location (scripts/lib/ → ../../). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A copy of the environment without the variables `npm run` injects for the calling project.
 * Why: `npm_config_local_prefix` (and friends) would make a child `npm install` run against the
 * repo instead of its own folder, and `npm_config_ignore_scripts` would silently turn
 * `npm rebuild` into a no-op. User-level settings (registry, cache, cafile, nodedir) are kept.
 */
export function cleanEnv(extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		const k = key.toLowerCase();
		if (k.startsWith('npm_package_') || k.startsWith('npm_lifecycle_')) continue;
		if (
			[
				'npm_command',
				'init_cwd',
				'npm_config_local_prefix',
				'npm_config_ignore_scripts',
				'npm_config_loglevel',
				'npm_config_prefix',
				'npm_config_global_prefix',
			].includes(k)
		)
			continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/**
 * How to run npm: [command, leadingArgs]. Prefer the npm that runs us (`npm_execpath`), then the
 * npm shipped next to this node binary, then whatever `npm` is on PATH.
 */
export function npmCommand() {
	const candidates = [
		process.env.npm_execpath,
		path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
	];
	for (const c of candidates) {
		if (c && /npm-cli\.js$/.test(c) && existsSync(c)) return [process.execPath, [c]];
	}
	return ['npm', []];
}

/**
 * Extra npm flags so native addons build offline against this node's own headers, when the
 * install ships them (<prefix>/include/node/node.h); otherwise node-gyp would try to download them.
 */
export function nodedirArgs() {
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	return existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? [`--nodedir=${prefix}`] : [];
}

/**
 * Run a command, collect output, resolve {code, signal, stdout, stderr} (never rejects on a
 * non-zero exit; rejects only when it cannot be spawned). `onLine` receives output lines live;
 * `uid`/`gid` run it as another user (when running as root).
 */
export function run(cmd, args, { cwd, env, uid, gid, onLine, timeoutMs, input } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env: env ?? process.env, uid, gid, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		let timer;
		const feed = (chunk, which) => {
			const text = chunk.toString();
			if (which === 'out') stdout += text;
			else stderr += text;
			if (onLine) for (const line of text.split(/\r?\n/)) if (line.trim()) onLine(line);
		};
		child.stdout.on('data', (c) => feed(c, 'out'));
		child.stderr.on('data', (c) => feed(c, 'err'));
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
		if (timeoutMs) {
			// Kill only the child we started, by its own PID.
			timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		}
		child.stdin.end(input ?? '');
	});
}

/** Run npm with the given args; throw with the tail of its output when it fails. */
export async function npm(args, { cwd, log, env, timeoutMs } = {}) {
	const [cmd, lead] = npmCommand();
	const res = await run(cmd, [...lead, ...args], { cwd, env: env ?? cleanEnv(), timeoutMs });
	if (res.code !== 0) {
		const tail = (res.stderr || res.stdout).split('\n').slice(-30).join('\n');
		throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${res.code ?? res.signal}):\n${tail}`);
	}
	log?.(`npm ${args[0]} done`);
	return res;
}
