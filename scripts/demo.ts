/**
 * `npm run demo`: the whole funnel on this machine.
 * Starts the amoCRM and Bitrix24 emulators with their seeded demo accounts, a real n8n with this package installed
 * the Community-Nodes way, creates the credentials, imports every template (webhook ones published) and prints the
 * editor URL, the login and a ready `curl` that submits a test lead. Ctrl-C stops everything.
 *
 * Ports: n8n 5678, amoCRM 3101, Bitrix24 3102 (override with DEMO_N8N_PORT, DEMO_AMOCRM_PORT, DEMO_BITRIX24_PORT).
 */
import { OWNER } from './lib/realN8n';
import type { StoredWorkflow } from './lib/n8nPublicApi';
import { startStack, type Stack } from './lib/stack';
import { installTemplates } from './lib/templateInstaller';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main() {
	const started = Date.now();
	console.log(
		'Starting the sales-funnel demo (the first run installs n8n into .cache/, a few minutes)…',
	);
	const stack = await startStack({
		ports: {
			n8n: port('DEMO_N8N_PORT', 5678),
			amocrm: port('DEMO_AMOCRM_PORT', 3101),
			bitrix24: port('DEMO_BITRIX24_PORT', 3102),
		},
	});
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping the demo…');
		await stack.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	const results = await installTemplates(stack.api, {
		credentials: stack.credentialIds(),
		publish: true,
	}).catch(async (error) => {
		await stack.stop();
		throw error;
	});
	const workflows = await Promise.all(
		results.map(async (r) => ({ result: r, stored: await stack.api.getWorkflow(r.id) })),
	);
	await wireBitrix24QualityControl(
		stack,
		workflows.map((w) => w.stored),
	);
	const capture = workflows
		.flatMap(({ result, stored }) =>
			stored.nodes
				.filter((n) => n.type === 'n8n-nodes-sales-funnel.leadCapture')
				.map((n) => ({ result, node: n })),
		)
		.find(({ result }) => result.template.startsWith('amocrm-'));

	const seconds = Math.round((Date.now() - started) / 1000);
	console.log(`\nReady in ${seconds} s.\n`);
	console.log(`  n8n editor   ${stack.n8n.url}`);
	console.log(`  login        ${OWNER.email} / ${OWNER.password}`);
	console.log(
		`  amoCRM       ${stack.amocrm.url} (emulator; state: ${stack.amocrm.url}/__emulator/state)`,
	);
	console.log(
		`  Bitrix24     ${stack.bitrix24.url} (emulator; state: ${stack.bitrix24.url}/__emulator/state)`,
	);
	console.log(`  API key      ${stack.apiKey.slice(0, 12)}… (for npm run templates)`);
	console.log('\nTemplates:');
	for (const r of results) console.log(`  ${r.published ? 'published' : 'inactive '}  ${r.name}`);
	if (capture) {
		const url = `${stack.n8n.url}/webhook/${String(capture.node.webhookId)}/lead?secret=${stack.leadCaptureSecret}`;
		console.log('\nSubmit a test lead (Tilda-style form):\n');
		console.log(
			`  curl -X POST '${url}' \\\n    --data-urlencode 'Name=Иван Петров' --data-urlencode 'Phone=8 (916) 123-45-67' \\\n    --data-urlencode 'Email=ivan@example.com' --data-urlencode 'COOKIES=TILDAUTM=utm_source%3Dyandex'`,
		);
		console.log(
			`\nThen look at the deal in the amoCRM emulator: ${stack.amocrm.url}/__emulator/state`,
		);
	}
	console.log('\nCtrl-C stops everything.');
}

/**
 * What a Bitrix24 admin does by hand for the quality-control template (amoCRM's trigger subscribes itself): the stage
 * «Контроль качества» in «Общая», and an outgoing webhook for deal updates pointing at the published trigger.
 */
async function wireBitrix24QualityControl(stack: Stack, stored: StoredWorkflow[]) {
	const trigger = stored
		.flatMap((w) => w.nodes)
		.find((n) => n.type === 'n8n-nodes-sales-funnel.bitrix24Trigger');
	if (!trigger) return;
	await fetch(`${stack.bitrix24.webhook}crm.status.add`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			fields: { ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'UC_QC', NAME: 'Контроль качества', SORT: 5 },
		}),
	});
	await fetch(`${stack.bitrix24.url}/__emulator/outgoing-webhooks`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			handler: `${stack.n8n.url}/webhook/${String(trigger.webhookId)}/bitrix24`,
			events: ['ONCRMDEALUPDATE'],
			applicationToken: stack.bitrix24ApplicationToken,
		}),
	});
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
