/** Jest global teardown for the integration project: stop the moto server from globalSetup. */
import './globalSetup';

export default async function globalTeardown(): Promise<void> {
	const moto = globalThis.__MOTO__;
	if (moto === undefined) return;
	globalThis.__MOTO__ = undefined;
	delete process.env.MOTO_ENDPOINT;
	await moto.stop();
}
