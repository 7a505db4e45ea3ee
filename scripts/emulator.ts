/**
 * `npm run emulator -- <amocrm|bitrix24> [--port N] [--host H] [--seed file.json] [--no-limits] [--latency [ms]]`
 * Starts a CRM emulator and prints `READY {json}` when it listens. Ctrl-C stops it. `--latency` answers after the
 * CRM's modelled latency (test/emulators/timing.ts); with a number, that base in milliseconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { latencyArgument } from '../test/emulators/timing';

interface EmulatorModule {
	start(options: {
		port?: number;
		host?: string;
		seed?: unknown;
		limits?: boolean;
		latency?: boolean | number;
	}): Promise<{
		info: Record<string, unknown>;
		close(): Promise<void>;
	}>;
}

const EMULATORS: Record<string, string> = {
	amocrm: '../test/emulators/amocrm',
	bitrix24: '../test/emulators/bitrix24',
};

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

async function main() {
	const args = process.argv.slice(2);
	const crm = args[0];
	if (!crm || !(crm in EMULATORS)) {
		console.error(
			`Usage: npm run emulator -- <${Object.keys(EMULATORS).join('|')}> [--port N] [--seed file.json] [--no-limits] [--latency [ms]]`,
		);
		process.exit(2);
	}
	const seedFile = option(args, '--seed');
	const mod = (await import(EMULATORS[crm])) as EmulatorModule;
	const emulator = await mod.start({
		port: Number(option(args, '--port') ?? 0),
		host: option(args, '--host') ?? '127.0.0.1',
		seed: seedFile ? JSON.parse(readFileSync(path.resolve(seedFile), 'utf8')) : undefined,
		limits: !args.includes('--no-limits'),
		latency: latencyArgument(args),
	});
	console.log(`READY ${JSON.stringify(emulator.info)}`);
	const stop = async () => {
		await emulator.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
