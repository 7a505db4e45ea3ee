/**
 * `npm run demo` as a newcomer meets it: the script is started, its printout is all one needs — the API key works,
 * the amoCRM token works, the board pages answer, and the printed "try this" lead lands on the amoCRM board (once,
 * even when sent twice) — n8n answers without stack traces (production mode), and Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { freePort, ROOT, stopProcess } from '../../scripts/lib/realN8n';

/** Waits, bounded, until `check` returns something. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check().catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((r) => setTimeout(r, 500));
	}
}

describe('npm run demo', () => {
	let demo: ChildProcess;
	let output = '';
	const ports = { n8n: 0, amocrm: 0, bitrix24: 0 };
	const printed = (label: string) =>
		new RegExp(`^\\s*${label}\\s+(\\S+)`, 'm').exec(output)?.[1] ?? '';

	beforeAll(async () => {
		ports.n8n = await freePort();
		ports.amocrm = await freePort();
		ports.bitrix24 = await freePort();
		demo = spawn(process.execPath, [path.join(ROOT, 'node_modules/.bin/tsx'), 'scripts/demo.ts'], {
			cwd: ROOT,
			env: {
				...process.env,
				DEMO_N8N_PORT: String(ports.n8n),
				DEMO_AMOCRM_PORT: String(ports.amocrm),
				DEMO_BITRIX24_PORT: String(ports.bitrix24),
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		demo.stdout!.on('data', (chunk) => (output += chunk));
		demo.stderr!.on('data', (chunk) => (output += chunk));
		await eventually(
			async () => (output.includes('Ctrl-C stops everything.') ? true : undefined),
			30 * 60_000,
		).catch((error) => {
			throw new Error(`${(error as Error).message}\n${output.slice(-3000)}`);
		});
	}, 35 * 60_000);

	afterAll(async () => {
		if (demo) await stopProcess(demo);
	});

	test('prints the editor, a working API key, a working amoCRM token and both board pages', async () => {
		expect(printed('n8n editor')).toBe(`http://127.0.0.1:${ports.n8n}`);
		const apiKey = printed('API key');
		const workflows = await fetch(`http://127.0.0.1:${ports.n8n}/api/v1/workflows`, {
			headers: { 'X-N8N-API-KEY': apiKey },
		});
		expect(workflows.status).toBe(200);
		expect(((await workflows.json()) as { data: unknown[] }).data.length).toBeGreaterThanOrEqual(
			10,
		);

		const account = await fetch(`http://127.0.0.1:${ports.amocrm}/api/v4/account`, {
			headers: { authorization: `Bearer ${printed('token')}` },
		});
		expect(account.status).toBe(200);
		for (const crm of [ports.amocrm, ports.bitrix24]) {
			const board = await fetch(`http://127.0.0.1:${crm}/__emulator/board`);
			expect(board.status).toBe(200);
			expect(await board.text()).toContain('class="stage"');
			expect(output).toContain(`http://127.0.0.1:${crm}/__emulator/board`);
		}
	});

	test('prints a webhook URL for every published template that listens to one', () => {
		for (const hook of [
			/POST +http:\/\/127\.0\.0\.1:\d+\/webhook\/[\w-]+\/lead\?secret=\S+ +\(Website form or chat\)/g,
			/POST +http:\/\/telephony:[0-9a-f]+@127\.0\.0\.1:\d+\/webhook\/amocrm-call-finished /g,
			/POST +http:\/\/telephony:[0-9a-f]+@127\.0\.0\.1:\d+\/webhook\/bitrix24-call-finished /g,
			/GET +\S+\/form\/amocrm-webinar-upload +\(Form: upload the viewers file; login webinar\)/g,
			/GET +\S+\/form\/bitrix24-webinar-fetch +\(Form: fetch a report from the platform; login webinar\)/g,
			/POST +\S+\/webhook\/[\w-]+\/webhook +\(amoCRM/g,
			/POST +\S+\/webhook\/[\w-]+\/bitrix24 +\(Bitrix24/g,
		])
			expect((output.match(hook) ?? []).length).toBeGreaterThanOrEqual(1);
		expect(output.match(/\/lead\?secret=/g)?.length).toBeGreaterThanOrEqual(2);
	});

	test('the printed lead lands on the amoCRM board once, even when sent twice', async () => {
		const url = /curl -X POST '([^']+)'/.exec(output)![1];
		const form = () =>
			new URLSearchParams({
				Name: 'Пётр Демонстрационный',
				Phone: '8 (916) 700-11-22',
				Email: 'petr.demo@example.com',
			});
		expect((await fetch(url, { method: 'POST', body: form() })).status).toBe(200);
		const board = `http://127.0.0.1:${ports.amocrm}/__emulator/board?q=${encodeURIComponent('Демонстрационный')}`;
		const cards = async () => {
			const html = await (await fetch(board)).text();
			return html.match(/<article class="card"/g)?.length ?? 0;
		};
		await eventually(async () => ((await cards()) === 1 ? true : undefined), 120_000);
		expect((await fetch(url, { method: 'POST', body: form() })).status).toBe(200);
		await eventually(async () => {
			const html = await (await fetch(board)).text();
			return html.includes('Дубль') ? html : undefined;
		}, 120_000);
		expect(await cards()).toBe(1);
	}, 300_000);

	test('n8n runs in production mode: an error answer carries no stack trace', async () => {
		const res = await fetch(`http://127.0.0.1:${ports.n8n}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				emailOrLdapLoginId: 'nobody@example.com',
				password: 'wrong-password-1',
			}),
		});
		expect(res.status).toBeGreaterThanOrEqual(400);
		const body = (await res.json()) as Record<string, unknown>;
		expect(body.message).toBeTruthy();
		expect(body).not.toHaveProperty('stacktrace');
	});

	test('Ctrl-C stops n8n and the emulators', async () => {
		demo.kill('SIGINT');
		await new Promise<void>((resolve) => demo.once('exit', () => resolve()));
		await expect(fetch(`http://127.0.0.1:${ports.amocrm}/__emulator/health`)).rejects.toThrow();
		await expect(fetch(`http://127.0.0.1:${ports.n8n}/healthz`)).rejects.toThrow();
	}, 60_000);
});
