import { longLivedTokenString } from './auth';
import { seedFactory, type SeedInput } from './control';
import { AmoCrmServer } from './server';
import type { LatencyModel, TimeSource } from '../timing';

export interface StartOptions {
	port?: number;
	host?: string;
	/** Account data (see SeedData) or `{ generate: { prng, contacts, leads, subdomain } }`; default: the demo account. */
	seed?: unknown;
	/** The real rate limits (7 rps, 429, ban); `false` = `--no-limits`. */
	limits?: boolean;
	/**
	 * The latency model (`--latency`): `true` = amoCRM's modelled latency, a number = that base in ms, an object =
	 * its parts (see ../timing.ts); default none.
	 */
	latency?: boolean | number | Partial<LatencyModel>;
	/** The clock's time source, for tests that step time instead of waiting; default real time. */
	now?: TimeSource;
	/** How latency is waited out; default a timer. */
	sleep?: (ms: number) => Promise<void>;
}

export interface EmulatorInfo {
	crm: 'amocrm';
	url: string;
	subdomain: string;
	/** A long-lived token of the default account's admin. */
	token: string;
}

export interface RunningEmulator {
	info: EmulatorInfo;
	url: string;
	server: AmoCrmServer;
	close(): Promise<void>;
}

/** Starts the amoCRM emulator (see README.md here); `port: 0` picks a free port. */
export async function start(options: StartOptions = {}): Promise<RunningEmulator> {
	const server = new AmoCrmServer({
		limits: options.limits,
		latency: options.latency,
		now: options.now,
		sleep: options.sleep,
	});
	const account = server.addAccount(seedFactory(options.seed as SeedInput | undefined));
	const address = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	const url = `http://${address.address}:${address.port}`;
	const info: EmulatorInfo = {
		crm: 'amocrm',
		url,
		subdomain: account.subdomain,
		token: longLivedTokenString(account, account.longLivedTokens[0]?.id ?? '') ?? '',
	};
	return { info, url, server, close: () => server.close() };
}
