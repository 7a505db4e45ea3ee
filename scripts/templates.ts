/**
 * Agencies' template installer.
 *   npm run templates -- list
 *   npm run templates -- install --url https://n8n.example.com --api-key <key> [--crm amocrm|bitrix24]
 *        [--credential <id> | --credential <type>=<id> ...] [--set "First stage=Пришел новый лид" ...]
 *        [--only <template> ...] [--publish]
 *   npm run templates -- build      (maintainers: writes workflows/*.json from scripts/lib/templates/)
 *   (--dir <folder> takes templates from another folder than workflows/)
 * Idempotent: re-running updates the same workflows (never duplicates them).
 */
import { N8nPublicApi } from './lib/n8nPublicApi';
import { writeTemplates } from './lib/templates';
import {
	credentialTypesOf,
	installTemplates,
	loadTemplates,
	setupFieldsOf,
} from './lib/templateInstaller';

function many(args: string[], name: string): string[] {
	const values: string[] = [];
	args.forEach((a, i) => {
		if (a === name && args[i + 1] !== undefined) values.push(args[i + 1]);
	});
	return values;
}

function one(args: string[], name: string): string | undefined {
	return many(args, name).pop();
}

function list(args: string[]) {
	for (const t of loadTemplates(one(args, '--dir'))) {
		console.log(`${t.slug}\n  ${t.workflow.name}`);
		if (t.workflow.description) console.log(`  ${t.workflow.description}`);
		console.log(`  credentials: ${credentialTypesOf(t.workflow).join(', ') || 'none'}`);
		const fields = setupFieldsOf(t.workflow);
		if (fields.length)
			console.log(
				`  setup: ${fields.map((f) => `"${f.name}" (${JSON.stringify(f.value)})`).join('; ')}`,
			);
	}
}

async function install(args: string[]) {
	const url = one(args, '--url') ?? process.env.N8N_URL;
	const apiKey = one(args, '--api-key') ?? process.env.N8N_API_KEY;
	if (!url || !apiKey)
		throw new Error('Give --url <n8n address> and --api-key <key> (or N8N_URL and N8N_API_KEY).');
	const crm = one(args, '--crm');
	if (crm && crm !== 'amocrm' && crm !== 'bitrix24') throw new Error('--crm is amocrm or bitrix24');
	const api = new N8nPublicApi(url, apiKey);
	const credentials: Record<string, { id: string }> = {};
	const bare: string[] = [];
	for (const value of many(args, '--credential')) {
		const eq = value.indexOf('=');
		if (eq > 0) credentials[value.slice(0, eq)] = { id: value.slice(eq + 1) };
		else bare.push(value);
	}
	if (bare.length) {
		const known = await api.listCredentials();
		for (const id of bare) {
			const found = known.find((c) => c.id === id);
			if (!found) throw new Error(`No credential with id ${id} in this n8n.`);
			credentials[found.type] = { id: found.id, name: found.name } as { id: string };
		}
	}
	const set: Record<string, string> = {};
	for (const pair of many(args, '--set')) {
		const eq = pair.indexOf('=');
		if (eq <= 0) throw new Error(`--set takes "Field name=value", got "${pair}"`);
		set[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
	}
	const results = await installTemplates(api, {
		dir: one(args, '--dir'),
		crm: crm as 'amocrm' | 'bitrix24' | undefined,
		only: many(args, '--only'),
		credentials,
		set,
		publish: args.includes('--publish'),
	});
	for (const r of results) {
		const extra = r.missingCredentials.length
			? ` — choose in the editor: ${r.missingCredentials.join(', ')}`
			: '';
		console.log(
			`${r.action.padEnd(9)} ${r.name} (id ${r.id})${r.published ? ' — published' : ''}${extra}`,
		);
	}
}

async function main() {
	const [command, ...args] = process.argv.slice(2);
	if (command === 'list') return list(args);
	if (command === 'install') return await install(args);
	if (command === 'build') {
		for (const file of writeTemplates()) console.log(`wrote workflows/${file}`);
		return;
	}
	console.error(
		'Usage: npm run templates -- list | install --url <n8n> --api-key <key> [--crm amocrm|bitrix24] [--credential <id>] [--set "Name=value"] [--only <template>] [--publish]',
	);
	process.exit(2);
}

main().catch((error) => {
	console.error(`Error: ${(error as Error).message}`);
	process.exit(1);
});
