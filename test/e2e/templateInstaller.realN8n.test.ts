import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { N8nPublicApi } from '../../scripts/lib/n8nPublicApi';
import { packPackage, ROOT } from '../../scripts/lib/realN8n';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { installTemplates } from '../../scripts/lib/templateInstaller';

const run = promisify(execFile);

/** A just-published webhook starts listening a moment later: retry while n8n answers 404. */
async function postWhenListening(url: string, body: URLSearchParams): Promise<Response> {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(url, { method: 'POST', body });
		if (response.status !== 404 || attempt >= 40) return response;
		await new Promise((r) => setTimeout(r, 250));
	}
}
const dir = path.join(__dirname, '../fixtures/templates');

describe('template installer against a real n8n (public REST API)', () => {
	let stack: Stack;
	beforeAll(async () => {
		stack = await startStack();
	}, 30 * 60_000);
	afterAll(() => stack?.stop());

	test('creates the workflow with the credentials and Setup values, publishes it, and the second run changes nothing', async () => {
		const options = {
			dir,
			credentials: stack.credentialIds(),
			set: { 'Lead source': 'partner' },
			publish: true,
		};
		const first = await installTemplates(stack.api, options);
		expect(first).toEqual([
			expect.objectContaining({
				template: 'amocrm-9-installer-probe',
				action: 'created',
				published: true,
				missingCredentials: [],
			}),
		]);
		const stored = await stack.api.getWorkflow(first[0].id);
		const capture = stored.nodes.find((n) => n.name === 'Website form')!;
		expect(capture.credentials).toEqual({
			leadCaptureSecretApi: {
				id: stack.credentials.leadCaptureSecretApi.id,
				name: 'Lead Capture secret',
			},
		});
		expect(capture.webhookId).not.toBe('9f000000-0000-4000-8000-0000000000aa');
		const setup = stored.nodes.find((n) => n.name === 'Setup')!;
		expect(JSON.stringify(setup.parameters)).toContain('"value":"partner"');

		const response = await postWhenListening(
			`${stack.n8n.url}/webhook/${capture.webhookId}/lead?secret=${stack.leadCaptureSecret}`,
			new URLSearchParams({ Name: 'Иван', Phone: '89161234567' }),
		);
		expect(response.status).toBe(200);

		const second = await installTemplates(stack.api, options);
		expect(second).toEqual([
			expect.objectContaining({ id: first[0].id, action: 'unchanged', published: true }),
		]);
		expect((await stack.api.findWorkflowsByName('Installer probe (amoCRM)')).length).toBe(1);

		const third = await installTemplates(stack.api, {
			...options,
			set: { 'Lead source': 'webinar' },
		});
		expect(third).toEqual([expect.objectContaining({ id: first[0].id, action: 'updated' })]);
		const updated = await stack.api.getWorkflow(first[0].id);
		expect(updated.nodes.find((n) => n.name === 'Website form')!.webhookId).toBe(capture.webhookId);
	});

	test('refuses unknown Setup fields, naming the known ones', async () => {
		await expect(installTemplates(stack.api, { dir, set: { 'Lead sauce': 'x' } })).rejects.toThrow(
			'Unknown setup field "Lead sauce". The templates\' Setup fields are: Lead source, First stage',
		);
	});

	test('says clearly when the API key or the URL is wrong', async () => {
		await expect(
			installTemplates(new N8nPublicApi(stack.n8n.url, 'not-a-key'), { dir }),
		).rejects.toThrow('n8n refused the API key (401)');
		await expect(
			installTemplates(new N8nPublicApi('http://127.0.0.1:9', 'k'), { dir }),
		).rejects.toThrow('Cannot reach n8n at http://127.0.0.1:9');
	});

	test('the command line lists templates and reports a refused key without a stack trace', async () => {
		const { stdout } = await run('npx', ['tsx', 'scripts/templates.ts', 'list', '--dir', dir], {
			cwd: ROOT,
		});
		expect(stdout).toContain('amocrm-9-installer-probe\n  Installer probe (amoCRM)');
		expect(stdout).toContain(
			'setup: "Lead source" ("site form"); "First stage" ("Пришел новый лид")',
		);
		const refused = run(
			'npx',
			[
				'tsx',
				'scripts/templates.ts',
				'install',
				'--dir',
				dir,
				'--url',
				stack.n8n.url,
				'--api-key',
				'wrong',
			],
			{ cwd: ROOT },
		);
		await expect(refused).rejects.toMatchObject({
			stderr: expect.stringContaining('Error: n8n refused the API key (401)'),
		});
	});
});

describe('npx n8n-nodes-sales-funnel templates install: the published package alone, on a machine without this repository', () => {
	let stack: Stack;
	let tarball: string;
	let home: string;
	beforeAll(async () => {
		[stack, tarball] = await Promise.all([startStack(), packPackage()]);
		home = mkdtempSync(path.join(tmpdir(), 'sales-funnel-npx-'));
	}, 30 * 60_000);
	afterAll(async () => {
		await stack?.stop();
		if (home) rmSync(home, { recursive: true, force: true });
	});

	/** `npx <package> …` from an empty folder with an empty npm cache: npm installs the tarball and runs its bin. */
	const npx = (args: string[]) =>
		run(
			'npm',
			[
				'exec',
				'--yes',
				`--cache=${path.join(home, 'npm-cache')}`,
				`--package=${tarball}`,
				'--',
				'n8n-nodes-sales-funnel',
				...args,
			],
			{ cwd: home, env: { ...process.env, npm_config_loglevel: 'error' } },
		);

	test(
		'installs and publishes the shipped Bitrix24 templates; the second run changes nothing',
		async () => {
			const ids = stack.credentialIds();
			const args = [
				'templates',
				'install',
				'--url',
				stack.n8n.url,
				'--api-key',
				stack.apiKey,
				'--crm',
				'bitrix24',
				...Object.entries(ids).flatMap(([type, c]) => ['--credential', `${type}=${c.id}`]),
				'--publish',
			];
			const first = (await npx(args)).stdout.trim().split('\n');
			expect(first).toHaveLength(6);
			for (const line of first) expect(line).toMatch(/^created +.+\(Bitrix24\) \(id \w+\)/);
			expect(first.filter((l) => l.endsWith('— published')).length).toBeGreaterThanOrEqual(4);

			const second = (await npx(args)).stdout.trim().split('\n');
			expect(second.map((l) => l.split(' ')[0])).toEqual(Array(6).fill('unchanged'));
			const stored = await stack.api.findWorkflowsByName(
				'Lead capture → deal and first call (Bitrix24)',
			);
			expect(stored).toHaveLength(1);
		},
		10 * 60_000,
	);
});
