import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage, ROOT } from '../scripts/lib/realN8n';

describe('the published package', () => {
	let unpacked: string;
	let files: string[];
	let manifest: {
		version: string;
		n8n: { nodes: string[]; credentials: string[] };
		files: string[];
		bin: Record<string, string>;
		peerDependencies: Record<string, string>;
		dependencies?: Record<string, string>;
	};

	beforeAll(async () => {
		const tarball = await packPackage();
		unpacked = mkdtempSync(path.join(tmpdir(), 'sales-funnel-pack-'));
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
		files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
			.split('\n')
			.filter(Boolean)
			.map((f) => f.replace(/^package\//, ''));
		manifest = JSON.parse(readFileSync(path.join(unpacked, 'package', 'package.json'), 'utf8'));
	}, 120_000);

	afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

	test('the n8n block lists exactly the node and credential files in dist', () => {
		const nodeFiles = files.filter((f) => f.endsWith('.node.js')).sort();
		const credentialFiles = files.filter((f) => f.endsWith('.credentials.js')).sort();
		expect([...manifest.n8n.nodes].sort()).toEqual(nodeFiles);
		expect([...manifest.n8n.credentials].sort()).toEqual(credentialFiles);
		expect(nodeFiles.length).toBeGreaterThan(0);
	});

	test('ships only dist and the templates, with icons and codex files beside each node, and no tests', () => {
		const outside = files.filter(
			(f) =>
				!f.startsWith('dist/') &&
				!/^workflows\/[\w-]+\.json$/.test(f) &&
				!['package.json', 'README.md', 'README.ru.md', 'LICENSE', 'CHANGELOG.md'].includes(f),
		);
		expect(outside).toEqual([]);
		expect(files.some((f) => f.startsWith('dist/test') || f.includes('.test.'))).toBe(false);
		for (const node of manifest.n8n.nodes) {
			const source = readFileSync(
				path.join(ROOT, node.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
				'utf8',
			);
			for (const [, icon] of source.matchAll(/file:([\w.-]+\.(?:svg|png))/g)) {
				expect(files).toContain(path.join(path.dirname(node), icon));
			}
			expect(files).toContain(node.replace(/\.js$/, '.json'));
		}
	});

	test('ships every template of workflows/ exactly as committed', () => {
		const committed = readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json'));
		expect(committed.length).toBeGreaterThan(0);
		for (const file of committed)
			expect(readFileSync(path.join(unpacked, 'package', 'workflows', file), 'utf8')).toBe(
				readFileSync(path.join(ROOT, 'workflows', file), 'utf8'),
			);
	});

	test('its command line runs from the unpacked package alone and lists the shipped templates', () => {
		const bin = path.join(unpacked, 'package', manifest.bin['n8n-nodes-sales-funnel']);
		expect(bin).toMatch(/\.cjs$/);
		expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
		expect(manifest.n8n.nodes.concat(manifest.n8n.credentials)).not.toContain(
			manifest.bin['n8n-nodes-sales-funnel'],
		);
		const listed = execFileSync(process.execPath, [bin, 'templates', 'list', '--crm', 'amocrm'], {
			cwd: tmpdir(),
			encoding: 'utf8',
		});
		const slugs = listed.split('\n').filter((line) => /^\S/.test(line));
		expect(slugs).toEqual(
			readdirSync(path.join(ROOT, 'workflows'))
				.filter((f) => f.startsWith('amocrm-'))
				.map((f) => f.replace(/\.json$/, ''))
				.sort(),
		);
		expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(
			manifest.version,
		);
	});

	test('n8n-workflow is a peer, never bundled', () => {
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(files.some((f) => f.includes('node_modules'))).toBe(false);
	});

	test('has no runtime dependencies: compiled code requires only what n8n provides, libphonenumber-js is bundled', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
		const required = new Set<string>();
		for (const file of files.filter((f) => f.endsWith('.js'))) {
			const code = readFileSync(path.join(unpacked, 'package', file), 'utf8');
			for (const [, name] of code.matchAll(/\brequire\("([^"]+)"\)/g))
				if (!name.startsWith('.')) required.add(name);
		}
		const providedByN8nOrNode = ['crypto', 'luxon', 'n8n-workflow', 'node:crypto'];
		expect([...required].filter((name) => !providedByN8nOrNode.includes(name))).toEqual([]);
		expect(required).toContain('luxon');
		const vendored = readFileSync(
			path.join(unpacked, 'package', 'dist/nodes/shared/vendor/libphonenumber.js'),
			'utf8',
		);
		expect(vendored).toContain('parsePhoneNumberFromString');
		expect(vendored.length).toBeGreaterThan(100_000);
	});
});
