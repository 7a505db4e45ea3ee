/**
 * The template files as a user or the installer meets them: built by the generator, real n8n JSON with our
 * package's node types, a Setup node and a Setup note in English and Russian, credentials as empty placeholders,
 * every webhook with its id, no Code node, no account's ids.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { buildTemplates, templateText } from '../../scripts/lib/templates';
import { loadTemplates, setupFieldsOf, WORKFLOWS_DIR, type TemplateNode } from '../../scripts/lib/templateInstaller';
import { loadBaseNodeType, loadPackageNodeTypes } from '../harness/registry';

const templates = loadTemplates();
const packageTypes = loadPackageNodeTypes();

describe('workflows/ holds what the generator builds', () => {
	test('every committed template file equals the generator\'s output, and nothing else is there', () => {
		const built = buildTemplates();
		const files = readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.json')).sort();
		expect(files).toEqual([...built.keys()].sort());
		for (const [file, workflow] of built) {
			expect(readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')).toBe(templateText(workflow));
		}
	});

	test('six scenarios for each CRM', () => {
		expect(templates.filter((t) => t.crm === 'amocrm')).toHaveLength(6);
		expect(templates.filter((t) => t.crm === 'bitrix24')).toHaveLength(6);
		expect(templates.map((t) => t.slug.replace(/^(amocrm|bitrix24)-/, '')).sort()).toEqual(
			[...new Set(templates.map((t) => t.slug.replace(/^(amocrm|bitrix24)-/, '')))].flatMap((s) => [s, s]).sort(),
		);
	});
});

describe.each(templates.map((t) => [t.slug, t] as const))('%s', (_slug, template) => {
	const { workflow } = template;
	const working = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
	const typeOf = (node: TemplateNode) => (node.type.startsWith('n8n-nodes-sales-funnel.') ? packageTypes[node.type] : loadBaseNodeType(node.type));

	test('uses only known node types and versions: this package\'s by their real name, and n8n\'s own; no Code node', () => {
		for (const node of workflow.nodes) {
			expect(node.type).not.toMatch(/^CUSTOM\./);
			expect(node.type).not.toMatch(/\.(code|function|functionItem|executeCommand)$/);
			const type = typeOf(node);
			expect(type).toBeDefined();
			const versions = 'nodeVersions' in type! ? Object.keys(type.nodeVersions).map(Number) : [type!.description.version].flat();
			expect(versions).toContain(node.typeVersion);
		}
	});

	test('its CRM is the one its file name says', () => {
		const other = template.crm === 'amocrm' ? /bitrix24/i : /amoCrm/i;
		for (const node of working) expect(node.type).not.toMatch(other);
		expect(workflow.name).toContain(template.crm === 'amocrm' ? '(amoCRM)' : '(Bitrix24)');
	});

	test('has a Setup node read by expressions, and a Setup note in English and Russian naming its fields', () => {
		const fields = setupFieldsOf(workflow).map((f) => f.name);
		expect(fields.length).toBeGreaterThan(0);
		const setupNote = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote' && String(n.parameters.content).startsWith('### Setup'));
		const content = String(setupNote?.parameters.content);
		expect(content).toContain('**English.**');
		expect(content).toContain('**Русский.**');
		for (const field of fields) expect(content).toContain(`*${field}*`);
		const text = JSON.stringify(working.filter((n) => !n.name.startsWith('Setup')));
		for (const field of fields) expect(text).toContain(`$('Setup').first().json[${JSON.stringify(JSON.stringify(field)).slice(1, -1)}]`);
	});

	test('credentials are placeholders to choose, webhooks have ids, names read like steps', () => {
		for (const node of working) {
			for (const credential of Object.values(node.credentials ?? {})) expect(credential).toEqual({ id: '', name: expect.any(String) });
			const type = typeOf(node)!;
			const description = 'nodeVersions' in type ? type.nodeVersions[node.typeVersion].description : type.description;
			if (description.webhooks?.length) expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
			expect(node.name).not.toMatch(/^(Code|Set|If|Switch|HTTP Request|Lead Dedup|amoCRM|Bitrix24)\d*$/);
		}
		expect(new Set(workflow.nodes.map((n) => n.name)).size).toBe(workflow.nodes.length);
	});

	test('every connection joins existing nodes, and every working node but the triggers is reached', () => {
		const names = new Set(working.map((n) => n.name));
		const reached = new Set<string>();
		for (const [from, byType] of Object.entries(workflow.connections as Record<string, { main: Array<Array<{ node: string }>> }>)) {
			expect(names.has(from)).toBe(true);
			for (const output of byType.main) for (const target of output) {
				expect(names.has(target.node)).toBe(true);
				reached.add(target.node);
			}
		}
		const triggers = working.filter((n) => (typeOf(n)!.description.group ?? []).includes('trigger') || /Trigger$/.test(n.type));
		for (const node of working) if (!triggers.includes(node)) expect([node.name, reached.has(node.name)]).toEqual([node.name, true]);
	});

	test('is laid out to read: sticky notes never cover one another, no two nodes share a place', () => {
		const notes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
		const box = (n: TemplateNode) => ({ x: n.position[0], y: n.position[1], w: Number(n.parameters.width), h: Number(n.parameters.height) });
		for (const [i, a] of notes.entries()) {
			for (const b of notes.slice(i + 1)) {
				const [p, q] = [box(a), box(b)];
				const overlap = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
				expect([a.name, b.name, overlap]).toEqual([a.name, b.name, false]);
			}
		}
		const places = working.map((n) => n.position.join(','));
		expect(new Set(places).size).toBe(places.length);
	});

	test('carries no account\'s ids: stages, pipelines and loss reasons by name', () => {
		const text = JSON.stringify(working);
		expect(text).not.toMatch(/\b(7100\d{3}|58[12]\d{5}|214000\d{2}|100000\d|3000000\d|4000000\d)\b/);
		expect(text).not.toMatch(/"mode":"id","value":"\d+"/);
	});
});
