// Starts a moto server (local Cognito emulator) on 127.0.0.1 for the demo and the end-to-end run.
// Same approach as test/support/moto.ts (which jest uses): its own process group, output to a log
// file, stopped by its PID, and a watchdog so that it exits when the process that started it dies.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './n8n-process.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';

// `python3 -c WATCHDOG moto.server ARGS` runs like `python3 -m moto.server ARGS`, but exits as soon
// as its parent is gone (a Ctrl-C'd or killed script never leaves a server behind).
const WATCHDOG = `import os, runpy, sys, threading, time
parent = os.getppid()
def watch():
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)
threading.Thread(target=watch, daemon=True).start()
sys.argv = [sys.argv[1]] + sys.argv[2:]
runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)`;

/**
 * Start moto on 127.0.0.1 (a free port unless `port` is given); resolve {endpoint, port, pid, stop()}.
 * `logFile` receives the server's output. Throws a one-line error when python3 or moto is missing.
 */
export async function startMoto({ port, logFile, python = 'python3', readyTimeoutMs = 30_000 } = {}) {
	await ensurePrerequisites(['moto']);

	port ??= await freePort();
	logFile ??= '/dev/null';
	const fd = openSync(logFile, 'a');
	let child;
	try {
		child = spawn(python, ['-c', WATCHDOG, 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
			detached: true, // own process group, signalled as a whole by stop()
			stdio: ['ignore', fd, fd],
			env: { ...process.env, PYTHONUNBUFFERED: '1' },
		});
	} finally {
		closeSync(fd);
	}
	const pid = child.pid;
	let exited = child.exitCode !== null;
	const exit = new Promise((resolve) => child.once('exit', () => resolve((exited = true))));
	child.unref();
	const kill = (signal) => {
		// Only while unreaped: afterwards the pid could belong to someone else.
		if (exited) return;
		try {
			process.kill(-pid, signal);
		} catch {}
	};
	const killOnExit = () => kill('SIGKILL');
	process.on('exit', killOnExit);

	let stopping;
	const stop = () =>
		(stopping ??= (async () => {
			kill('SIGTERM');
			if (!(await Promise.race([exit, sleep(5000).then(() => false)]))) {
				kill('SIGKILL');
				await Promise.race([exit, sleep(5000)]);
			}
			process.off('exit', killOnExit);
		})());

	const endpoint = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + readyTimeoutMs;
	while (Date.now() < deadline) {
		if (exited) break;
		try {
			await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
			return { endpoint, port, pid, logFile, stop };
		} catch {
			await sleep(200);
		}
	}
	await stop();
	let tail = '';
	try {
		tail = readFileSync(logFile, 'utf8').slice(-1500);
	} catch {}
	throw new Error(
		`moto did not answer on ${endpoint} within ${readyTimeoutMs} ms${exited ? ' (it exited)' : ''}\n${tail}`,
	);
}
