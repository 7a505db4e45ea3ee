/**
 * `npm run demo`: the whole funnel on this machine.
 * Starts the amoCRM and Bitrix24 emulators with their seeded demo accounts, a real n8n (production mode) with this
 * package installed the Community-Nodes way, creates the credentials, imports every template (webhook ones published)
 * and prints what a person needs: the editor and its login, the API key, every webhook URL, the emulators' tokens
 * and board pages, and a few things to try. The same is saved to `.cache/demo/access.txt`. Ctrl-C stops everything.
 *
 * The first run installs Node 24 and n8n into `.cache/` (minutes): a progress line shows what is being installed.
 * Ports: n8n 5678, amoCRM 3101, Bitrix24 3102 (override with DEMO_N8N_PORT, DEMO_AMOCRM_PORT, DEMO_BITRIX24_PORT).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { StoredWorkflow } from './lib/n8nPublicApi';
import { OWNER, ROOT } from './lib/realN8n';
import { startStack, type Stack, type StackProgress } from './lib/stack';
import { installTemplates, type InstallResult } from './lib/templateInstaller';
import { webhookUrls, type NodeTypeWithWebhooks, type WorkflowNode } from './lib/webhookUrls';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ACCESS_FILE = path.join(ROOT, '.cache', 'demo', 'access.txt');

const elapsed = (since: number) => {
	const s = Math.round((Date.now() - since) / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/**
 * One status line: a spinner, the time since start and what each line of work is doing (with percentages where the
 * number of packages is known). On a terminal it is redrawn in place; otherwise a line is printed when a step changes.
 */
function progressDisplay(started: number) {
	const tasks = new Map<string, string>();
	const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
	const tty = process.stdout.isTTY;
	let frame = 0;
	let lastPrinted = '';
	const describe = (p: StackProgress) => {
		if (p.total && p.done !== undefined) {
			const percent = Math.floor((100 * p.done) / p.total);
			return `${p.step}: ${p.done}/${p.total} packages (${percent}%)`;
		}
		return p.step ?? '';
	};
	const line = () => [...tasks.values()].join(' · ');
	const draw = () => {
		const text = line();
		if (!text) return;
		if (tty) {
			const width = process.stdout.columns || 120;
			const out = `${frames[frame++ % frames.length]} ${elapsed(started)}  ${text}`;
			process.stdout.write(`\r\x1b[2K${out.slice(0, width - 1)}`);
		} else {
			// Without a terminal: a line when a step changes or its percentage passes a tenth.
			const key = text.replace(/\d+\/\d+ packages \((\d+)%\)/g, (_m, p) => `${Math.floor(p / 10)}`);
			if (key === lastPrinted) return;
			lastPrinted = key;
			console.log(`[${elapsed(started)}] ${text}`);
		}
	};
	const timer = setInterval(draw, tty ? 120 : 1000);
	return {
		update(p: StackProgress) {
			if (p.finished) tasks.delete(p.task);
			else tasks.set(p.task, describe(p));
			if (!tty) draw();
		},
		stop() {
			clearInterval(timer);
			if (tty) process.stdout.write('\r\x1b[2K');
		},
	};
}

async function main() {
	const started = Date.now();
	// The progress line below says what the installer's own log lines would.
	process.env.SALES_FUNNEL_QUIET ??= '1';
	console.log(
		'Starting the sales-funnel demo (the first run installs n8n into .cache/: a few minutes)…',
	);
	const progress = progressDisplay(started);
	let stack: Stack;
	try {
		stack = await startStack({
			ports: {
				n8n: port('DEMO_N8N_PORT', 5678),
				amocrm: port('DEMO_AMOCRM_PORT', 3101),
				bitrix24: port('DEMO_BITRIX24_PORT', 3102),
			},
			// As n8n runs for real users: answers carry no stack traces.
			n8nEnv: { NODE_ENV: 'production' },
			onProgress: (p) => progress.update(p),
		});
		progress.update({ task: 'start', step: 'importing and publishing the templates' });
	} catch (error) {
		progress.stop();
		throw error;
	}
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

	let results: InstallResult[];
	let workflows: StoredWorkflow[];
	let types: NodeTypeWithWebhooks[];
	try {
		results = await installTemplates(stack.api, {
			credentials: stack.credentialIds(),
			publish: true,
		});
		workflows = await Promise.all(results.map((r) => stack.api.getWorkflow(r.id)));
		await wireBitrix24QualityControl(stack, workflows);
		types = await stack.session.request<NodeTypeWithWebhooks[]>('GET', '/types/nodes.json');
	} catch (error) {
		progress.stop();
		await stack.stop();
		throw error;
	}
	progress.stop();

	const text = accessSheet(stack, results, workflows, types, elapsed(started));
	mkdirSync(path.dirname(ACCESS_FILE), { recursive: true });
	writeFileSync(ACCESS_FILE, text, { mode: 0o600 });
	console.log(text);
	console.log(`(All of the above is also in ${path.relative(process.cwd(), ACCESS_FILE)}.)`);
	console.log('Ctrl-C stops everything.');
}

/** Everything a person needs to use the demo, as plain text. */
function accessSheet(
	stack: Stack,
	results: InstallResult[],
	workflows: StoredWorkflow[],
	types: NodeTypeWithWebhooks[],
	took: string,
): string {
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
	add('');
	add('Templates and their webhook URLs:');
	const captureUrls: string[] = [];
	for (const [i, result] of results.entries()) {
		add(`  ${result.published ? 'published' : 'inactive '}  ${result.name}`);
		if (!result.published) continue;
		for (const hook of webhookUrls(n8n, workflows[i].nodes as unknown as WorkflowNode[], types)) {
			const isCapture = workflows[i].nodes.some(
				(n) => n.name === hook.node && n.type === 'n8n-nodes-sales-funnel.leadCapture',
			);
			const url = isCapture ? `${hook.url}?secret=${stack.leadCaptureSecret}` : hook.url;
			if (isCapture && result.template.startsWith('amocrm-')) captureUrls.push(url);
			add(`             ${hook.method.padEnd(4)} ${url}   (${hook.node})`);
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
