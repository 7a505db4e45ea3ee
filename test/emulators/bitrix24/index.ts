/**
 * The Bitrix24 portal emulator. `start()` listens and returns `{ info, url, webhook, emulator, close() }`;
 * `info` is what `npm run emulator -- bitrix24` prints after READY. See README.md for what is reproduced.
 */
import { PortalEmulator, type PortalOptions } from './core';
import type { PortalSeed } from './seed';
import { createServer, listen } from './server';

export interface StartOptions extends PortalOptions {
	port?: number;
	host?: string;
	seed?: PortalSeed;
}

export interface RunningEmulator {
	info: { crm: 'bitrix24'; url: string; webhook: string };
	url: string;
	/** The working inbound-webhook URL of the seeded portal: `http://127.0.0.1:PORT/rest/1/SECRET/`. */
	webhook: string;
	/** Direct access to the portal, for tests that inspect or prepare state without HTTP. */
	emulator: PortalEmulator;
	close(): Promise<void>;
}

export async function start(options: StartOptions = {}): Promise<RunningEmulator> {
	const emulator = new PortalEmulator(options.seed, {
		limits: options.limits,
		now: options.now,
		latency: options.latency,
		sleep: options.sleep,
	});
	const server = createServer(emulator);
	const host = options.host ?? '127.0.0.1';
	const address = await listen(server, options.port ?? 0, host);
	const url = `http://${host}:${address.port}`;
	const hook = emulator.state.webhooks[0];
	const webhook = `${url}/rest/${hook.userId}/${hook.secret}/`;
	return {
		info: { crm: 'bitrix24', url, webhook },
		url,
		webhook,
		emulator,
		close: async () => {
			await emulator.events.flush();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export { PortalEmulator } from './core';
export type { PortalSeed } from './seed';
