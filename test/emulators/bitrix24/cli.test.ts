import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { callJson } from './testClient';

const ROOT = path.resolve(__dirname, '../../..');

describe('npm run emulator -- bitrix24 --port 3102', () => {
	let child: ChildProcess | undefined;
	afterAll(() => {
		// The npm → tsx → node chain runs in its own process group: end the group we started.
		if (child?.pid) process.kill(-child.pid, 'SIGTERM');
	});

	test('prints READY with a working webhook that answers crm.category.list for deals', async () => {
		child = spawn('npm', ['run', '--silent', 'emulator', '--', 'bitrix24', '--port', '3102'], {
			cwd: ROOT,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr?.on('data', (chunk) => (stderr += chunk));
		const info = await new Promise<{ crm: string; url: string; webhook: string }>(
			(resolve, reject) => {
				let out = '';
				child!.stdout?.on('data', (chunk) => {
					out += chunk;
					const line = out.split('\n').find((l) => l.startsWith('READY '));
					if (line) resolve(JSON.parse(line.slice('READY '.length)));
				});
				child!.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
			},
		);
		expect(info).toEqual({
			crm: 'bitrix24',
			url: 'http://127.0.0.1:3102',
			webhook: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3102\/rest\/1\/[a-z0-9]{16}\/$/),
		});
		const { status, body } = await callJson(info.webhook, 'crm.category.list', { entityTypeId: 2 });
		expect(status).toBe(200);
		expect(body.result.categories.map((c: { id: number }) => c.id).sort()).toEqual([0, 1, 3]);
	}, 60_000);
});
