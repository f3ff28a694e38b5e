// Running one e2e phase script on its own (node scripts/e2e-<phase>.mjs): the same n8n, build,
// checks and cleanup as the full run, so that a phase can be tried without the rest.
import { ensureBuilt } from './build.mjs';
import { Checks } from './checks.mjs';
import { createCleanup } from './cleanup.mjs';
import { reexecForN8n, resolveN8n } from './n8n-version.mjs';

/**
 * Re-executes on the Node that n8n `major` needs, installs (or finds) that n8n, builds the package,
 * then runs `phases({ n8n, checks, log, cleanup, keep })`; everything started is stopped at the
 * end. Resolves to the process's exit code.
 */
export async function runStandalone(name, major, phases) {
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
	const keep = process.argv.includes('--keep');
	const t0 = Date.now();
	const log = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}`);
	const childExit = await reexecForN8n(major, { log });
	if (childExit !== null) return childExit;

	const checks = new Checks(log);
	const cleanup = createCleanup({
		log: (line) => log(`cleanup: ${line}`),
		onSignal: (signal) => log(`${signal}: stopping everything started…`),
	});
	try {
		const n8n = await checks.phase('n8n install (cached after the first run)', () => resolveN8n(major, { log }), {
			fatal: true,
		});
		log(`n8n ${n8n.version} on Node ${n8n.nodeVersion}`);
		await checks.phase('build', () => ensureBuilt({ log }), { fatal: true });
		await phases({ n8n, checks, log, cleanup, keep });
	} catch (error) {
		if (!checks.failures.length) checks.ok(`${name} e2e run`, false, error?.stack ?? String(error));
		log('stopping early: a setup phase failed');
	} finally {
		await cleanup.stopAll();
	}
	console.log(checks.summary((Date.now() - t0) / 1000));
	return checks.failed ? 1 : 0;
}
