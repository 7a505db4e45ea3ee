/**
 * Agencies' template installer, from this repository (the published package has the same as
 * `npx n8n-nodes-sales-funnel templates …`):
 *   npm run templates -- list
 *   npm run templates -- install --url https://n8n.example.com --api-key <key> [--crm amocrm|bitrix24]
 *        [--credential <id> | --credential <type>=<id> ...] [--set "First stage=Пришел новый лид" ...]
 *        [--only <template> ...] [--publish]
 *   npm run templates -- build      (maintainers: writes workflows/*.json from scripts/lib/templates/)
 *   (--dir <folder> takes templates from another folder than workflows/)
 * Idempotent: re-running updates the same workflows (never duplicates them).
 */
import { writeTemplates } from './lib/templates';
import { runTemplatesCommand, TEMPLATES_USAGE } from './lib/templatesCli';

async function main() {
	const [command, ...args] = process.argv.slice(2);
	if (command === 'build') {
		for (const file of writeTemplates()) console.log(`wrote workflows/${file}`);
		return;
	}
	if (await runTemplatesCommand(command, args)) return;
	console.error(`Usage: npm run templates -- <command>\n\ntemplates build\n${TEMPLATES_USAGE}`);
	process.exit(2);
}

main().catch((error) => {
	console.error(`Error: ${(error as Error).message}`);
	process.exit(1);
});
