/**
 * What `npm run demo` does once the stack is up, shared with the end-to-end test that drives the demo: every template
 * imported and published with the stack's credentials, the Bitrix24 side of the quality-control template wired by
 * hand the way a portal admin would, and the printed sheet of everything a person needs (URLs that work as printed).
 */
import type { StoredWorkflow } from './n8nPublicApi';
import { OWNER } from './realN8n';
import type { Stack } from './stack';
import { installTemplates, type InstallResult } from './templateInstaller';
import {
	webhookUrls,
	withLogin,
	type NodeTypeWithWebhooks,
	type WorkflowNode,
} from './webhookUrls';

export interface DemoTemplates {
	results: InstallResult[];
	workflows: StoredWorkflow[];
	types: NodeTypeWithWebhooks[];
}

/** Imports and publishes every template (Setup filled with `set`, as `--set` would) and wires Bitrix24's side. */
export async function setUpDemoTemplates(
	stack: Stack,
	options: { set?: Record<string, string> } = {},
): Promise<DemoTemplates> {
	const results = await installTemplates(stack.api, {
		credentials: stack.credentialIds(),
		// The recovery template reads this n8n's own public API; left empty, its scheduled runs would fail.
		set: { 'n8n API address': `${stack.n8n.url}/api/v1`, ...options.set },
		publish: true,
	});
	const workflows = await Promise.all(results.map((r) => stack.api.getWorkflow(r.id)));
	await wireBitrix24QualityControl(stack, workflows);
	const types = await stack.session.request<NodeTypeWithWebhooks[]>('GET', '/types/nodes.json');
	return { results, workflows, types };
}

/** The Basic Auth login a node uses, when the stack made it. */
function loginOf(stack: Stack, node: StoredWorkflow['nodes'][number] | undefined) {
	const id = (node?.credentials as Record<string, { id?: string }> | undefined)?.httpBasicAuth?.id;
	return id ? stack.basicAuthLogins[id] : undefined;
}

/** Everything a person needs to use the demo, as plain text. */
export function accessSheet(stack: Stack, demo: DemoTemplates, took: string): string {
	const { results, workflows, types } = demo;
	const n8n = stack.n8n.url;
	const lines: string[] = [];
	const add = (...more: string[]) => lines.push(...more);
	add(`\nReady in ${took}.\n`);
	add(`n8n editor      ${n8n}`);
	add(`login           ${OWNER.email} / ${OWNER.password}`);
	add(`API key         ${stack.apiKey}`);
	add(
		`                (n8n's public API, e.g. npx n8n-nodes-sales-funnel templates install --url ${n8n} --api-key …)`,
	);
	add('');
	add(
		'Emulated CRMs (seeded demo accounts; the board pages show pipelines and deals, newest first):',
	);
	add(`  amoCRM        ${stack.amocrm.url}`);
	add(`    board       ${stack.amocrm.url}/__emulator/board`);
	add(`    token       ${String(stack.amocrm.info.token)}`);
	add(
		`                (long-lived token: Authorization: Bearer …, e.g. ${stack.amocrm.url}/api/v4/leads)`,
	);
	add(`  Bitrix24      ${stack.bitrix24.url}`);
	add(`    board       ${stack.bitrix24.url}/__emulator/board`);
	add(`    webhook     ${stack.bitrix24.webhook}   (inbound webhook: <URL>crm.deal.list.json)`);
	add(`    app token   ${stack.bitrix24ApplicationToken}   (outgoing webhook's application token)`);
	add(`  Bizon365 token (X-Token) ${stack.bizonToken}`);
	add(`  Lead Capture secret      ${stack.leadCaptureSecret}`);
	add(
		`  Webinar forms login      ${stack.webinarForms.user} / ${stack.webinarForms.password}   (the browser asks for it)`,
	);
	add(
		`  Telephony webhook login  ${stack.telephonyLogin.user} / ${stack.telephonyLogin.password}   (written into the call-finished URLs below)`,
	);
	add('');
	add('Templates and their webhook URLs:');
	const captureUrls: string[] = [];
	for (const [i, result] of results.entries()) {
		add(`  ${result.published ? 'published' : 'inactive '}  ${result.name}`);
		if (!result.published) continue;
		for (const hook of webhookUrls(n8n, workflows[i].nodes as unknown as WorkflowNode[], types)) {
			const node = workflows[i].nodes.find((n) => n.name === hook.node);
			const isCapture = node?.type === 'n8n-nodes-sales-funnel.leadCapture';
			const login = loginOf(stack, node);
			// A telephony cannot log in: the login goes into the URL it calls (sent as Basic Auth); a form's
			// visitor is asked for it by the browser.
			const isForm = node?.type === 'n8n-nodes-base.formTrigger';
			let url = hook.url;
			if (isCapture) url = `${hook.url}?secret=${stack.leadCaptureSecret}`;
			else if (login && !isForm) url = withLogin(hook.url, login);
			if (isCapture && result.template.startsWith('amocrm-')) captureUrls.push(url);
			add(
				`             ${hook.method.padEnd(4)} ${url}   (${hook.node}${login && isForm ? `; login ${login.user}` : ''})`,
			);
		}
	}
	add('');
	add('Try this:');
	if (captureUrls[0]) {
		add(
			'  1. Send a lead as a Tilda form would, then find its deal on the amoCRM board («Пришел новый лид»):',
		);
		add(
			`       curl -X POST '${captureUrls[0]}' \\`,
			"         --data-urlencode 'Name=Иван Петров' --data-urlencode 'Phone=8 (916) 123-45-67' \\",
			"         --data-urlencode 'Email=ivan@example.com' --data-urlencode 'COOKIES=TILDAUTM=utm_source%3Dyandex'",
			`       ${stack.amocrm.url}/__emulator/board?q=Иван Петров`,
		);
		add(
			'  2. Send the same request again: no second deal; the existing one is noted as a repeat request.',
		);
	}
	add(`  3. Open ${n8n}, log in, and open a template's executions to see each step's data.`);
	add(
		`  4. Open the editor's node panel and search "amo" or "bitrix" to add our nodes to a workflow of your own.`,
	);
	add('');
	return lines.join('\n');
}

/**
 * What a Bitrix24 admin does by hand for the quality-control template (amoCRM's trigger subscribes itself): the stage
 * «Контроль качества» in «Общая», and an outgoing webhook for deal updates pointing at the published trigger.
 */
export async function wireBitrix24QualityControl(stack: Stack, stored: StoredWorkflow[]) {
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
