/**
 * The template installer's command line, shared by `npm run templates` (in this repository) and the published
 * `npx n8n-nodes-sales-funnel templates …` (scripts/cli.ts, bundled into the package).
 */
import { N8nPublicApi } from './n8nPublicApi';
import {
	credentialTypesOf,
	installTemplates,
	loadTemplates,
	setupFieldsOf,
	WORKFLOWS_DIR,
} from './templateInstaller';

export const TEMPLATES_USAGE = `templates list [--crm amocrm|bitrix24]
templates install --url <n8n address> --api-key <key> [--crm amocrm|bitrix24]
    [--credential <id> | --credential <type>=<id> | --credential "<type>:<name>=<id>" ...] [--set "Field name=value" ...]
    [--only <template> ...] [--publish]

  --url, --api-key   the n8n to install into and an API key made in n8n (Settings → n8n API);
                     N8N_URL and N8N_API_KEY work too
  --credential       a credential made in that n8n, by id; every template node of its type uses it, except
                     where a template names a credential of that type exactly as this one is named
                     (e.g. "Telephony webhook login" beside "Webinar forms login")
  --set              fills a field of the templates' Setup node (see "list"), e.g. --set "First stage=Пришел новый лид"
  --only             one template by its file name or workflow name (repeatable)
  --publish          publish the workflows that start on a webhook or a schedule
Running it again updates the same workflows (their webhook URLs are kept) and reports "unchanged" when nothing differs.`;

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

function crmOf(args: string[]): 'amocrm' | 'bitrix24' | undefined {
	const crm = one(args, '--crm');
	if (crm && crm !== 'amocrm' && crm !== 'bitrix24') throw new Error('--crm is amocrm or bitrix24');
	return crm as 'amocrm' | 'bitrix24' | undefined;
}

function list(args: string[], dir: string) {
	const crm = crmOf(args);
	for (const t of loadTemplates(dir)) {
		if (crm && t.crm !== crm && t.crm !== 'any') continue;
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

async function install(args: string[], dir: string) {
	const url = one(args, '--url') ?? process.env.N8N_URL;
	const apiKey = one(args, '--api-key') ?? process.env.N8N_API_KEY;
	if (!url || !apiKey)
		throw new Error('Give --url <n8n address> and --api-key <key> (or N8N_URL and N8N_API_KEY).');
	const api = new N8nPublicApi(url, apiKey);
	const credentials: Record<string, { id: string; name: string }> = {};
	const given = many(args, '--credential');
	const known = given.length ? await api.listCredentials() : [];
	for (const value of given) {
		const eq = value.indexOf('=');
		// `type=id`, `type:name=id` (the name the template gives its credential) or a bare id.
		const [key, id] = eq > 0 ? [value.slice(0, eq), value.slice(eq + 1)] : [undefined, value];
		const colon = key?.indexOf(':') ?? -1;
		const type = key && colon > 0 ? key.slice(0, colon) : key;
		const found = known.find((c) => c.id === id);
		if (!found) throw new Error(`No credential with id ${id} in this n8n.`);
		if (type && found.type !== type)
			throw new Error(`Credential ${id} ("${found.name}") is of type ${found.type}, not ${type}.`);
		if (key && colon > 0) credentials[key] = { id: found.id, name: found.name };
		if (!(colon > 0 && credentials[found.type]))
			credentials[found.type] = { id: found.id, name: found.name };
		// Named as a template names its credential (two Basic Auth logins: "Webinar forms login", "Telephony
		// webhook login"), it goes to that node even when another of its type is given too.
		credentials[`${found.type}:${found.name}`] = { id: found.id, name: found.name };
	}
	const set: Record<string, string> = {};
	for (const pair of many(args, '--set')) {
		const eq = pair.indexOf('=');
		if (eq <= 0) throw new Error(`--set takes "Field name=value", got "${pair}"`);
		set[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
	}
	const results = await installTemplates(api, {
		dir,
		crm: crmOf(args),
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

/**
 * Runs `list` or `install` with the rest of the command line; returns false for any other command (the caller prints
 * its usage). `--dir <folder>` takes templates from another folder than `dir`.
 */
export async function runTemplatesCommand(
	command: string | undefined,
	args: string[],
	dir = WORKFLOWS_DIR,
): Promise<boolean> {
	const from = one(args, '--dir') ?? dir;
	if (command === 'list') list(args, from);
	else if (command === 'install') await install(args, from);
	else return false;
	return true;
}
