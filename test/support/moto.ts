/**
 * Start and stop a moto server (`python3 -m moto.server`) for integration tests.
 *
 * The server runs detached in its own process group, bound to a free 127.0.0.1 port, with its
 * output written to a log file (not a pipe, so the parent never has to keep draining it and the
 * server never dies of a broken pipe). `stop()` signals that process group only, never anything
 * found by name.
 *
 * Being detached, the server would outlive a test process that dies without calling `stop()`
 * (Ctrl-C, a killed jest worker, SIGKILL). So it is started as
 * `python3 -c <watchdog> moto.server -H 127.0.0.1 -p PORT`: the watchdog runs `moto.server` as
 * `__main__` exactly like `python3 -m moto.server` would, and exits the server as soon as the
 * process that started it is gone.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface MotoServer {
	/** Base URL, e.g. `http://127.0.0.1:40123`. */
	readonly endpoint: string;
	/** PID of the server; it is also the id of its process group. */
	readonly pid: number;
	/** Path of the file the server's stdout and stderr go to (removed by stop() unless KEEP_MOTO_LOG is set). */
	readonly logFile: string;
	/** Stop the server and wait until it has exited. Safe to call more than once. */
	stop(): Promise<void>;
}

export interface StartMotoOptions {
	/** How long to wait for the server to answer HTTP, in ms. Default 30 000. */
	readyTimeoutMs?: number;
	/** Python interpreter. Default `python3`. */
	python?: string;
	/** Exit the server when the starting process dies without calling stop(). Default true. */
	exitWithParent?: boolean;
	/** Extra environment for the server, e.g. `INITIAL_NO_AUTH_ACTION_COUNT` to enforce IAM. */
	env?: Record<string, string>;
}

export const MOTO_NOT_INSTALLED = 'moto is not installed: run pip install "moto[server]"';

const LOOPBACK = '127.0.0.1';

/** `python3 -c WATCHDOG moto.server ARGS...` behaves as `python3 -m moto.server ARGS...`, but exits with its parent. */
const WATCHDOG = [
	'import os, runpy, sys, threading, time',
	'parent = os.getppid()',
	'def watch():',
	'    while True:',
	'        time.sleep(0.5)',
	'        if os.getppid() != parent:',
	'            os._exit(0)',
	'threading.Thread(target=watch, daemon=True).start()',
	'module = sys.argv[1]',
	'sys.argv = [module] + sys.argv[2:]',
	"runpy.run_module(module, run_name='__main__', alter_sys=True)",
].join('\n');
const START_ATTEMPTS = 3;

/** An Error whose report is its single message line, without a stack trace. */
function oneLineError(message: string): Error {
	const error = new Error(message);
	error.stack = message;
	return error;
}

/** Ask the OS for a port that is free on 127.0.0.1 right now. */
export function findFreePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, LOOPBACK, () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}

function assertMotoInstalled(python: string): void {
	const probe = spawnSync(python, ['-c', 'import moto.server'], { stdio: 'ignore', timeout: 30_000 });
	if (probe.error !== undefined || probe.status !== 0) {
		throw oneLineError(MOTO_NOT_INSTALLED);
	}
}

/** True once anything answers HTTP on the port (moto answers `GET /` with 200). */
function answersHttp(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const request = http.get({ host: LOOPBACK, port, path: '/', agent: false, timeout: 1_000 }, (response) => {
			response.resume();
			resolve(true);
		});
		request.once('timeout', () => request.destroy());
		request.once('error', () => resolve(false));
	});
}

function hasExited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (hasExited(child)) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			child.off('exit', onExit);
			resolve(false);
		}, timeoutMs);
		const onExit = (): void => {
			clearTimeout(timer);
			resolve(true);
		};
		child.once('exit', onExit);
	});
}

/** Signal the child's process group; fall back to the child itself. Ignores "no such process". */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
	for (const target of [-pid, pid]) {
		try {
			process.kill(target, signal);
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
		}
	}
}

function tail(file: string, maxChars = 2_000): string {
	try {
		const text = fs.readFileSync(file, 'utf8').trim();
		return text.length > maxChars ? `...${text.slice(-maxChars)}` : text;
	} catch {
		return '';
	}
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Prompt cleanup if this process exits or is interrupted without calling stop(). (Inside a jest
 * test file `process` is a sandbox copy whose events never fire; the watchdog covers that case.)
 */
const running = new Set<number>();
let hooksInstalled = false;
function installExitHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	const killAll = (): void => {
		for (const pid of running) {
			try {
				signalGroup(pid, 'SIGKILL');
			} catch {
				// nothing more we can do while exiting
			}
		}
		running.clear();
	};
	process.once('exit', killAll);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = (): void => {
			killAll();
			process.off(signal, onSignal);
			// Re-raise so the default behaviour (or other listeners) still apply.
			process.kill(process.pid, signal);
		};
		process.once(signal, onSignal);
	}
}

async function startOnce(
	python: string,
	port: number,
	logFile: string,
	readyTimeoutMs: number,
	exitWithParent: boolean,
	env: Record<string, string>,
): Promise<MotoServer> {
	const serverArgs = ['moto.server', '-H', LOOPBACK, '-p', String(port)];
	const args = exitWithParent ? ['-c', WATCHDOG, ...serverArgs] : ['-m', ...serverArgs];
	const logFd = fs.openSync(logFile, 'a');
	let child: ChildProcess;
	try {
		child = spawn(python, args, {
			detached: true,
			stdio: ['ignore', logFd, logFd],
			env: { ...process.env, ...env, PYTHONUNBUFFERED: '1' },
		});
	} finally {
		fs.closeSync(logFd);
	}
	const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
	const pid = child.pid;
	if (pid === undefined) {
		throw oneLineError(`could not start moto: ${(await spawnError).message}`);
	}
	running.add(pid);
	// Once reaped, the pid may be reused: never signal it again.
	child.once('exit', () => running.delete(pid));
	installExitHooks();
	child.unref();

	/** Signal the group only while the leader is unreaped, so the pid is certainly still ours. */
	const terminate = async (): Promise<void> => {
		if (hasExited(child)) return;
		signalGroup(pid, 'SIGTERM');
		if (await waitForExit(child, 5_000)) return;
		if (!hasExited(child)) signalGroup(pid, 'SIGKILL');
		await waitForExit(child, 5_000);
	};

	let stopping: Promise<void> | undefined;
	const stop = (): Promise<void> => {
		stopping ??= (async () => {
			await terminate();
			if (process.env.KEEP_MOTO_LOG === undefined) {
				fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
			}
		})();
		return stopping;
	};

	const deadline = Date.now() + readyTimeoutMs;
	while (Date.now() < deadline) {
		if (hasExited(child)) {
			throw new Error(`moto exited early (code ${String(child.exitCode)}, signal ${String(child.signalCode)})`);
		}
		if (await answersHttp(port)) {
			return { endpoint: `http://${LOOPBACK}:${port}`, pid, logFile, stop };
		}
		await sleep(200);
	}
	await terminate(); // keep the log for the message
	throw oneLineError(
		`moto did not answer on ${LOOPBACK}:${port} within ${readyTimeoutMs} ms; log: ${logFile}\n${tail(logFile)}`,
	);
}

/**
 * Start a moto server on a free 127.0.0.1 port and wait until it answers HTTP.
 * Throws a one-line error if python3 or moto is missing.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
	const python = options.python ?? 'python3';
	const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
	const exitWithParent = options.exitWithParent ?? true;
	assertMotoInstalled(python);

	const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'moto-'));
	let lastError: unknown;
	// The port could be taken between probing and binding; retry with a fresh one if moto dies.
	for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
		const port = await findFreePort();
		const logFile = path.join(logDir, `moto-${port}.log`);
		try {
			return await startOnce(python, port, logFile, readyTimeoutMs, exitWithParent, options.env ?? {});
		} catch (error) {
			lastError = error;
			if (!(error instanceof Error) || !error.message.startsWith('moto exited early')) throw error;
			lastError = oneLineError(`${error.message}; log: ${logFile}\n${tail(logFile)}`);
		}
	}
	throw lastError;
}
