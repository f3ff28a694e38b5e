/**
 * Start and stop a throwaway `redis-server` for integration tests: a free 127.0.0.1 port, no
 * persistence, its own process, stopped by its PID (never by name). A small `sh` watchdog stops it
 * if the test process dies without calling stop() (jest killed, Ctrl-C).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { findFreePort } from './moto';

export interface RedisServer {
	readonly port: number;
	/** `redis://127.0.0.1:PORT/0` */
	readonly url: string;
	readonly pid: number;
	/** Stop the server and wait until it has exited. Safe to call more than once. */
	stop(): Promise<void>;
}

export const REDIS_NOT_INSTALLED =
	'redis-server is not installed: run apt-get install -y redis-server (.ci/run installs it when missing)';

const LOOPBACK = '127.0.0.1';

function oneLineError(message: string): Error {
	const error = new Error(message);
	error.stack = message;
	return error;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** True once the server answers PING. */
export function answersPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: LOOPBACK, port });
		let reply = '';
		const finish = (ok: boolean): void => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => finish(false));
		socket.once('error', () => finish(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			// With requirepass, an unauthenticated PING answers -NOAUTH: the server is up all the same.
			if (reply.includes('\r\n')) finish(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
		});
	});
}

function hasExited(child: ChildProcess): boolean {
	return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (hasExited(child)) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

export interface StartRedisOptions {
	/** Port to listen on; a free one when omitted. */
	port?: number;
	/** Require this password (`requirepass`). */
	password?: string;
}

/** Starts redis-server; fails with one line if it is not installed. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
	const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore', timeout: 10_000 });
	if (probe.error !== undefined || probe.status !== 0) throw oneLineError(REDIS_NOT_INSTALLED);

	const chosenPort = options.port ?? (await findFreePort());
	const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-'));
	const logFile = path.join(logDir, 'redis.log');
	const logFd = fs.openSync(logFile, 'a');
	let child: ChildProcess;
	try {
		child = spawn(
			'redis-server',
			[
				'--port',
				String(chosenPort),
				'--bind',
				LOOPBACK,
				'--save',
				'',
				'--appendonly',
				'no',
				...(options.password ? ['--requirepass', options.password] : []),
			],
			{ stdio: ['ignore', logFd, logFd] },
		);
	} finally {
		fs.closeSync(logFd);
	}
	const pid = child.pid;
	if (pid === undefined) throw oneLineError('could not start redis-server');
	// Stops the server if this process disappears first; exits by itself once the server is gone.
	spawn(
		'sh',
		['-c', `while kill -0 ${process.pid} && kill -0 ${pid}; do sleep 1; done 2>/dev/null; kill ${pid} 2>/dev/null`],
		{
			detached: true,
			stdio: 'ignore',
		},
	).unref();

	let stopping: Promise<void> | undefined;
	const stop = (): Promise<void> => {
		stopping ??= (async () => {
			// Signal only while unreaped, so the pid is certainly still ours.
			if (!hasExited(child)) {
				process.kill(pid, 'SIGTERM');
				if (!(await waitForExit(child, 5_000)) && !hasExited(child)) process.kill(pid, 'SIGKILL');
				await waitForExit(child, 5_000);
			}
			fs.rmSync(logDir, { recursive: true, force: true });
		})();
		return stopping;
	};

	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (hasExited(child)) {
			const log = fs.readFileSync(logFile, 'utf8').trim().slice(-1_000);
			await stop();
			throw oneLineError(`redis-server exited early (code ${String(child.exitCode)}): ${log}`);
		}
		if (await answersPing(chosenPort)) {
			return { port: chosenPort, url: `redis://${LOOPBACK}:${chosenPort}/0`, pid, stop };
		}
		await sleep(50);
	}
	await stop();
	throw oneLineError(`redis-server did not answer on ${LOOPBACK}:${chosenPort} within 10 s`);
}
