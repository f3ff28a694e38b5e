/**
 * Jest global setup for the integration project: one moto server for the whole run.
 *
 * Runs in the jest parent process. Workers are started afterwards and inherit
 * `process.env.MOTO_ENDPOINT`; the handle stays on `globalThis` for the global teardown.
 */
import { startMoto, type MotoServer } from './moto';

declare global {
	// eslint-disable-next-line no-var
	var __MOTO__: MotoServer | undefined;
}

export default async function globalSetup(): Promise<void> {
	if (globalThis.__MOTO__ !== undefined) return;
	const moto = await startMoto();
	globalThis.__MOTO__ = moto;
	process.env.MOTO_ENDPOINT = moto.endpoint;
}
