/**
 * Start and stop the synthetic Cognito endpoint (scripts/lib/synthetic-cognito.mjs) for tests.
 *
 * ts-jest runs tests as CommonJS, which cannot load the ES module, so the endpoint runs as a child
 * process (`node scripts/synthetic-cognito.mjs --serve`) on a free 127.0.0.1 port. It exits when
 * stopped by its PID, and by itself when this process goes away (it watches its IPC channel).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

export interface SyntheticPoolSpec {
	users: number;
	groups: number;
	membershipsPerUser: number;
	seed: number;
	poolName?: string;
}

export interface SyntheticOptions {
	/** Enforce AWS's quota buckets (needs `npm run build`). Default false. */
	quotas?: boolean;
	/** Pagination token lifetime in ms. Default: one hour, as AWS. */
	tokenTtlMs?: number;
	/** Users a filtered ListUsers examines per call before it answers a short page. Default 100,000. */
	scanBudget?: number;
}

export interface SyntheticCognito {
	readonly endpoint: string;
	readonly poolId: string;
	readonly region: string;
	readonly pid: number;
	/** Stop the endpoint and wait until it has exited. Safe to call more than once. */
	stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'synthetic-cognito.mjs');
const READY_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 5_000;

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

export async function startSyntheticCognito(
	spec: SyntheticPoolSpec,
	options: SyntheticOptions = {},
): Promise<SyntheticCognito> {
	const args = [SCRIPT, '--serve', `--spec=${JSON.stringify(spec)}`];
	if (!options.quotas) args.push('--no-quotas');
	if (options.tokenTtlMs !== undefined) args.push(`--token-ttl-ms=${options.tokenTtlMs}`);
	if (options.scanBudget !== undefined) args.push(`--scan-budget=${options.scanBudget}`);
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
	const pid = child.pid;
	if (pid === undefined) throw new Error('could not start the synthetic Cognito endpoint');

	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	let stopping: Promise<void> | undefined;
	const stop = (): Promise<void> => {
		stopping ??= (async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			process.kill(pid, 'SIGTERM');
			if (!(await waitForExit(child, EXIT_TIMEOUT_MS))) {
				process.kill(pid, 'SIGKILL');
				await waitForExit(child, EXIT_TIMEOUT_MS);
			}
		})();
		return stopping;
	};

	const ready = await new Promise<{ endpoint: string; poolId: string; region: string }>((resolve, reject) => {
		let stdout = '';
		const fail = (reason: string): void => {
			clearTimeout(timer);
			reject(new Error(`the synthetic Cognito endpoint ${reason}: ${stderr.trim() || '(no output)'}`));
		};
		const timer = setTimeout(() => {
			fail(`did not start within ${READY_TIMEOUT_MS} ms`);
			void stop();
		}, READY_TIMEOUT_MS);
		child.once('exit', (code) => fail(`exited with code ${String(code)}`));
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const newline = stdout.indexOf('\n');
			if (newline < 0) return;
			clearTimeout(timer);
			resolve(JSON.parse(stdout.slice(0, newline)) as { endpoint: string; poolId: string; region: string });
		});
	});
	return { ...ready, pid, stop };
}
