import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** `npm run emulator -- amocrm --port N` is what scripts and users start; this runs the same entry point. */
describe('amoCRM emulator command line', () => {
	test('prints READY with the URL and a token, then serves the seeded pipelines (with --latency)', async () => {
		const child = spawn(
			process.execPath,
			[
				path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
				'scripts/emulator.ts',
				'amocrm',
				'--port',
				'0',
				'--latency',
				'40',
			],
			{
				cwd: ROOT,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		try {
			const info = await new Promise<{
				crm: string;
				url: string;
				subdomain: string;
				token: string;
			}>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk) => {
					out += chunk;
					const line = out.split('\n').find((l) => l.startsWith('READY '));
					if (line) resolve(JSON.parse(line.slice('READY '.length)));
				});
				child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
			});
			expect(info).toMatchObject({
				crm: 'amocrm',
				subdomain: 'salesfunnel',
				url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
			});
			const response = await fetch(`${info.url}/api/v4/leads/pipelines`, {
				headers: { Authorization: `Bearer ${info.token}` },
			});
			expect(response.status).toBe(200);
			const body = (await response.json()) as { _embedded: { pipelines: Array<{ name: string }> } };
			expect(body._embedded.pipelines.map((p) => p.name)).toEqual(['Воронка агентства', 'Вебинар']);
			// --latency 40: amoCRM's modelled latency with a base of 40 ms.
			const latency = (await (await fetch(`${info.url}/__emulator/latency`)).json()) as {
				baseMs: number;
				perEntityMs: number;
			};
			expect(latency).toMatchObject({ baseMs: 40, perEntityMs: 15 });
		} finally {
			child.kill('SIGTERM');
		}
	}, 60_000);
});
