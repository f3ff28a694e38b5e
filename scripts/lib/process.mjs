// One way to run a server for the scripts (n8n, its workers, moto, PostgreSQL, Redis): its own
// process group, output to a log file plus an in-memory tail, a readiness probe with a deadline, and
// stop() by its process group id, never by name. A server this script forgets is killed when it exits.
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const TAIL_LINES = 200;

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/**
 * Starts `command args` detached (its own process group: stop() reaches its children too) and
 * resolves {pid, stop(), output(), logFile} once `ready({output})` resolves true. Rejects with the
 * output's tail when the process exits first or is not ready within `timeoutMs`.
 * `stopSignal` asks it to stop; after `graceMs` the group gets SIGKILL.
 */
export async function startProcess(
	command,
	args,
	{
		name = command,
		env = process.env,
		cwd,
		uid,
		gid,
		logFile = '/dev/null',
		ready,
		timeoutMs = 120_000,
		intervalMs = 250,
		stopSignal = 'SIGTERM',
		graceMs = 10_000,
		log = () => {},
	},
) {
	const fd = openSync(logFile, 'a');
	const tail = [];
	const child = spawn(command, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const pid = child.pid;
	let exited = null;
	const exitedPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve((exited = { code, signal })));
		child.once('error', (error) => resolve((exited = { code: null, signal: null, error })));
	});
	const onData = (chunk) => {
		writeSync(fd, chunk);
		for (const line of chunk.toString().split(/\r?\n/)) {
			if (!line) continue;
			tail.push(line);
			if (tail.length > TAIL_LINES) tail.shift();
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	// A forgotten server must not keep this script alive, nor outlive it.
	child.unref();
	child.stdout.unref?.();
	child.stderr.unref?.();
	const signalGroup = (signal) => {
		// Only while unreaped: afterwards the id could belong to someone else.
		if (exited !== null && !groupAlive(pid)) return;
		try {
			process.kill(-pid, signal);
		} catch {}
	};
	const killOnExit = () => signalGroup('SIGKILL');
	process.on('exit', killOnExit);
	const output = () => tail.join('\n');

	let stopping = null;
	const stop = () =>
		(stopping ??= (async () => {
			const t = Date.now();
			signalGroup(stopSignal);
			// Wait for the whole group to leave, not just the main process.
			while ((exited === null || groupAlive(pid)) && Date.now() - t < graceMs) await sleep(100);
			if (exited === null || groupAlive(pid)) {
				log(`${name} (pid ${pid}) did not stop in ${graceMs} ms: SIGKILL`);
				signalGroup('SIGKILL');
				await Promise.race([exitedPromise, sleep(5000)]);
				while (groupAlive(pid) && Date.now() - t < graceMs + 10_000) await sleep(100);
			}
			process.off('exit', killOnExit);
			try {
				closeSync(fd);
			} catch {}
			return exited;
		})());

	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) {
			await stop();
			const why = exited.error?.message ?? exited.code ?? exited.signal;
			throw new Error(`${name} exited before it was ready (${why}):\n${output()}`);
		}
		let isReady = false;
		try {
			isReady = await ready({ output });
		} catch {
			// Not answering yet.
		}
		if (isReady) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${output()}`);
		}
		await sleep(intervalMs);
	}
	return { pid, stop, output, logFile };
}
