/**
 * The package's command line, `npx n8n-nodes-sales-funnel …` (package.json `bin`): installs the workflow templates
 * shipped in the package's `workflows/` into any n8n through its public REST API, without cloning this repository.
 *
 * The build bundles this file with what it imports into `dist/cli/n8n-nodes-sales-funnel.cjs` (gulpfile.js): plain
 * CommonJS needing nothing but Node 20+. n8n never loads it: it is not in the package.json `n8n` block.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { runTemplatesCommand, TEMPLATES_USAGE } from './lib/templatesCli';

/** The package root: two folders up from dist/cli/ in the package, one up from scripts/ in the repository. */
function packageRoot(): string {
	const up = path.basename(path.dirname(__dirname)) === 'dist' ? '../..' : '..';
	return path.resolve(__dirname, up);
}

const USAGE = `Usage: npx n8n-nodes-sales-funnel <command>

${TEMPLATES_USAGE}`;

async function main() {
	const root = packageRoot();
	const [area, command, ...args] = process.argv.slice(2);
	if (area === '--version' || area === '-v') {
		const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
		console.log(version);
		return;
	}
	if (
		area === 'templates' &&
		(await runTemplatesCommand(command, args, path.join(root, 'workflows')))
	)
		return;
	const asked = area === undefined || area === '--help' || area === '-h' || command === '--help';
	(asked ? console.log : console.error)(USAGE);
	if (!asked) process.exit(2);
}

main().catch((error) => {
	console.error(`Error: ${(error as Error).message}`);
	process.exit(1);
});
