// Everything a script starts is registered here and stopped once, newest first, on success,
// failure or a signal; one failing stop does not keep the others from running.

/** A stack of stop functions; stopAll() runs them once, newest first, and resolves when all are done. */
export function createStopStack({ log = console.error } = {}) {
	const stops = [];
	let stopping = null;
	const stopAll = () =>
		(stopping ??= (async () => {
			for (const stop of stops.reverse()) {
				try {
					await stop();
				} catch (error) {
					log(`while stopping: ${error.message}`);
				}
			}
		})());
	return { add: (stop) => void stops.push(stop), stopAll, stopping: () => stopping !== null };
}

/**
 * The script's stack, also stopped on SIGINT/SIGTERM/SIGHUP: `onSignal(signal)` is told first, then
 * the process exits with `signalExitCode`.
 */
export function createCleanup({ onSignal = () => {}, signalExitCode = 130, log = console.error } = {}) {
	const stack = createStopStack({ log });
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (stack.stopping()) return;
			onSignal(signal);
			void stack.stopAll().then(() => process.exit(signalExitCode));
		});
	}
	return { add: stack.add, stopAll: stack.stopAll };
}
