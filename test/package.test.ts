import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage, ROOT } from '../scripts/lib/realN8n';

describe('the published package', () => {
	let unpacked: string;
	let files: string[];
	let manifest: {
		n8n: { nodes: string[]; credentials: string[] };
		files: string[];
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

	test('ships only dist, with icons and codex files beside each node, and no tests', () => {
		const outside = files.filter(
			(f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f),
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
