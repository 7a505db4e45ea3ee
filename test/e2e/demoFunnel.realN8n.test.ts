/**
 * The demo stack driven the way its users and their systems drive it, on both CRMs: the stack and template set-up of
 * `npm run demo` (real n8n 2.40.7, the packed package, every template imported, wired and published), then only what
 * reaches n8n from outside — forms and chats posting to the lead-capture URL, webinar files uploaded through the form
 * with its login, Bizon365's "webinar ended" webhook and the fetch form, telephonies posting their "call ended"
 * webhooks to the URL the demo prints (the login written into it), the CRMs delivering their own events, and the
 * editor's "Run now". Every request's executions are waited for through n8n's public API (`/api/v1/executions`),
 * and the end state is read from the emulators: contacts, deals, stages, responsible (never an administrator), tags,
 * notes, tasks and calls. Prints `demo e2e (<crm>): N requests, 5 of 5 templates ran, end state OK` per CRM.
 */
import { DateTime } from 'luxon';

import { accessSheet, setUpDemoTemplates, type DemoTemplates } from '../../scripts/lib/demoSetup';
import { installTemplates } from '../../scripts/lib/templateInstaller';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { loginHeader } from '../../scripts/lib/webhookUrls';
import * as capture from '../fixtures/capture/payloads';
import { callEndedBody, newClient, telephonyLogsCall } from '../nodes/CallAttempts/telephonyShapes';
import type { EndedCall } from '../nodes/CallAttempts/telephonyShapes';
import { crmState, newSince, type StateDeal } from '../support/crmState';
import type { CrmWorld } from '../support/crmWorlds';
import {
	bizonReport,
	bizonViewerRows,
	mtsLinkUsers,
	startWebinarSource,
	windows1251,
	zoomAttendeeCsv,
	zoomParticipants,
	type BizonViewer,
	type WebinarSourceServer,
} from '../support/webinarSource';

type Crm = 'amocrm' | 'bitrix24';
const CRMS: Crm[] = ['amocrm', 'bitrix24'];
const STEP = 15 * 60_000;
/** How long one batch of executions may take on a loaded 2-core machine (bounded; the test polls). */
const BATCH_MS = 6 * 60_000;
type Row = Record<string, unknown>;

interface Execution {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
	/** `webhook` for a request; `trigger` for a schedule (template 1's retry every 15 minutes), `manual` for "Run now". */
	mode: string;
	stoppedAt?: string | null;
}

async function until<T>(
	what: string,
	check: () => Promise<T | undefined | null | false>,
	timeoutMs = BATCH_MS,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 700));
	}
}

/** Whether every scenario of a CRM held (the summary line). */
const endStateOk: Record<Crm, boolean> = { amocrm: true, bitrix24: true };

/** Runs the same scenario on both CRMs at once (their emulators are apart; n8n serves both), failing with the CRM named. */
async function onBothCrms(scenario: (crm: Crm) => Promise<void>): Promise<void> {
	const results = await Promise.allSettled(CRMS.map((crm) => scenario(crm)));
	const failed = results.flatMap((r, i) => {
		if (r.status === 'fulfilled') return [];
		endStateOk[CRMS[i]] = false;
		return [`${CRMS[i]}: ${(r.reason as Error)?.stack ?? String(r.reason)}`];
	});
	if (failed.length) throw new Error(failed.join('\n\n'));
}

const digitsOf = (phone: string) => phone.replace(/\D/g, '');
let seq = 0;
/** A Russian mobile no seeded client has (+7 958 …), unique in this run. */
const newPhone = (country: 'RU' | 'DE' = 'RU') => {
	const n = String((Date.now() % 1_000_000) * 10 + (seq++ % 10))
		.padStart(7, '0')
		.slice(-7);
	return country === 'RU' ? `+7958${n}` : `+491577${n}`;
};

describe('the demo stack driven as its users would, on amoCRM and Bitrix24', () => {
	let stack: Stack;
	let source: WebinarSourceServer;
	let demo: DemoTemplates;
	let sheet: string;
	const bizonReports: Record<string, unknown> = {};
	/** Requests sent to n8n per CRM (the summary line). */
	const sent: Record<Crm, number> = { amocrm: 0, bitrix24: 0 };
	/** Executions each workflow must have had by now (everything this test started). */
	const expected = new Map<string, number>();
	const sellersOf: Partial<Record<Crm, Set<string>>> = {};

	const slugOf = (crm: Crm, n: number) =>
		demo.results.find((r) => r.template.startsWith(`${crm}-${n}-`))!.template;
	const workflowOf = (crm: Crm, n: number) =>
		demo.workflows[demo.results.findIndex((r) => r.template === slugOf(crm, n))];

	/** The URL the demo printed for a node of a template (as printed: a secret or a login may be in it). */
	function printedUrl(crm: Crm, n: number, node: string): string {
		const name = demo.results.find((r) => r.template === slugOf(crm, n))!.name;
		const section = sheet.slice(sheet.indexOf(`published  ${name}`));
		const line = section
			.split('\n')
			.slice(1)
			.find((l) => l.includes(`(${node}`));
		if (!line) throw new Error(`the demo printed no URL for "${node}" of ${name}`);
		return line.trim().split(/\s+/)[1];
	}

	const world = (crm: Crm) =>
		({
			crm,
			url: stack[crm].url,
			api: { token: String(stack.amocrm.info.token), webhook: stack.bitrix24.webhook },
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
		}) as unknown as CrmWorld;
	const state = (crm: Crm) => crmState(world(crm));

	/** Who may take leads: active, not an administrator, not the owner, not a free / extranet user. */
	async function sellers(crm: Crm): Promise<Set<string>> {
		const raw = await world(crm).control<Row>('GET', 'state');
		const users = raw.users as Row[];
		const ids =
			crm === 'amocrm'
				? users
						.filter((u) => !u.is_admin && u.is_active !== false && !u.is_free)
						.map((u) => String(u.id))
				: users
						.filter(
							(u) =>
								Number(u.ID) !== 1 &&
								!u.IS_ADMIN &&
								u.ACTIVE !== false &&
								(u.USER_TYPE ?? 'employee') === 'employee',
						)
						.map((u) => String(u.ID));
		return new Set(ids);
	}
	const expectSeller = (crm: Crm, deal: StateDeal) =>
		expect({ deal: deal.name, responsible: deal.responsibleUserId, seller: true }).toEqual({
			deal: deal.name,
			responsible: deal.responsibleUserId,
			seller: sellersOf[crm]!.has(deal.responsibleUserId),
		});

	/**
	 * What a sender's HTTP client does with a printed URL: a login written into it goes as Basic Auth; a webhook
	 * just published may answer 404 for a moment.
	 */
	async function send(crm: Crm, url: string, init: RequestInit = {}): Promise<Response> {
		const { url: bare, authorization } = loginHeader(url);
		const headers = new Headers(init.headers);
		if (authorization && !headers.has('authorization')) headers.set('authorization', authorization);
		sent[crm]++;
		for (let attempt = 0; ; attempt++) {
			const response = await fetch(bare, { method: 'POST', ...init, headers });
			if (response.status !== 404 || attempt >= 40) return response;
			await new Promise((r) => setTimeout(r, 250));
		}
	}
	const form = (fields: Record<string, string>): RequestInit => ({
		body: new URLSearchParams(fields),
	});
	const json = (body: unknown): RequestInit => ({
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

	async function executions(workflowId: string): Promise<Execution[]> {
		const res = await fetch(
			`${stack.n8n.url}/api/v1/executions?workflowId=${workflowId}&limit=250`,
			{ headers: { 'x-n8n-api-key': stack.apiKey } },
		);
		expect(res.status).toBe(200);
		return ((await res.json()) as { data: Execution[] }).data.filter((e) => e.mode === 'webhook');
	}

	/** Counts executions the requests just sent must start. */
	const expectRuns = (workflowId: string, count: number) =>
		expected.set(workflowId, (expected.get(workflowId) ?? 0) + count);

	/**
	 * Waits until the workflow has run exactly the executions this test started and all of them finished, and
	 * checks none failed.
	 */
	async function settled(crm: Crm, n: number): Promise<Execution[]> {
		const wf = workflowOf(crm, n);
		const want = expected.get(wf.id) ?? 0;
		const done = await until(`${want} finished executions of ${wf.name}`, async () => {
			const list = await executions(wf.id);
			return list.length >= want &&
				list.every((e) => e.finished || e.stoppedAt || e.status !== 'running')
				? list
				: undefined;
		});
		const failed = done.filter((e) => !['success'].includes(e.status));
		expect({ workflow: wf.name, executions: done.length, failed: failed.map((e) => e.id) }).toEqual(
			{
				workflow: wf.name,
				executions: want,
				failed: [],
			},
		);
		return done;
	}

	/** Which of the named nodes an execution ran (for the test's log). */
	async function pathOf(executionId: string, nodes: string[]): Promise<string> {
		const res = await fetch(`${stack.n8n.url}/api/v1/executions/${executionId}?includeData=true`, {
			headers: { 'x-n8n-api-key': stack.apiKey },
		});
		const body = (await res.json()) as { data?: { resultData?: { runData?: Row } } };
		const ran = Object.keys(body.data?.resultData?.runData ?? {});
		return nodes.filter((n) => ran.includes(n)).join(', ') || 'none of them';
	}

	/** Every execution of n8n finished and no new one started for a moment (for the CRM triggers' runs). */
	async function quiet(): Promise<void> {
		let last = '';
		await until('n8n to go quiet', async () => {
			const res = await fetch(`${stack.n8n.url}/api/v1/executions?limit=100`, {
				headers: { 'x-n8n-api-key': stack.apiKey },
			});
			const list = ((await res.json()) as { data: Execution[] }).data;
			const running = list.some((e) => !e.finished && !e.stoppedAt && e.status === 'running');
			const mark = `${list.length}:${list[0]?.id ?? ''}:${running}`;
			const stable = !running && mark === last;
			last = mark;
			return stable;
		});
	}

	beforeAll(async () => {
		stack = await startStack({ n8nEnv: { NODE_ENV: 'production' } });
		source = await startWebinarSource({ token: stack.bizonToken, reports: bizonReports });
		// As a team fills in Setup (npx … templates install --set): the Bizon365 address of their account.
		demo = await setUpDemoTemplates(stack, { set: { 'Bizon365 API': `${source.url}/api/v1` } });
		sheet = accessSheet(stack, demo, '0s');
		for (const crm of CRMS) sellersOf[crm] = await sellers(crm);
	}, 30 * 60_000);

	afterAll(async () => {
		// Templates that ran at least once per CRM (fewer when jest's -t picks some of the tests).
		const ran: Record<Crm, number> = { amocrm: 0, bitrix24: 0 };
		if (stack && demo)
			for (const crm of CRMS)
				for (const n of [1, 2, 3, 4, 5]) {
					const res = await fetch(
						`${stack.n8n.url}/api/v1/executions?workflowId=${workflowOf(crm, n).id}&limit=1`,
						{ headers: { 'x-n8n-api-key': stack.apiKey } },
					).catch(() => undefined);
					if (res?.ok && ((await res.json()) as { data: unknown[] }).data.length) ran[crm]++;
				}
		await source?.close();
		await stack?.stop();
		for (const crm of CRMS)
			console.log(
				`demo e2e (${crm}): ${sent[crm]} requests, ${ran[crm]} of 5 templates ran, end state ${endStateOk[crm] ? 'OK' : 'NOT OK'}`,
			);
	});

	test('every template is published and the demo prints a working URL for each way in', () => {
		expect(demo.results).toHaveLength(12);
		for (const result of demo.results)
			expect(result).toMatchObject({ published: true, missingCredentials: [] });
		for (const crm of CRMS) {
			expect(printedUrl(crm, 1, 'Website form or chat')).toMatch(/\/lead\?secret=/);
			expect(printedUrl(crm, 3, 'Telephony: call finished')).toMatch(
				new RegExp(
					`^http://telephony:[0-9a-f]+@127\\.0\\.0\\.1:\\d+/webhook/${crm}-call-finished$`,
				),
			);
			expect(printedUrl(crm, 2, 'Form: upload the viewers file')).toMatch(
				/\/form\/\S+-webinar-upload$/,
			);
		}
		expect(sheet).toContain(`Webinar forms login      webinar / ${stack.webinarForms.password}`);
	});

	// ---- template 1: every kind of sender ---------------------------------------------------------------------
	test(
		'1: Tilda (its test ping, the COOKIES UTM string, a retried post), JSON, urlencoded, multipart, Telegram, WhatsApp and Wazzup24 each make one deal with a first call; a returning client keeps their deal and gains the new phone',
		async () => {
			await onBothCrms(async (crm) => {
				const url = printedUrl(crm, 1, 'Website form or chat');
				const wf = workflowOf(crm, 1);
				const before = await state(crm);
				const p = () => newPhone();
				const tag = `${crm}.${Date.now().toString(36)}`;
				const leads = {
					tilda: { phone: p(), email: `tilda.${tag}@example.ru` },
					json: { phone: p(), email: `json.${tag}@example.ru` },
					urlencoded: { phone: p(), email: `form.${tag}@example.ru` },
					multipart: { phone: p(), email: `multipart.${tag}@example.ru` },
					telegram: { phone: p() },
					whatsapp: { phone: p() },
					wazzup: { phone: p() },
				};
				const local = (phone: string) =>
					`8 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
				const tilda = {
					...capture.tildaForm,
					Name: 'Тильда Тестова',
					Phone: local(leads.tilda.phone),
					Email: leads.tilda.email.toUpperCase(),
					tranid: `467251:${tag}`,
				};
				const multipart = new FormData();
				multipart.append('name', 'Мария Многочастная');
				multipart.append('phone', leads.multipart.phone);
				multipart.append('email', leads.multipart.email);
				const telegram = structuredClone(capture.telegramContactUpdate);
				telegram.message.contact.phone_number = digitsOf(leads.telegram.phone);
				telegram.message.from.id =
					telegram.message.chat.id =
					telegram.message.contact.user_id =
						Number(digitsOf(leads.telegram.phone).slice(-9));
				const whatsapp = structuredClone(capture.whatsAppCloudMessage);
				const waValue = whatsapp.entry[0].changes[0].value;
				waValue.contacts[0].wa_id = waValue.messages[0].from = digitsOf(leads.whatsapp.phone);
				waValue.messages[0].id = `wamid.${tag}`;
				// A Wazzup24 delivery: the client's message and our own echo (which is no lead). Two messages of one chat
				// in one delivery make two deals today: in-input repeats are Lead Dedup's (see the report of this test).
				const wazzup = structuredClone(capture.wazzupIncoming);
				for (const m of wazzup.messages) m.chatId = digitsOf(leads.wazzup.phone);
				wazzup.messages[0].messageId = `${tag}-1`;

				const answers = await Promise.all([
					send(crm, url, form(capture.tildaPing)),
					send(crm, url, form(tilda)),
					send(
						crm,
						url,
						json({
							name: 'Жанна Джейсонова',
							phone: leads.json.phone,
							email: leads.json.email,
							message: 'Нужен аудит',
							utm_source: 'google',
						}),
					),
					send(
						crm,
						url,
						form({
							Имя: 'Фёдор Формов',
							Телефон: local(leads.urlencoded.phone),
							Почта: leads.urlencoded.email,
							utm_source: 'vk',
						}),
					),
					send(crm, url, { body: multipart }),
					send(crm, url, json(telegram)),
					send(crm, url, json(whatsapp)),
					send(crm, url, json(capture.whatsAppCloudStatus)),
					send(crm, url, json(wazzup)),
					send(crm, url, json(capture.wazzupPing)),
				]);
				expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
				// The pings and the delivery status start nothing.
				expectRuns(wf.id, 7);
				await settled(crm, 1);

				// Tilda retries the same post (same tranid): nothing new. A returning client writes from a new phone.
				const seeded = before.contacts.find(
					(c) =>
						c.emails.length === 1 &&
						c.phones.length >= 1 &&
						before.deals.some((d) => d.contactIds.includes(c.id) && d.semantics === 'open'),
				)!;
				const returningPhone = p();
				expect((await send(crm, url, form(tilda))).status).toBe(200);
				expectRuns(wf.id, 1);
				const [retry] = await settled(crm, 1);
				console.log(
					`${crm}: the retried Tilda post went through ${await pathOf(retry.id, ['Already received (same submission)', 'Client in work: deal tagged «Дубль» and noted'])}`,
				);
				const again = await send(
					crm,
					url,
					json({ name: seeded.name, email: seeded.emails[0].toUpperCase(), phone: returningPhone }),
				);
				expect(again.status).toBe(200);
				expectRuns(wf.id, 1);
				await settled(crm, 1);
				await quiet();

				const after = await state(crm);
				const added = newSince(before, after);
				const dealOf = (phone: string) => {
					const contact = after.contacts.find((c) =>
						c.phones.some((x) => digitsOf(x).endsWith(digitsOf(phone).slice(-10))),
					);
					return after.deals.filter((d) => contact && d.contactIds.includes(contact.id));
				};
				for (const [sender, lead] of Object.entries(leads)) {
					const deals = dealOf(lead.phone);
					expect({ sender, deals: deals.length }).toEqual({ sender, deals: 1 });
					const [deal] = deals;
					expect({ sender, stage: deal.stageName }).toEqual({
						sender,
						stage: crm === 'amocrm' ? 'Пришел новый лид' : 'Новая',
					});
					expectSeller(crm, deal);
					const task = after.tasks.find((t) => t.dealId === deal.id);
					expect({ sender, task: Boolean(task) }).toEqual({ sender, task: true });
					expect(task!.responsibleUserId).toBe(deal.responsibleUserId);
					expect(task!.dueMs - task!.createdMs).toBeLessThanOrEqual(21 * 60_000);
				}
				// Tilda's UTM tags came through its COOKIES string.
				const tildaDeal = dealOf(leads.tilda.phone)[0];
				if (crm === 'amocrm') {
					expect(tildaDeal.fields).toMatchObject({ utm_source: 'yandex', utm_medium: 'cpc' });
				} else {
					// Bitrix24 keeps UTM in the deal's own UTM_* fields.
					const raw = await world(crm).control<Row>('GET', 'state');
					const record = (raw.deals as Row[]).find((d) => String(d.ID) === tildaDeal.id)!;
					expect(record).toMatchObject({ UTM_SOURCE: 'yandex', UTM_MEDIUM: 'cpc' });
				}
				expect(added.contacts.filter((c) => c.emails.includes(leads.tilda.email))).toHaveLength(1);
				// The returning client: no new contact or deal, the new phone on their contact, «Дубль» on their deal.
				expect(
					added.contacts.filter((c) =>
						c.emails.some((e) => e.toLowerCase() === seeded.emails[0].toLowerCase()),
					),
				).toEqual([]);
				const contact = after.contacts.find((c) => c.id === seeded.id)!;
				expect(contact.phones.map(digitsOf)).toEqual(
					expect.arrayContaining([...seeded.phones.map(digitsOf), digitsOf(returningPhone)]),
				);
				const theirs = after.deals.filter(
					(d) => d.contactIds.includes(seeded.id) && d.semantics === 'open',
				);
				expect(theirs.some((d) => d.tags.includes('Дубль'))).toBe(true);
				expect(added.deals).toHaveLength(Object.keys(leads).length);
			});
		},
		STEP,
	);

	// ---- template 2: each source shape --------------------------------------------------------------------------
	test(
		'2: Bizon365 (report, getviewers), Zoom (JSON report, CSV export), MTS Link and a Russian CSV uploaded through the form, the Bizon365 webhook and the fetch form each put every viewer in their funnel; the same upload again changes nothing',
		async () => {
			await onBothCrms(async (crm) => {
				const wf = workflowOf(crm, 2);
				const upload = printedUrl(crm, 2, 'Form: upload the viewers file');
				const fetchForm = printedUrl(crm, 2, 'Form: fetch a report from the platform');
				const webhook = printedUrl(crm, 2, 'Webinar ended (webhook)');
				const login = `Basic ${Buffer.from(`${stack.webinarForms.user}:${stack.webinarForms.password}`).toString('base64')}`;
				const before = await state(crm);
				const viewer = (who: string, minutes: number, extra: Partial<BizonViewer> = {}) => ({
					username: who,
					email: `${who.toLowerCase()}.${crm}.${Date.now().toString(36)}@example.ru`,
					minutes,
					...extra,
				});
				const STAGE = {
					long: 'Был на вебинаре более часа',
					short: 'Был на вебинаре менее часа',
					active: 'Проявил активность на вебинаре',
				};
				const files: Array<{
					name: string;
					type: string;
					body: Buffer;
					people: Array<[BizonViewer, string]>;
				}> = [];
				const add = (
					name: string,
					type: string,
					people: Array<[BizonViewer, string]>,
					body: (v: BizonViewer[]) => string | Buffer,
				) => files.push({ name, type, people, body: Buffer.from(body(people.map(([v]) => v))) });
				add(
					'bizon-report.json',
					'application/json',
					[
						[viewer('Aleksei', 95), STAGE.long],
						[viewer('Boris', 15, { clickBanner: 'Подарок' }), STAGE.active],
					],
					(v) => JSON.stringify(bizonReport(`27379:file-${crm}*2026-11-20T19:00:00`, v)),
				);
				add(
					'bizon-getviewers.json',
					'application/json',
					[
						[viewer('Vera', 70), STAGE.long],
						[viewer('Galina', 20), STAGE.short],
					],
					(v) =>
						JSON.stringify({ total: v.length, skip: 0, limit: 1000, viewers: bizonViewerRows(v) }),
				);
				add(
					'zoom-participants.json',
					'application/json',
					[
						[viewer('Dmitri', 80), STAGE.long],
						[viewer('Elena', 10), STAGE.short],
					],
					(v) =>
						JSON.stringify({
							page_count: 1,
							page_size: 300,
							total_records: v.length,
							next_page_token: '',
							participants: zoomParticipants(v),
						}),
				);
				add(
					'zoom-export.csv',
					'text/csv',
					[
						[viewer('Zhanna', 65), STAGE.long],
						[viewer('Zoya', 30), STAGE.short],
					],
					(v) => zoomAttendeeCsv(v),
				);
				add(
					'mts-link.json',
					'application/json',
					[
						[viewer('Igor', 61), STAGE.long],
						[viewer('Kira', 5), STAGE.short],
					],
					(v) => JSON.stringify(mtsLinkUsers(v, 4242)),
				);
				const ru = [
					[viewer('Lev', 70), STAGE.long],
					[viewer('Maria', 20), STAGE.active],
				] as Array<[BizonViewer, string]>;
				files.push({
					name: 'участники.csv',
					type: 'text/csv',
					people: ru,
					body: windows1251(
						[
							'Имя;Почта;Телефон;Время просмотра;Кнопки',
							`Лев;${ru[0][0].email};${newPhone()};1 ч 10 мин;`,
							`Мария;${ru[1][0].email};;20 мин;Подарок`,
						].join('\r\n'),
					),
				});
				const uploadFile = (file: (typeof files)[number]) => {
					const body = new FormData();
					body.append(
						'field-0',
						new Blob([new Uint8Array(file.body)], { type: file.type }),
						file.name,
					);
					body.append('field-1', '2026-11-20');
					return send(crm, upload, { headers: { authorization: login }, body });
				};
				// Bizon365's webhook (the report fetched with the token) and the fetch form (Bizon365 chosen).
				const hooked: Array<[BizonViewer, string]> = [
					[viewer('Nikita', 100), STAGE.long],
					[viewer('Olga', 12, { clickBanner: 'Рассрочка (Тинькофф)' }), STAGE.active],
				];
				const fetched: Array<[BizonViewer, string]> = [
					[viewer('Pavel', 62), STAGE.long],
					[viewer('Rita', 40), STAGE.short],
				];
				const hookId = `27379:hook-${crm}*2026-11-20T19:00:00`;
				const fetchId = `27379:form-${crm}*2026-11-20T19:00:00`;
				bizonReports[hookId] = bizonReport(
					hookId,
					hooked.map(([v]) => v),
				);
				bizonReports[fetchId] = bizonReport(
					fetchId,
					fetched.map(([v]) => v),
				);
				const fetchBody = new FormData();
				fetchBody.append('field-0', 'Bizon365');
				fetchBody.append('field-1', fetchId);
				fetchBody.append('field-2', '2026-11-20');

				const answers = await Promise.all([
					...files.map(uploadFile),
					send(crm, webhook, json({ event: 'webinarEnd', webinarId: hookId })),
					send(crm, fetchForm, { headers: { authorization: login }, body: fetchBody }),
				]);
				expect(answers.map((a) => a.status)).toEqual(Array(files.length + 2).fill(200));
				expectRuns(wf.id, files.length + 2);
				await settled(crm, 2);
				await quiet();

				const after = await state(crm);
				const added = newSince(before, after);
				const everyone = [
					...files.flatMap((f) => f.people.map((p) => [...p, f.name] as const)),
					...hooked.map((p) => [...p, 'webhook'] as const),
					...fetched.map((p) => [...p, 'fetch form'] as const),
				];
				const placed = everyone.map(([v, stage, from]) => {
					const deals = added.deals.filter((d) => d.name.startsWith(`${v.email},`));
					return {
						from,
						who: v.username,
						deals: deals.length,
						stage: deals[0]?.stageName,
						pipeline: deals[0]?.pipelineName,
						want: stage,
					};
				});
				expect(placed).toEqual(
					everyone.map(([v, stage, from]) => ({
						from,
						who: v.username,
						deals: 1,
						stage,
						pipeline: crm === 'amocrm' ? 'Вебинар' : 'Вебинар «Больше чем игрушка»',
						want: stage,
					})),
				);
				// One note per deal: the webinar's date, and its title where the source names it (Bizon365, Zoom).
				for (const deal of added.deals) {
					expectSeller(crm, deal);
					expect(
						after.notes.filter((n) => n.dealId === deal.id).map((n) => n.text.split('\n')[0]),
					).toEqual([expect.stringMatching(/^Вебинар 20\.11\.2026(?: «[^»]+»)?$/)]);
				}
				expect(
					source.requests.filter(
						(r) =>
							r.path === '/api/v1/webinars/reports/get' &&
							[hookId, fetchId].includes(r.query.webinarId),
					),
				).toHaveLength(2);

				// The same file again: the execution succeeds and writes nothing.
				const middle = await state(crm);
				expect((await uploadFile(files[files.length - 1])).status).toBe(200);
				expectRuns(wf.id, 1);
				await settled(crm, 2);
				await quiet();
				const rerun = newSince(middle, await state(crm));
				expect({ deals: rerun.deals, notes: rerun.notes, contacts: rerun.contacts }).toEqual({
					deals: [],
					notes: [],
					contacts: [],
				});
				// Without the login the form lets nothing in.
				const refused = await send(crm, upload, { body: new FormData() });
				expect(refused.status).toBe(401);
				await settled(crm, 2);
			});
		},
		STEP,
	);

	// ---- template 3: each telephony's "call ended" -------------------------------------------------------------
	type Shape =
		| 'zadarma'
		| 'mango'
		| 'sipuni'
		| 'sipuniTyped'
		| 'sipuniGet'
		| 'onlinePbx'
		| 'uis'
		| 'bitrix24'
		| 'amocrm';
	const SHAPES: Shape[] = [
		'zadarma',
		'mango',
		'sipuni',
		'sipuniTyped',
		'sipuniGet',
		'onlinePbx',
		'uis',
		'bitrix24',
		'amocrm',
	];

	/** The request a telephony sends when a call ends, to the URL it was given (Mango adds `/events/summary`). */
	function callEnded(shape: Shape, call: EndedCall, url: string): [string, RequestInit] {
		const at = DateTime.fromJSDate(call.at);
		switch (shape) {
			case 'mango':
				return [
					`${url}/events/summary`,
					form(callEndedBody('mango', call) as Record<string, string>),
				];
			case 'sipuniTyped':
				return [
					url,
					form({
						...(callEndedBody('sipuni', call) as Record<string, string>),
						src_type: '2',
						dst_type: '1',
					}),
				];
			case 'sipuniGet':
				// Sipuni may be set to send its events by GET, the fields in the query.
				return [
					`${url}?${new URLSearchParams(callEndedBody('sipuni', call) as Record<string, string>)}`,
					{ method: 'GET' },
				];
			case 'onlinePbx':
				return [url, json(callEndedBody('onlinePbx', call))];
			case 'bitrix24':
				// A PBX integration posting Bitrix24's call record (telephony.externalcall.finish / voximplant statistic).
				return [
					url,
					json({
						CALL_ID: `externalCall.${call.callId}`,
						CALL_TYPE: '1',
						PHONE_NUMBER: call.phone,
						PORTAL_USER_ID: '7',
						CALL_DURATION: call.answered ? '95' : '0',
						CALL_START_DATE: at.setZone('Europe/Moscow').toISO(),
						CALL_FAILED_CODE: call.answered ? '200' : '304',
						CALL_FAILED_REASON: call.answered ? 'Success call' : 'Missed call',
					}),
				];
			case 'amocrm':
				// An amoCRM call as a telephony widget posts it (`/api/v4/calls` body).
				return [
					url,
					json({
						direction: 'outbound',
						uniq: call.callId,
						duration: call.answered ? 95 : 0,
						source: 'АТС',
						phone: call.phone,
						call_status: call.answered ? 4 : 6,
						call_result: call.answered ? 'Разговор' : 'Не дозвонились',
						created_at: Math.floor(call.at.getTime() / 1000),
					}),
				];
			default:
				return [url, form(callEndedBody(shape, call) as Record<string, string>)];
		}
	}

	test(
		'3: every telephony shape, posting only its webhook: three failed calls → tasks for attempts 2 and 3, then closed lost «Не дозвонились более 3 раз»; a repeated delivery changes nothing; a foreign number → the Europe stage; with the telephony also logging its calls nothing is counted twice; without the login: 401 and no execution',
		async () => {
			await onBothCrms(async (crm) => {
				const wf = workflowOf(crm, 3);
				const url = printedUrl(crm, 3, 'Telephony: call finished');
				const base = await state(crm);
				const webinar = crm === 'amocrm' ? /^Вебинар$/ : /^Вебинар «/;
				const threeCalls = (phone: string, id: string): EndedCall[] =>
					[61, 31, 1].map((minutesAgo, i) => ({
						callId: `${id}-${i}`,
						phone,
						answered: false,
						at: new Date(Date.now() - minutesAgo * 60_000),
					}));
				interface Client {
					shape: Shape;
					dealId: string;
					calls: EndedCall[];
				}
				const clients: Record<'plain' | 'foreign' | 'logging', Client[]> = {
					plain: [],
					foreign: [],
					logging: [],
				};
				for (const shape of SHAPES) {
					for (const kind of ['plain', 'foreign', 'logging'] as const) {
						const phone = newPhone(kind === 'foreign' ? 'DE' : 'RU');
						const { dealId } = await newClient(world(crm), base, { phone, pipelineName: webinar });
						clients[kind].push({
							shape,
							dealId,
							calls: threeCalls(phone, `e2e-${crm}-${shape}-${kind}-${Date.now().toString(36)}`),
						});
					}
				}
				const post = (client: Client, i: number) => {
					const [to, init] = callEnded(client.shape, client.calls[i], url);
					return send(crm, to, init);
				};
				const round = async (requests: Array<Promise<Response>>) => {
					const answers = await Promise.all(requests);
					// Sipuni suspends its events unless told {"success": true}.
					const said = await Promise.all(answers.map(async (a) => [a.status, await a.text()]));
					expect(said).toEqual(answers.map(() => [200, '{"success": true}']));
					expectRuns(wf.id, answers.length);
					await settled(crm, 3);
				};

				// Zadarma checks the address when it is saved: its zd_echo comes back (one execution, nothing counted).
				const check = await send(crm, `${url}?zd_echo=e2e${crm}check`, { method: 'GET' });
				expect({ status: check.status, text: await check.text() }).toEqual({
					status: 200,
					text: `e2e${crm}check`,
				});
				expectRuns(wf.id, 1);
				// Strangers who know the path: 401, nothing starts.
				const { url: bare } = loginHeader(url);
				const stranger = clients.plain[0];
				const [, body] = callEnded(stranger.shape, stranger.calls[0], url);
				expect((await send(crm, bare, body)).status).toBe(401);
				const wrong = {
					...body,
					headers: {
						...(body.headers as Record<string, string>),
						authorization: `Basic ${Buffer.from('telephony:guess').toString('base64')}`,
					},
				};
				expect((await send(crm, bare, wrong)).status).toBe(401);
				expect((await send(crm, `${bare}/events/summary`, body)).status).toBe(401);
				expect((await send(crm, `${bare}?zd_echo=1`, { method: 'GET' })).status).toBe(401);

				await round([
					...clients.plain.map((c) => post(c, 0)),
					...clients.foreign.map((c) => post(c, 2)),
					...clients.logging.map((c) => post(c, 0)),
				]);
				// The telephony retries the first call; the logging telephony's integration writes calls 1 and 2 itself.
				for (const c of clients.logging) {
					await telephonyLogsCall(world(crm), c.dealId, c.calls[0]);
					await telephonyLogsCall(world(crm), c.dealId, c.calls[1]);
				}
				await round(clients.plain.map((c) => post(c, 0)));
				await round([
					...clients.plain.map((c) => post(c, 1)),
					...clients.logging.map((c) => post(c, 1)),
				]);
				const middle = await state(crm);
				for (const c of clients.logging)
					expect({
						shape: c.shape,
						stage: middle.deals.find((d) => d.id === c.dealId)!.semantics,
					}).toEqual({ shape: c.shape, stage: 'open' });
				await round([
					...clients.plain.map((c) => post(c, 2)),
					...clients.logging.map((c) => post(c, 2)),
				]);
				await quiet();

				const after = await state(crm);
				for (const c of [...clients.plain, ...clients.logging]) {
					const deal = after.deals.find((d) => d.id === c.dealId)!;
					expect({
						shape: c.shape,
						semantics: deal.semantics,
						reason: deal.lossReason?.replace('3-х', '3'),
					}).toEqual({
						shape: c.shape,
						semantics: 'lost',
						reason: 'Не дозвонились более 3 раз',
					});
					expect({
						shape: c.shape,
						tasks: after.tasks
							.filter((t) => t.dealId === c.dealId)
							.map((t) => /попытка (\d) из 3/.exec(t.text)?.[1]),
					}).toEqual({ shape: c.shape, tasks: ['2', '3'] });
				}
				// Without the telephony logging: each call once in the deal's history, the repeat not at all.
				for (const c of clients.plain)
					expect({
						shape: c.shape,
						calls: after.calls.filter((x) => x.dealId === c.dealId).length,
					}).toEqual({ shape: c.shape, calls: 3 });
				for (const c of clients.foreign) {
					const deal = after.deals.find((d) => d.id === c.dealId)!;
					expect({ shape: c.shape, stage: deal.stageName }).toEqual({
						shape: c.shape,
						stage: 'Недозвонились до клиента. Европа',
					});
				}
			});
		},
		STEP,
	);

	// ---- template 5: quality control -------------------------------------------------------------------------
	test(
		'5: a deal a manager closes as lost in the CRM comes back in «Контроль качества» to another manager who sells, with «КК» and a call task; closed again, it stays closed',
		async () => {
			await onBothCrms(async (crm) => {
				const before = await state(crm);
				const deal = before.deals.find(
					(d) =>
						d.pipelineName === (crm === 'amocrm' ? 'Воронка агентства' : 'Общая') &&
						d.semantics === 'open' &&
						d.stageName !== 'Контроль качества' &&
						!d.tags.includes('КК') &&
						sellersOf[crm]!.has(d.responsibleUserId),
				)!;
				const closeAsLost = async () => {
					if (crm === 'amocrm') {
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
					} else {
						const res = await fetch(`${stack.bitrix24.webhook}crm.deal.update`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ id: deal.id, fields: { STAGE_ID: 'LOSE' } }),
						});
						expect(res.status).toBe(200);
						await world(crm).control('POST', 'events/flush');
					}
				};
				await closeAsLost();
				const back = await until(
					'the deal in «Контроль качества» with «КК» and its task',
					async () => {
						const now = await state(crm);
						const d = now.deals.find((x) => x.id === deal.id);
						const task = newSince(before, now).tasks.find((t) => t.dealId === deal.id);
						return d && d.stageName === 'Контроль качества' && d.tags.includes('КК') && task
							? { deal: d, task }
							: undefined;
					},
				);
				await quiet();
				expect(back.deal.semantics).toBe('open');
				expect(back.deal.responsibleUserId).not.toBe(deal.responsibleUserId);
				expectSeller(crm, back.deal);
				expect(back.task.responsibleUserId).toBe(back.deal.responsibleUserId);
				// The quality-control manager closes it: once per deal, it stays closed.
				await closeAsLost();
				await quiet();
				expect((await state(crm)).deals.find((d) => d.id === deal.id)!.semantics).toBe('lost');
			});
		},
		STEP,
	);

	// ---- template 4: the weekly cleanup (last: it closes deals) -------------------------------------------------
	test(
		'4: "Run now" (the editor\'s button; the schedule runs the same) audits and reports without changing anything in the default dry run; with the dry run switched off in Setup it closes the week-old «Отправлен на повтор вебинара» deals «Без причины»',
		async () => {
			/** The editor's "Run now": n8n has no public API to start a workflow, its editor uses this. */
			const runNow = async (crm: Crm) => {
				const wf = workflowOf(crm, 4);
				const started = await stack.session.request<{ data: { executionId: string } }>(
					'POST',
					`/rest/workflows/${wf.id}/run`,
					{
						triggerToStartFrom: { name: 'Run now' },
					},
				);
				return await until('the finished execution', async () => {
					const found = await fetch(
						`${stack.n8n.url}/api/v1/executions/${started.data.executionId}?includeData=true`,
						{
							headers: { 'x-n8n-api-key': stack.apiKey },
						},
					);
					if (!found.ok) return undefined;
					const body = (await found.json()) as {
						status: string;
						data?: {
							resultData: {
								runData: Record<string, Array<{ data: { main: Array<Array<{ json: Row }>> } }>>;
							};
						};
					};
					return ['success', 'error', 'crashed'].includes(body.status) ? body : undefined;
				});
			};
			const reportOf = (execution: Awaited<ReturnType<typeof runNow>>) =>
				String(
					execution.data!.resultData.runData['Write the weekly report'][0].data.main[0][0].json
						.report,
				);
			await onBothCrms(async (crm) => {
				await quiet();
				const before = await state(crm);
				const dry = await runNow(crm);
				expect(dry.status).toBe('success');
				expect(reportOf(dry)).toMatch(
					new RegExp(
						`^Аудит воронки \\d{4}-\\d{2}-\\d{2}: ${before.deals.length} сделок, \\d+ замечаний\\.\\nЧистка «Отправлен на повтор вебинара» \\(проверка, без изменений\\)`,
					),
				);
				const unchanged = await state(crm);
				expect(unchanged.deals.map((d) => [d.id, d.stageName, d.semantics])).toEqual(
					before.deals.map((d) => [d.id, d.stageName, d.semantics]),
				);
			});
			// As an agency switches the dry run off: the installer updates the same workflows' Setup.
			const updated = await installTemplates(stack.api, {
				credentials: stack.credentialIds(),
				only: CRMS.map((crm) => slugOf(crm, 4)),
				set: { 'Dry run (report only)': 'false' },
				publish: true,
			});
			expect(updated.map((r) => r.action)).toEqual(['updated', 'updated']);
			await onBothCrms(async (crm) => {
				const before = await state(crm);
				const weekAgo = Date.now() - 7 * 86_400_000;
				const due = before.deals.filter(
					(d) =>
						d.semantics === 'open' &&
						d.stageName === 'Отправлен на повтор вебинара' &&
						d.inStageSinceMs < weekAgo,
				);
				const run = await runNow(crm);
				expect(run.status).toBe('success');
				expect(reportOf(run)).toMatch(
					new RegExp(`Чистка «Отправлен на повтор вебинара»: закрыто ${due.length},`),
				);
				await quiet();
				const after = await state(crm);
				for (const d of due) {
					const now = after.deals.find((x) => x.id === d.id)!;
					expect({ deal: d.name, semantics: now.semantics, reason: now.lossReason }).toEqual({
						deal: d.name,
						semantics: 'lost',
						reason: 'Без причины',
					});
				}
			});
		},
		STEP,
	);

	test('no execution of any template failed, and none ran that this test did not start', async () => {
		await quiet();
		const res = await fetch(`${stack.n8n.url}/api/v1/executions?status=error&limit=50`, {
			headers: { 'x-n8n-api-key': stack.apiKey },
		});
		const failed = ((await res.json()) as { data: Execution[] }).data;
		// Each failure named with its workflow, the node it stopped at and n8n's message, so a red run says why.
		const why = await Promise.all(
			failed.map(async (e) => {
				const name = demo.workflows.find((w) => w.id === e.workflowId)?.name ?? e.workflowId;
				const one = await fetch(`${stack.n8n.url}/api/v1/executions/${e.id}?includeData=true`, {
					headers: { 'x-n8n-api-key': stack.apiKey },
				}).catch(() => undefined);
				const body = (one?.ok ? await one.json() : {}) as {
					data?: { resultData?: { lastNodeExecuted?: string; error?: { message?: string } } };
				};
				const result = body.data?.resultData;
				return `${name}: ${result?.lastNodeExecuted ?? '?'}: ${result?.error?.message ?? '?'}`;
			}),
		);
		expect(why).toEqual([]);
		for (const [workflowId, want] of expected)
			expect({ workflowId, runs: (await executions(workflowId)).length }).toEqual({
				workflowId,
				runs: want,
			});
	});
});
