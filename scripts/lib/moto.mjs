// Starts a moto server (local Cognito emulator) on 127.0.0.1 for the demo and the end-to-end run.
// Same approach as test/support/moto.ts (which jest uses): its own process group, output to a log
// file, stopped by its PID, and a watchdog so that it exits when the process that started it dies.
import { freePort } from './n8n-process.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';
import { startProcess } from './process.mjs';

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
 * `logFile` receives the server's output; `env` is added to its environment (e.g.
 * INITIAL_NO_AUTH_ACTION_COUNT to enforce IAM). Throws a one-line error when python3 or moto is missing.
 */
export async function startMoto({ port, logFile, readyTimeoutMs = 30_000, env = {} } = {}) {
	await ensurePrerequisites(['moto']);

	port ??= await freePort();
	const endpoint = `http://127.0.0.1:${port}`;
	const moto = await startProcess('python3', ['-c', WATCHDOG, 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
		name: 'moto',
		env: { ...process.env, ...env, PYTHONUNBUFFERED: '1' },
		logFile,
		ready: async () => Boolean(await fetch(endpoint, { signal: AbortSignal.timeout(1000) })),
		timeoutMs: readyTimeoutMs,
		intervalMs: 200,
		graceMs: 5000,
	});
	return { endpoint, port, pid: moto.pid, logFile, stop: moto.stop };
}
