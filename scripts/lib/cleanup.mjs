// Everything a script starts is registered here and stopped once, newest first, on success,
// failure or a signal; one failing stop does not keep the others from running.

/**
 * `onSignal(signal)` is told before stopping on SIGINT/SIGTERM/SIGHUP; the process then exits with
 * `signalExitCode`.
 */
export function createCleanup({ onSignal = () => {}, signalExitCode = 130, log = console.error } = {}) {
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
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (stopping) return;
			onSignal(signal);
			void stopAll().then(() => process.exit(signalExitCode));
		});
	}
	return { add: (stop) => void stops.push(stop), stopAll };
}
