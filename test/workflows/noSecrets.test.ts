import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { templateProblems, type TemplateLike } from '../support/templateHygiene';

const ROOT = path.resolve(__dirname, '../..');

/** Every shipped template (workflows/*.json) and the template fixtures the installer tests import. */
function templateFiles(): string[] {
	const dirs = [path.join(ROOT, 'workflows'), path.join(ROOT, 'test', 'fixtures', 'templates')];
	return dirs.filter((d) => existsSync(d)).flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => path.join(d, f)));
}

const load = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as TemplateLike;

describe('templates carry no secrets and nothing of one account', () => {
	test.each(templateFiles().map((f) => [path.relative(ROOT, f), f]))('%s', (_name, file) => {
		expect(templateProblems(load(file))).toEqual([]);
	});

	test('every template in workflows/ is checked (none is skipped by name)', () => {
		expect(templateFiles().length).toBeGreaterThanOrEqual(10);
		const shipped = existsSync(path.join(ROOT, 'workflows')) ? readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json')) : [];
		expect(templateFiles().filter((f) => f.includes(`${path.sep}workflows${path.sep}`)).map((f) => path.basename(f)).sort()).toEqual(shipped.sort());
	});
});

describe('the template check finds what must not be shipped', () => {
	const clean: TemplateLike = {
		name: 'Lead capture (amoCRM)',
		nodes: [
			{
				name: 'Create deal',
				type: 'n8n-nodes-sales-funnel.amoCrm',
				parameters: { pipeline: { __rl: true, mode: 'name', value: 'Воронка агентства' }, stage: 'Пришел новый лид', limit: 250 },
				credentials: { amoCrmApi: { id: '', name: 'amoCRM account' } },
			},
			{ name: 'Setup', type: 'n8n-nodes-base.set', parameters: { portal: 'https://your-company.bitrix24.ru', note: 'Put ?secret=<your secret> in the form URL; укажите ?secret=<секрет>' } },
		],
	};

	test('a clean template passes', () => {
		expect(templateProblems(clean)).toEqual([]);
	});

	test.each<[string, (t: TemplateLike) => void, RegExp]>([
		['an amoCRM token', (t) => ((t.nodes![1].parameters as Record<string, unknown>).token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjMGZmZWUwMCJ9.sig'), /a JWT/],
		['a Bitrix24 webhook with its secret', (t) => ((t.nodes![1].parameters as Record<string, unknown>).url = 'https://acme.bitrix24.ru/rest/1/k3yq9zr82mpl4t0x/'), /inbound webhook/],
		['a Lead Capture secret in a URL', (t) => ((t.nodes![1].parameters as Record<string, unknown>).note = 'https://n8n.acme.ru/webhook/lead?secret=Zx81kLm0Pq'), /a secret in a URL/],
		['a credential id', (t) => (t.nodes![0].credentials!.amoCrmApi.id = 'hT7kq2LmP0aZ9xYw'), /belongs to one n8n/],
		['a pipeline picked from the list', (t) => ((t.nodes![0].parameters as Record<string, unknown>).pipeline = { __rl: true, mode: 'list', value: '7100001' }), /only exists in one account/],
		['a stage id', (t) => ((t.nodes![0].parameters as Record<string, unknown>).stageId = 58100003), /account-specific id/],
		['a responsible user id', (t) => ((t.nodes![0].parameters as Record<string, unknown>).responsibleUserId = '1000002'), /account-specific id/],
		['a client portal address', (t) => ((t.nodes![1].parameters as Record<string, unknown>).portal = 'https://romashka.amocrm.ru'), /real account address/],
		['pinned leads', (t) => (t.pinData = { 'Lead Capture': [{ json: { phone: '+79161234567' } }] }), /pinData/],
		['the exporting instance', (t) => (t.meta = { instanceId: 'a1b2c3' }), /instanceId/],
	])('finds %s', (_what, plant, expected) => {
		const template = structuredClone(clean);
		plant(template);
		expect(templateProblems(template).join('\n')).toMatch(expected);
	});
});
