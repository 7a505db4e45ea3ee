/**
 * Every template of `workflows/` in a real n8n 2.40, one stack for the file: installed with the installer (credentials
 * wired, Setup filled), published, then driven the way production drives it — forms, Bizon365 and telephony posting to
 * n8n's webhooks, the CRMs delivering their own events, "Run now" for the weekly audit — with the end state read from
 * the emulators. The installer's second run over all templates changes nothing.
 */
import { DateTime } from 'luxon';

import { startStack, type Stack } from '../../scripts/lib/stack';
import { installTemplates, type InstallResult } from '../../scripts/lib/templateInstaller';
import type { StoredWorkflow } from '../../scripts/lib/n8nPublicApi';
import { loginHeader, withLogin } from '../../scripts/lib/webhookUrls';
import { crmState, newSince, type CrmState } from '../support/crmState';
import type { CrmWorld } from '../support/crmWorlds';
import {
	bizonReport,
	startWebinarSource,
	type WebinarSourceServer,
} from '../support/webinarSource';

type Crm = 'amocrm' | 'bitrix24';
const CRMS: Crm[] = ['amocrm', 'bitrix24'];
const STEP = 3 * 60_000;

/** Waits (polling) until `check` gives a value; the deadline is generous because the machine is shared. */
async function until<T>(
	what: string,
	check: () => Promise<T | undefined | null | false>,
	timeoutMs = 90_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/**
 * A just-published webhook starts listening a moment later: retry while n8n answers 404. A login written into the URL
 * (`http://user:password@…`) goes as Basic Auth, as the sender's HTTP client sends it.
 */
async function post(printed: string, body: URLSearchParams | object): Promise<Response> {
	const { url, authorization } = loginHeader(printed);
	const auth: Record<string, string> = authorization ? { authorization } : {};
	const init: RequestInit =
		body instanceof URLSearchParams
			? { method: 'POST', headers: auth, body }
			: {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...auth },
					body: JSON.stringify(body),
				};
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(url, init);
		if (response.status !== 404 || attempt >= 40) return response;
		await new Promise((r) => setTimeout(r, 250));
	}
}

describe('all templates in a real n8n, driven over HTTP, against both emulators', () => {
	let stack: Stack;
	let bizon: WebinarSourceServer;
	let installed: InstallResult[];
	const reports: Record<string, unknown> = {};
	const stored = new Map<string, StoredWorkflow>();
	const world = (crm: Crm): Pick<CrmWorld, 'crm' | 'control'> => ({
		crm,
		control: async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
			const res = await fetch(`${stack[crm].url}/__emulator/${path}`, {
				method,
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`${method} /__emulator/${path} → ${res.status}: ${text}`);
			return (text ? JSON.parse(text) : undefined) as T;
		},
	});
	const state = (crm: Crm) => crmState(world(crm) as CrmWorld);
	const workflow = (slug: string) => stored.get(slug)!;
	const webhookOf = (slug: string, nodeName: string) =>
		String(workflow(slug).nodes.find((n) => n.name === nodeName)!.webhookId);

	beforeAll(async () => {
		stack = await startStack();
		bizon = await startWebinarSource({ token: stack.bizonToken, reports });
		installed = await installTemplates(stack.api, {
			credentials: stack.credentialIds(),
			set: { 'Bizon365 API': `${bizon.url}/api/v1`, 'n8n API address': `${stack.n8n.url}/api/v1` },
			publish: true,
		});
		for (const result of installed)
			stored.set(result.template, await stack.api.getWorkflow(result.id));
	}, 30 * 60_000);
	afterAll(async () => {
		await bizon?.close();
		await stack?.stop();
	});

	test('the installer creates all twelve templates with every credential chosen, and publishes each (all twelve listen: a webhook, a CRM event or a schedule)', () => {
		expect(installed.map((r) => r.template).sort()).toEqual(
			CRMS.flatMap((crm) =>
				[
					'1-lead-capture',
					'2-webinar-import',
					'3-call-results',
					'4-weekly-cleanup',
					'5-quality-control',
					'6-recover-failed-leads',
				].map((s) => `${crm}-${s}`),
			).sort(),
		);
		for (const result of installed) {
			expect(result).toMatchObject({ action: 'created', missingCredentials: [] });
			expect(result.published).toBe(true);
		}
		for (const wf of stored.values()) {
			for (const node of wf.nodes)
				for (const credential of Object.values(node.credentials ?? {}))
					expect((credential as { id: string }).id).not.toBe('');
		}
	});

	test.each(CRMS)(
		'%s 1: a Tilda form posted to n8n makes a deal in the first stage with a first call within 20 minutes',
		async (crm) => {
			const before = await state(crm);
			const phone = crm === 'amocrm' ? '8 (916) 555-71-01' : '8 (916) 555-71-02';
			const response = await post(
				`${stack.n8n.url}/webhook/${webhookOf(`${crm}-1-lead-capture`, 'Website form or chat')}/lead?secret=${stack.leadCaptureSecret}`,
				new URLSearchParams({
					Name: 'Тимур Носов',
					Phone: phone,
					Email: `timur.${crm}@example.ru`,
					formname: 'Заявка на аудит',
					tranid: `e2e-${crm}:1`,
				}),
			);
			expect(response.status).toBe(200);
			const deal = await until('the deal', async () => newSince(before, await state(crm)).deals[0]);
			expect(deal).toMatchObject({
				pipelineName: crm === 'amocrm' ? 'Воронка агентства' : 'Общая',
				stageName: crm === 'amocrm' ? 'Пришел новый лид' : 'Новая',
				semantics: 'open',
			});
			const task = await until('the first-call task', async () =>
				(await state(crm)).tasks.find((t) => t.dealId === deal.id),
			);
			expect(task.responsibleUserId).toBe(deal.responsibleUserId);
			expect(task.dueMs - task.createdMs).toBeLessThanOrEqual(20 * 60_000 + 60_000);
		},
		STEP,
	);

	test.each(CRMS)(
		'%s 2: Bizon365 "webinar ended" → the report is fetched → newcomers land in their webinar funnel',
		async (crm) => {
			const before = await state(crm);
			const webinarId = `27379:e2e-${crm}*2026-11-20T19:00:00`;
			reports[webinarId] = bizonReport(webinarId, [
				{
					username: 'Эмма',
					email: `emma.${crm}@example.ru`,
					phone: crm === 'amocrm' ? '+7 916 555-72-01' : '+7 916 555-72-02',
					minutes: 95,
				},
				{ username: 'Лев', email: `lev.${crm}@example.ru`, minutes: 15, clickBanner: 'Подарок' },
			]);
			const response = await post(`${stack.n8n.url}/webhook/${crm}-bizon365-webinar-ended`, {
				event: 'webinarEnd',
				webinarId,
			});
			expect(response.status).toBe(200);
			const deals = await until('two webinar deals', async () => {
				const added = newSince(before, await state(crm)).deals;
				return added.length >= 2 ? added : undefined;
			});
			expect(bizon.requests).toContainEqual({
				path: '/api/v1/webinars/reports/get',
				query: { webinarId },
				token: stack.bizonToken,
			});
			expect(deals.map((d) => d.stageName).sort()).toEqual([
				'Был на вебинаре более часа',
				'Проявил активность на вебинаре',
			]);
			for (const deal of deals) expect(deal.pipelineName).toMatch(/^Вебинар/);
		},
		STEP,
	);

	test.each(CRMS)(
		'%s 2: a CSV uploaded through the webinar form (Basic Auth) → each viewer in their funnel; the same file again changes nothing',
		async (crm) => {
			const csv = [
				'Имя;Почта;Телефон;Время просмотра;Кнопки',
				`Ада;ada.form.${crm}@example.ru;+7 916 555-73-0${crm === 'amocrm' ? 1 : 2};1 ч 10 мин;`,
				`Ян;yan.form.${crm}@example.ru;;20 мин;Подарок`,
			].join('\r\n');
			const upload = () => {
				const form = new FormData();
				form.append('field-0', new Blob([csv], { type: 'text/csv' }), 'участники.csv');
				form.append('field-1', '2026-11-21');
				const login = Buffer.from(`${stack.webinarForms.user}:${stack.webinarForms.password}`);
				return fetch(`${stack.n8n.url}/form/${crm}-webinar-upload`, {
					method: 'POST',
					headers: { authorization: `Basic ${login.toString('base64')}` },
					body: form,
				});
			};
			const before = await state(crm);
			expect((await upload()).status).toBe(200);
			const deals = await until('two webinar deals', async () => {
				const added = newSince(before, await state(crm)).deals;
				return added.length >= 2 ? added : undefined;
			});
			expect(deals.map((d) => [d.name.split(',')[0], d.stageName]).sort()).toEqual([
				[`ada.form.${crm}@example.ru`, 'Был на вебинаре более часа'],
				[`yan.form.${crm}@example.ru`, 'Проявил активность на вебинаре'],
			]);
			const notes = await until('both notes', async () => {
				const added = newSince(before, await state(crm)).notes;
				return added.length >= 2 ? added : undefined;
			});
			expect(notes.map((n) => n.text.split('\n')[0])).toEqual([
				'Вебинар 21.11.2026',
				'Вебинар 21.11.2026',
			]);
			const middle = await state(crm);
			expect((await upload()).status).toBe(200);
			// The second upload runs through (its execution succeeds) and writes nothing.
			const workflowId = workflow(`${crm}-2-webinar-import`).id;
			await until('the second upload handled', async () => {
				const res = await fetch(
					`${stack.n8n.url}/api/v1/executions?workflowId=${workflowId}&status=success&limit=50`,
					{ headers: { 'x-n8n-api-key': stack.apiKey } },
				);
				const body = (await res.json()) as { data: unknown[] };
				// The Bizon365 test's run, the first upload, and this one.
				return body.data.length >= 3 ? true : undefined;
			});
			const after = newSince(middle, await state(crm));
			expect({ deals: after.deals, notes: after.notes }).toEqual({ deals: [], notes: [] });
			// A visitor without the login gets nothing in.
			const refused = await fetch(`${stack.n8n.url}/form/${crm}-webinar-upload`, {
				method: 'POST',
				body: new FormData(),
			});
			expect(refused.status).toBe(401);
		},
		STEP,
	);

	test.each(CRMS)(
		"%s 3: a telephony call to a number abroad moves the client's deal to «Недозвонились до клиента. Европа»",
		async (crm) => {
			const foreign = crm === 'amocrm' ? '+4915111100005' : '+491705550104';
			const before = await state(crm);
			const contact = before.contacts.find((c) =>
				c.phones.some((p) => p.replace(/\D/g, '') === foreign.slice(1)),
			)!;
			const deal = before.deals.find(
				(d) => d.contactIds.includes(contact.id) && d.semantics === 'open',
			)!;
			const start = DateTime.now().minus({ minutes: 1 }).setZone('Europe/Moscow');
			const response = await post(
				withLogin(`${stack.n8n.url}/webhook/${crm}-call-finished`, stack.telephonyLogin),
				new URLSearchParams({
					event: 'NOTIFY_OUT_END',
					call_start: start.toFormat('yyyy-MM-dd HH:mm:ss'),
					pbx_call_id: `e2e-${crm}-${Date.now()}`,
					internal: '100',
					destination: foreign.slice(1),
					duration: '0',
					disposition: 'no answer',
					status_code: '19',
					is_recorded: '0',
				}),
			);
			expect(response.status).toBe(200);
			await until('the deal in the Europe stage', async () =>
				(await state(crm)).deals.find(
					(d) => d.id === deal.id && d.stageName === 'Недозвонились до клиента. Европа',
				),
			);
			// The telephony only posted its webhook: the template wrote the call into the deal's history itself.
			const callsBefore = before.calls.filter((c) => c.dealId === deal.id).length;
			expect((await state(crm)).calls.filter((c) => c.dealId === deal.id)).toHaveLength(
				callsBefore + 1,
			);
		},
		STEP,
	);

	test.each(CRMS)(
		'%s 4: "Run now" audits the pipelines, writes the weekly report and last week\'s metrics; the default dry run changes nothing',
		async (crm) => {
			const wf = workflow(`${crm}-4-weekly-cleanup`);
			const before = await state(crm);
			const started = await stack.session.request<{ data: { executionId: string } }>(
				'POST',
				`/rest/workflows/${wf.id}/run`,
				{ triggerToStartFrom: { name: 'Run now' } },
			);
			const execution = await until('the finished execution', async () => {
				const found = await fetch(
					`${stack.n8n.url}/api/v1/executions/${started.data.executionId}?includeData=true`,
					{ headers: { 'x-n8n-api-key': stack.apiKey } },
				);
				if (!found.ok) return undefined;
				const body = (await found.json()) as {
					finished: boolean;
					status: string;
					data?: {
						resultData: {
							runData: Record<
								string,
								Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
							>;
						};
					};
				};
				return ['success', 'error', 'crashed'].includes(body.status) ? body : undefined;
			});
			expect(execution.status).toBe('success');
			const report = String(
				execution.data!.resultData.runData['Write the weekly report'][0].data.main[0][0].json
					.report,
			);
			expect(report).toMatch(
				new RegExp(
					`^Аудит воронки \\d{4}-\\d{2}-\\d{2}: ${before.deals.length} сделок, \\d+ замечаний\\.\\nЧистка «Отправлен на повтор вебинара» \\(проверка, без изменений\\)`,
				),
			);
			expect(report).toMatch(/\n• Наталья/);
			// Beside it, last week's funnel metrics: the rows and the report (its senders switched off).
			const metrics = execution.data!.resultData.runData["Last week's funnel metrics"][0].data.main;
			expect(metrics[0].find((item) => item.json.row === 'total')?.json.created).toEqual(
				expect.any(Number),
			);
			expect(String(metrics[1][0].json.html)).toContain('Воронка продаж');
			const after = await state(crm);
			expect(after.deals.map((d) => [d.id, d.stageName, d.semantics])).toEqual(
				before.deals.map((d) => [d.id, d.stageName, d.semantics]),
			);
		},
		STEP,
	);

	test.each(CRMS)(
		'%s 5: a deal closed as lost in the CRM comes back through n8n in «Контроль качества» with another manager and «КК»',
		async (crm) => {
			let before: CrmState;
			if (crm === 'amocrm') {
				before = await state(crm);
				const deal = before.deals.find(
					(d) =>
						d.pipelineName === 'Воронка агентства' &&
						d.semantics === 'open' &&
						d.stageName !== 'Контроль качества' &&
						!d.tags.includes('КК'),
				)!;
				const res = await fetch(`${stack.amocrm.url}/api/v4/leads`, {
					method: 'PATCH',
					headers: {
						authorization: `Bearer ${String(stack.amocrm.info.token)}`,
						'content-type': 'application/json',
					},
					body: JSON.stringify([
						{ id: Number(deal.id), pipeline_id: Number(deal.pipelineId), status_id: 143 },
					]),
				});
				expect(res.status).toBe(200);
				// Publishing subscribed the trigger in amoCRM: the emulator now delivers the change to n8n.
				await world(crm).control('GET', 'webhooks');
				await checkHandedOver(crm, before, deal.id);
			} else {
				const hook = webhookOf('bitrix24-5-quality-control', 'Bitrix24: deal changed');
				await fetch(`${stack.bitrix24.webhook}crm.status.add`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						fields: {
							ENTITY_ID: 'DEAL_STAGE',
							STATUS_ID: 'UC_QC',
							NAME: 'Контроль качества',
							SORT: 5,
						},
					}),
				});
				await world(crm).control('POST', 'outgoing-webhooks', {
					handler: `${stack.n8n.url}/webhook/${hook}/bitrix24`,
					events: ['ONCRMDEALUPDATE'],
					applicationToken: stack.bitrix24ApplicationToken,
				});
				before = await state(crm);
				const deal = before.deals.find(
					(d) =>
						d.pipelineName === 'Общая' &&
						d.semantics === 'open' &&
						d.stageName !== 'Контроль качества',
				)!;
				await fetch(`${stack.bitrix24.webhook}crm.deal.update`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ id: deal.id, fields: { STAGE_ID: 'LOSE' } }),
				});
				await world(crm).control('POST', 'events/flush');
				await checkHandedOver(crm, before, deal.id);
			}
		},
		STEP,
	);

	async function checkHandedOver(crm: Crm, before: CrmState, dealId: string) {
		const deal = before.deals.find((d) => d.id === dealId)!;
		const back = await until('the deal in «Контроль качества» with «КК» and its task', async () => {
			const now = await state(crm);
			const d = now.deals.find((x) => x.id === dealId);
			const task = newSince(before, now).tasks.find((t) => t.dealId === dealId);
			return d && d.stageName === 'Контроль качества' && d.tags.includes('КК') && task
				? { deal: d, task }
				: undefined;
		});
		expect(back.deal.semantics).toBe('open');
		expect(back.deal.responsibleUserId).not.toBe(deal.responsibleUserId);
		expect(back.task.responsibleUserId).toBe(back.deal.responsibleUserId);
	}

	test('no execution of any template failed', async () => {
		const res = await fetch(`${stack.n8n.url}/api/v1/executions?status=error&limit=20`, {
			headers: { 'x-n8n-api-key': stack.apiKey },
		});
		const body = (await res.json()) as { data: Array<{ id: string; workflowId: string }> };
		expect(body.data.map((e) => workflowNameOf(e.workflowId))).toEqual([]);
	});

	const workflowNameOf = (id: string) => [...stored.values()].find((w) => w.id === id)?.name ?? id;

	test(
		"the installer's second run over all templates changes nothing: same workflows, same webhooks, still published",
		async () => {
			const again = await installTemplates(stack.api, {
				credentials: stack.credentialIds(),
				set: {
					'Bizon365 API': `${bizon.url}/api/v1`,
					'n8n API address': `${stack.n8n.url}/api/v1`,
				},
				publish: true,
			});
			expect(again.map((r) => [r.template, r.id, r.action, r.published])).toEqual(
				installed.map((r) => [r.template, r.id, 'unchanged', true]),
			);
			for (const result of again) {
				const now = await stack.api.getWorkflow(result.id);
				const was = workflow(result.template);
				expect(now.nodes.map((n) => [n.name, n.webhookId ?? null, n.parameters])).toEqual(
					was.nodes.map((n) => [n.name, n.webhookId ?? null, n.parameters]),
				);
			}
		},
		STEP,
	);
});
