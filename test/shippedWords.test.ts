/**
 * What users read says the fact in their words: no "seed 001" (our name for the source articles the rules come
 * from) and no paths to our internal reference notes, in anything the package ships — node and credential sources
 * (labels, descriptions, notices, errors and the comments beside them), the template installer, the templates and
 * the READMEs. Not even as a stored option value: a template's JSON and an expression in the editor show those too
 * (Call Attempts reads the cadence values version 0.1 stored, in code only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { loadPackageCredentialTypes, loadPackageNodeTypes } from './harness/registry';

const ROOT = path.resolve(__dirname, '..');

/** Text that names our documents instead of stating the fact. */
const JARGON: Array<[string, RegExp]> = [
	['a source article ("seed 001", "seed-001", "seeds 001–003")', /\bseeds?[ -]+0\d\d/i],
	["the source articles' folder", /\bseeds\//i],
	[
		'a reference note',
		/\breference\/|\b(?:amocrm-api|bitrix24-api|lead-sources|peers|n8n-platform)\.md\b/i,
	],
	['a section of a reference note ("§2.9")', /§\s*\d/],
	['a product document', /\b(?:SPEC|STYLE)\.md\b|\bSPEC §/],
];

function jargonIn(text: string): string[] {
	return JARGON.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}

/** Any "seed" in a sentence a person reads (labels, descriptions, notes): the stored values are not sentences. */
function seedWordIn(text: string): boolean {
	return /seed/i.test(text);
}

function walkFiles(dir: string, keep: (file: string) => boolean): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) found.push(...walkFiles(full, keep));
		else if (keep(full)) found.push(full);
	}
	return found.sort();
}

/** Every string in a value, with the key it sits under. */
function strings(value: unknown, key = ''): Array<{ key: string; text: string }> {
	if (typeof value === 'string') return [{ key, text: value }];
	if (Array.isArray(value)) return value.flatMap((v) => strings(v, key));
	if (value && typeof value === 'object')
		return Object.entries(value).flatMap(([k, v]) => strings(v, k));
	return [];
}

const shippedSources = [
	...walkFiles(path.join(ROOT, 'nodes'), (f) => /\.(ts|json)$/.test(f)),
	...walkFiles(path.join(ROOT, 'credentials'), (f) => f.endsWith('.ts')),
	// The `npx n8n-nodes-sales-funnel templates` command and what it bundles, and the templates' generators.
	path.join(ROOT, 'scripts/cli.ts'),
	path.join(ROOT, 'scripts/lib/templatesCli.ts'),
	path.join(ROOT, 'scripts/lib/templateInstaller.ts'),
	path.join(ROOT, 'scripts/lib/n8nPublicApi.ts'),
	...walkFiles(path.join(ROOT, 'scripts/lib/templates'), (f) => f.endsWith('.ts')),
];
const documents = ['README.md', 'README.ru.md', 'CHANGELOG.md'].map((f) => path.join(ROOT, f));
const templates = walkFiles(path.join(ROOT, 'workflows'), (f) => f.endsWith('.json'));
const relative = (file: string) => path.relative(ROOT, file);

describe('the checks themselves', () => {
	test('catch the words we used to ship', () => {
		expect(jargonIn('Webinar Funnel (Seed 001): 3 Attempts')).not.toEqual([]);
		expect(jargonIn('the seed-001 close of «Отправлен на повтор вебинара»')).not.toEqual([]);
		expect(jargonIn('Audit and the weekly close (seeds 001–003)')).not.toEqual([]);
		expect(jargonIn('unknown (reference/lead-sources.md §2.9)')).not.toEqual([]);
		expect(jargonIn('Bitrix24 telephony (reference §2.8)')).not.toEqual([]);
		expect(jargonIn('(SPEC §3)')).not.toEqual([]);
		expect(seedWordIn('Seed default 60: the offer starts after minute 45')).toBe(true);
	});

	test('let the stored values and plain words through', () => {
		expect(jargonIn("const choice = param('cadence', 'seed001');")).toEqual([]);
		expect(jargonIn('the official SDK amocrm/amocrm-api-php')).toEqual([]);
		expect(jargonIn('Webinar Funnel: 3 Attempts')).toEqual([]);
		expect(
			seedWordIn('={{ {webinarFunnel: "Webinar Funnel: 3 Attempts"}[$parameter["cadence"]] }}'),
		).toBe(false);
		expect(
			seedWordIn('={{ {seed001: "Webinar Funnel: 3 Attempts"}[$parameter["cadence"]] }}'),
		).toBe(true);
	});
});

describe('shipped sources name no internal document', () => {
	test.each(shippedSources.map(relative))('%s', (file) => {
		const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
		const found = lines.flatMap((line, i) =>
			jargonIn(line).map((what) => `${file}:${i + 1}: ${what}: ${line.trim()}`),
		);
		expect(found).toEqual([]);
	});
});

describe('documents users read say no "seed" and name no internal document', () => {
	test.each(documents.map(relative))('%s', (file) => {
		const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
		const found = lines.flatMap((line, i) => [
			...jargonIn(line).map((what) => `${file}:${i + 1}: ${what}`),
			// Stored values in a README would be code, and README has none: any seed00x here is jargon.
			...(/seed\s*-?\s*0\d\d/i.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []),
		]);
		expect(found).toEqual([]);
	});
});

describe('templates: notes, names and descriptions say no "seed"', () => {
	test.each(templates.map(relative))('%s', (file) => {
		const workflow = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
		const found = strings(workflow)
			.filter(({ text }) => seedWordIn(text) || jargonIn(text).length > 0)
			.map(({ key, text }) => `${key}: ${text}`);
		expect(found).toEqual([]);
	});
});

describe('what the n8n editor shows says no "seed"', () => {
	const described = [
		...Object.entries(loadPackageNodeTypes()).map(
			([type, node]) => [type, node.description] as const,
		),
		...Object.entries(loadPackageCredentialTypes()).map(
			([type, credential]) => [type, credential] as const,
		),
	];
	test.each(described)('%s', (_type, description) => {
		const found = strings(description)
			// Stored values and defaults too: an expression in the editor shows them.
			.filter(({ text }) => seedWordIn(text) || jargonIn(text).length > 0)
			.map(({ key, text }) => `${key}: ${text}`);
		expect(found).toEqual([]);
	});
});

describe('the Russian README', () => {
	const russian = readFileSync(path.join(ROOT, 'README.ru.md'), 'utf8');
	const english = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

	test('is linked from the first lines of README.md and links back', () => {
		expect(english.split('\n').slice(0, 5).join('\n')).toContain('(README.ru.md)');
		expect(russian.split('\n').slice(0, 5).join('\n')).toContain('(README.md)');
	});

	test('names every node of the package, and every template', () => {
		const nodes = Object.values(loadPackageNodeTypes()).map((node) => node.description.displayName);
		expect(nodes.filter((name) => !russian.includes(`**${name}**`))).toEqual([]);
		for (const section of [
			'## Установка',
			'## Быстрый старт',
			'## Ноды',
			'## Шаблоны',
			'## Демо',
			'## Тесты',
		])
			expect(russian).toContain(section);
		for (const section of ['## Замеры производительности', '## Известные ограничения'])
			expect(russian).toContain(section);
		expect(russian.match(/^\d\. \*\*/gm)).toHaveLength(templates.length / 2);
	});
});
