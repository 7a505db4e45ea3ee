/**
 * Hostile input against every webhook this package publishes, in a real n8n 2.40 with all ten templates installed
 * and published (the local stack: both CRM emulators, credentials, the Lead Capture secret, the Bitrix24 outgoing
 * webhook's token, the amoCRM trigger subscribed): Lead Capture (template 1), the amoCRM and Bitrix24 triggers
 * (template 5), and n8n's own Webhook nodes that template 2 (Bizon365) and template 3 (telephony) listen on.
 * Depth bombs in JSON and bracket keys, multi-byte and length-mismatched secrets, chunked bodies of every content
 * type past the limit, empty/null/scalar bodies, replays; and a redirect probe for both CRMs' credential tests and
 * nodes. Each answer is checked, none may be 5xx, unauthenticated requests start no execution, every authenticated
 * valid lead becomes exactly one deal, and no credential reaches another host. The last line it prints is
 * `hostile: N requests, 0 5xx, 0 lost, 0 tokens leaked`. Runs on n8n 2.40.7; SALES_FUNNEL_N8N_VERSION=1.123.81 runs it
 * on n8n 1.x (credential tests through the editor's REST API there, which has no public one).
 */
import { N8N_VERSION } from '../../../scripts/lib/realN8n';
import { startStack, type Stack } from '../../../scripts/lib/stack';
import { installTemplates } from '../../../scripts/lib/templateInstaller';
import type { StoredWorkflow } from '../../../scripts/lib/n8nPublicApi';
import { crmState, type CrmState } from '../../support/crmState';
import type { CrmWorld } from '../../support/crmWorlds';
import { startWebinarSource, type WebinarSourceServer } from '../../support/webinarSource';
import {
	bigBody,
	deepForm,
	deepJson,
	listen,
	send,
	tally,
	type Answer,
	type Listener,
	type RawRequest,
} from './requests';

type Crm = 'amocrm' | 'bitrix24';
const CRMS: Crm[] = ['amocrm', 'bitrix24'];
const STEP = 10 * 60_000;
/** Past Lead Capture's default limit (100 KB), well under n8n's own (N8N_PAYLOAD_SIZE_MAX, 16 MB). */
const PAST_LIMIT = 3 * 1024 * 1024;
const DEPTH = 10_000;
const BRACKETS = 5_000;

interface Execution {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
}

async function until<T>(
	what: string,
	check: () => Promise<T | undefined | null | false>,
	timeoutMs = 180_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

const digits = (phone: string) => phone.replace(/\D/g, '').slice(-10);
/** n8n 1.x (SALES_FUNNEL_N8N_VERSION=1.123.81) has no public credential test and runs a workflow from its JSON. */
const V1 = N8N_VERSION.startsWith('1.');

describe('hostile input against every webhook we publish, in a real n8n', () => {
	let stack: Stack;
	let bizon: WebinarSourceServer;
	const stored = new Map<string, StoredWorkflow>();
	/** Phones of the authenticated valid leads sent, per CRM: each must become exactly one deal. */
	const validLeads: Record<Crm, string[]> = { amocrm: [], bitrix24: [] };

	const workflow = (slug: string) => stored.get(slug)!;
	const hook = (slug: string, nodeName: string) =>
		String(workflow(slug).nodes.find((n) => n.name === nodeName)!.webhookId);
	const leadCaptureUrl = (crm: Crm) =>
		`${stack.n8n.url}/webhook/${hook(`${crm}-1-lead-capture`, 'Website form or chat')}/lead`;
	const bitrix24TriggerUrl = () =>
		`${stack.n8n.url}/webhook/${hook('bitrix24-5-quality-control', 'Bitrix24: deal changed')}/bitrix24`;
	let amoTriggerUrl: string;
	let amoSecret: string;

	const world = (crm: Crm) =>
		({
			crm,
			control: async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
				const res = await fetch(`${stack[crm].url}/__emulator/${path}`, {
					method,
					headers: { 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				return (await res.json()) as T;
			},
		}) as unknown as CrmWorld;
	const state = (crm: Crm): Promise<CrmState> => crmState(world(crm));

	async function executions(workflowId: string): Promise<Execution[]> {
		const res = await fetch(
			`${stack.n8n.url}/api/v1/executions?workflowId=${workflowId}&limit=250`,
			{ headers: { 'x-n8n-api-key': stack.apiKey } },
		);
		expect(res.status).toBe(200);
		return ((await res.json()) as { data: Execution[] }).data;
	}

	/** Where and why an execution failed: the node and n8n's message, or what n8n answered when asked. */
	async function failureOf(execution: Execution): Promise<string> {
		const res = await fetch(`${stack.n8n.url}/api/v1/executions/${execution.id}?includeData=true`, {
			headers: { 'x-n8n-api-key': stack.apiKey },
		});
		const text = await res.text();
		try {
			const body = JSON.parse(text) as {
				data?: { resultData?: { lastNodeExecuted?: string; error?: { message?: string } } };
			};
			const result = body.data?.resultData;
			if (result)
				return `${execution.status} in ${result.lastNodeExecuted}: ${result.error?.message}`;
		} catch {
			// not JSON: shown below
		}
		return `${execution.status}; GET /executions/${execution.id}?includeData → ${res.status} ${text.slice(0, 300)}`;
	}

	const newest = async (workflowId: string) =>
		Math.max(0, ...(await executions(workflowId)).map((e) => Number(e.id)));

	/** Executions of a workflow after `since`, once `count` of them have finished. */
	async function finishedAfter(workflowId: string, since: number, count: number) {
		return await until(`${count} finished execution(s) of workflow ${workflowId}`, async () => {
			const after = (await executions(workflowId)).filter((e) => Number(e.id) > since);
			return after.length >= count && after.every((e) => e.finished || e.status !== 'running')
				? after
				: undefined;
		});
	}

	beforeAll(async () => {
		stack = await startStack();
		bizon = await startWebinarSource({ token: stack.bizonToken, reports: {} });
		const installed = await installTemplates(stack.api, {
			credentials: stack.credentialIds(),
			set: { 'Bizon365 API': `${bizon.url}/api/v1` },
			publish: true,
		});
		for (const result of installed)
			stored.set(result.template, await stack.api.getWorkflow(result.id));
		// Publishing subscribed the amoCRM trigger: amoCRM now holds the URL with its secret.
		const hooks = await fetch(`${stack.amocrm.url}/api/v4/webhooks`, {
			headers: { authorization: `Bearer ${String(stack.amocrm.info.token)}` },
		});
		const destination = String(
			((await hooks.json()) as { _embedded: { webhooks: Array<{ destination: string }> } })
				._embedded.webhooks[0].destination,
		);
		const url = new URL(destination);
		amoSecret = url.searchParams.get('n8n_secret')!;
		url.search = '';
		amoTriggerUrl = url.toString();
	}, 30 * 60_000);

	afterAll(async () => {
		process.stdout.write(
			`hostile: ${tally.requests} requests, ${tally.fiveXX} 5xx, ${tally.lost} lost, ${tally.leaked} tokens leaked\n`,
		);
		await bizon?.close();
		await stack?.stop();
	});

	/** Requests no sender of ours makes, without the secret: each gets 401. */
	function strangers(
		credential: (value: string) => { query?: string; headers?: Record<string, string> },
		secret: string,
	): Array<[string, RawRequest & { query?: string }]> {
		const json = { 'content-type': 'application/json' };
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		const multiByte = credential(`${secret.slice(0, -1)}я`);
		const longer = credential(`${secret}0`);
		const shorter = credential(secret.slice(0, -1));
		return [
			['no body', {}],
			['a JSON null', { headers: json, chunks: ['null'] }],
			['a JSON number', { headers: json, chunks: ['42'] }],
			['a JSON string', { headers: json, chunks: ['"lead"'] }],
			['plain text', { headers: { 'content-type': 'text/plain' }, chunks: ['hello'] }],
			[`JSON ${DEPTH} levels deep`, { headers: json, chunks: [deepJson(DEPTH)] }],
			[`a bracket key ${BRACKETS} levels deep`, { headers: form, chunks: [deepForm(BRACKETS)] }],
			...(['json', 'form', 'text', 'multipart'] as const).map((type): [string, RawRequest] => [
				`a chunked ${type} body of 3 MB`,
				bigBody(type, PAST_LIMIT, { Phone: '89031110000' }),
			]),
			[
				'a same-length secret with a 2-byte character',
				{
					headers: { ...form, ...multiByte.headers },
					query: multiByte.query,
					chunks: ['Phone=89031110000'],
				},
			],
			[
				'a secret one character longer',
				{
					headers: { ...form, ...longer.headers },
					query: longer.query,
					chunks: ['Phone=89031110000'],
				},
			],
			[
				'a secret one character shorter',
				{
					headers: { ...form, ...shorter.headers },
					query: shorter.query,
					chunks: ['Phone=89031110000'],
				},
			],
		];
	}

	const withQuery = (url: string, cases: Array<[string, RawRequest & { query?: string }]>) =>
		cases.map(([what, { query, ...request }]): [string, RawRequest & { url: string }] => [
			what,
			{ ...request, url: query ? `${url}?${query}` : url },
		]);

	/**
	 * Sends the strangers' requests (each must get 401), then one authenticated request that does start an
	 * execution; once it has finished it must be the only execution since: no stranger started one.
	 */
	async function strangersGet401(
		workflowId: string,
		cases: Array<[string, RawRequest & { url: string }]>,
		sentinel: () => Promise<Answer>,
	) {
		const since = await newest(workflowId);
		for (const [what, { url: target, ...request }] of cases) {
			const answer = await send(target, request);
			expect({ what, status: answer.status }).toEqual({ what, status: 401 });
		}
		expect((await sentinel()).status).toBe(200);
		const after = await finishedAfter(workflowId, since, 1);
		expect(after.map((e) => e.status)).toEqual(['success']);
	}

	let phoneSerial = 0;
	const newPhone = (crm: Crm) =>
		`+7916${crm === 'amocrm' ? '6' : '7'}${String(100000 + ++phoneSerial).slice(-6)}`;

	/** An authenticated valid lead: it must end as exactly one deal. */
	async function sendLead(crm: Crm, request: (phone: string) => RawRequest, expectLeads = 1) {
		const phone = newPhone(crm);
		validLeads[crm].push(phone);
		const answer = await send(
			`${leadCaptureUrl(crm)}?secret=${stack.leadCaptureSecret}`,
			request(phone),
		);
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toMatchObject({ ok: true, leads: expectLeads });
		return phone;
	}

	test.each(CRMS)(
		'%s Lead Capture: strangers (no or wrong secret, any body) get 401 and start nothing',
		async (crm) => {
			const url = leadCaptureUrl(crm);
			const cases = withQuery(
				url,
				strangers(
					(value) => ({ query: `secret=${encodeURIComponent(value)}` }),
					stack.leadCaptureSecret,
				),
			);
			await strangersGet401(workflow(`${crm}-1-lead-capture`).id, cases, () =>
				sendLead(crm, (phone) => ({
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					chunks: [new URLSearchParams({ Name: 'Часовой', Phone: phone }).toString()],
				})).then(() => ({ status: 200, text: '' })),
			);
		},
		STEP,
	);

	test.each(CRMS)(
		'%s Lead Capture: an authenticated lead with a depth bomb comes out as a lead; bodies past the limit get 413 and start nothing',
		async (crm) => {
			const wf = workflow(`${crm}-1-lead-capture`);
			const since = await newest(wf.id);
			await sendLead(crm, (phone) => ({
				headers: { 'content-type': 'application/json' },
				chunks: [deepJson(DEPTH, { name: 'Глубокий Джейсон', phone })],
			}));
			await sendLead(crm, (phone) => ({
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				chunks: [deepForm(BRACKETS, { Name: 'Квадратные Скобки', Phone: phone }, 'fields')],
			}));
			for (const type of ['json', 'form', 'text', 'multipart'] as const) {
				const big = bigBody(type, PAST_LIMIT, { Phone: '89031110000' });
				const answer = await send(`${leadCaptureUrl(crm)}?secret=${stack.leadCaptureSecret}`, big);
				expect({ type, status: answer.status }).toEqual({ type, status: 413 });
				expect(answer.text).not.toContain('xxxx');
			}
			const after = await finishedAfter(wf.id, since, 2);
			expect(after.map((e) => e.status)).toEqual(['success', 'success']);
			// Stored executions with the leads' data stay readable through n8n's own API.
			const withData = await fetch(
				`${stack.n8n.url}/api/v1/executions?workflowId=${wf.id}&includeData=true&limit=5`,
				{ headers: { 'x-n8n-api-key': stack.apiKey } },
			);
			expect(withData.status).toBe(200);
		},
		STEP,
	);

	test.each(CRMS)(
		'%s Lead Capture: a replayed form post makes no second deal',
		async (crm) => {
			const wf = workflow(`${crm}-1-lead-capture`);
			const since = await newest(wf.id);
			const phone = newPhone(crm);
			validLeads[crm].push(phone);
			const body = new URLSearchParams({
				Name: 'Повтор',
				Phone: phone,
				tranid: `hostile-${crm}:${phone}`,
			}).toString();
			for (let i = 0; i < 3; i++) {
				const answer = await send(`${leadCaptureUrl(crm)}?secret=${stack.leadCaptureSecret}`, {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					chunks: [body],
				});
				expect(answer.status).toBe(200);
			}
			const after = await finishedAfter(wf.id, since, 3);
			expect(after.every((e) => e.status === 'success')).toBe(true);
		},
		STEP,
	);

	test.each(CRMS)(
		'%s: every authenticated valid lead sent is exactly one deal in the CRM',
		async (crm) => {
			const wf = workflow(`${crm}-1-lead-capture`);
			// Everything sent has run: no execution of the template is still going.
			await until('the lead-capture executions to finish', async () =>
				(await executions(wf.id)).every((e) => e.finished || e.status !== 'running'),
			);
			const deals = await until('a deal for every lead', async () => {
				const now = await state(crm);
				const dealsOf = (phone: string) => {
					const contacts = now.contacts.filter((c) =>
						c.phones.some((p) => digits(p) === digits(phone)),
					);
					return now.deals.filter((d) =>
						d.contactIds.some((id) => contacts.some((c) => c.id === id)),
					);
				};
				const found = validLeads[crm].map((phone) => ({ phone, deals: dealsOf(phone).length }));
				return found.every((f) => f.deals > 0) ? found : undefined;
			}).catch(() => undefined);
			const counted = deals ?? [];
			const lost = validLeads[crm].length - counted.filter((f) => f.deals > 0).length;
			tally.lost += lost;
			expect(lost).toBe(0);
			expect(counted.filter((f) => f.deals !== 1)).toEqual([]);
		},
		STEP,
	);

	test(
		'amoCRM Trigger: strangers (no, wrong or multi-byte secret, any body) get 401 and start nothing; a depth bomb from amoCRM still runs',
		async () => {
			const wf = workflow('amocrm-5-quality-control');
			const deal = (await state('amocrm')).deals.find((d) => d.semantics === 'open')!;
			const delivery = (extra = '') =>
				`leads%5Bstatus%5D%5B0%5D%5Bid%5D=${deal.id}&leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=${deal.stageId}&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=${deal.pipelineId}${extra}`;
			const cases = withQuery(
				amoTriggerUrl,
				strangers((value) => ({ query: `n8n_secret=${encodeURIComponent(value)}` }), amoSecret),
			);
			await strangersGet401(wf.id, cases, () =>
				send(`${amoTriggerUrl}?n8n_secret=${amoSecret}`, {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					chunks: [delivery()],
				}),
			);
			const since = await newest(wf.id);
			const deep = `&leads%5Bstatus%5D%5B0%5D%5Bextra%5D${'%5Ba%5D'.repeat(BRACKETS)}=x`;
			for (let i = 0; i < 2; i++) {
				// The same delivery twice: amoCRM may deliver again; each is answered, none fails.
				const answer = await send(`${amoTriggerUrl}?n8n_secret=${amoSecret}`, {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					chunks: [delivery(deep)],
				});
				expect(answer.status).toBe(200);
			}
			const after = await finishedAfter(wf.id, since, 2);
			expect(after.map((e) => e.status)).toEqual(['success', 'success']);
		},
		STEP,
	);

	test(
		'Bitrix24 Trigger: strangers (no, wrong or multi-byte token, any body) get 401 and start nothing; a depth bomb from Bitrix24 still runs',
		async () => {
			const wf = workflow('bitrix24-5-quality-control');
			const url = bitrix24TriggerUrl();
			const deal = (await state('bitrix24')).deals.find((d) => d.semantics === 'open')!;
			const token = stack.bitrix24ApplicationToken;
			const event = (tokenValue: string, extra = '') =>
				`event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=${deal.id}&ts=${Math.floor(Date.now() / 1000)}&auth%5Bapplication_token%5D=${encodeURIComponent(tokenValue)}${extra}`;
			const form = { 'content-type': 'application/x-www-form-urlencoded' };
			const cases: Array<[string, RawRequest & { url: string }]> = [
				...withQuery(
					url,
					strangers(() => ({}), token),
				),
				[
					'a same-length token with a 2-byte character',
					{ url, headers: form, chunks: [event(`${token.slice(0, -1)}я`)] },
				],
				['a token one character longer', { url, headers: form, chunks: [event(`${token}0`)] }],
				[
					'a token one character shorter',
					{ url, headers: form, chunks: [event(token.slice(0, -1))] },
				],
				[
					'the token twice',
					{ url, headers: form, chunks: [`${event(token)}&auth%5Bapplication_token%5D=${token}`] },
				],
				[
					`a bracket key ${BRACKETS} levels deep before the token`,
					{ url, headers: form, chunks: [`${deepForm(BRACKETS)}&${event('wrong-token-123456')}`] },
				],
			];
			await strangersGet401(wf.id, cases, () =>
				send(url, { headers: form, chunks: [event(token)] }),
			);
			const since = await newest(wf.id);
			for (let i = 0; i < 2; i++) {
				const answer = await send(url, {
					headers: form,
					chunks: [event(token, `&data%5BFIELDS%5D%5BX%5D${'%5Ba%5D'.repeat(BRACKETS)}=x`)],
				});
				expect(answer.status).toBe(200);
			}
			const after = await finishedAfter(wf.id, since, 2);
			expect(after.map((e) => e.status)).toEqual(['success', 'success']);
		},
		STEP,
	);

	/**
	 * n8n's own Webhook node keeps a body as it came: a JSON body 10,000 levels deep overflows n8n's execution
	 * storage (2.40.7: the execution ends in error and GET /executions/{id}?includeData answers 500) before any node
	 * of ours could cut it. Our nodes downstream handle such an item (test/nodes/shared/funnel/deepValues.test.ts);
	 * that one request is left out of "no execution fails" here.
	 */
	const N8N_OWN_LIMIT = `JSON ${DEPTH} levels deep`;

	const basic = (user: string, password: string) => ({
		authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
	});

	test.each(CRMS)(
		'%s template 3 (telephony webhooks, Basic Auth with the login written into their URL): strangers (no or wrong login, any body) get 401 and start nothing',
		async (crm) => {
			const { user, password } = stack.telephonyLogin;
			const wf = workflow(`${crm}-3-call-results`);
			const getCases: Array<[string, RawRequest & { query?: string }]> = [
				['a GET without a login', { method: 'GET', query: 'zd_echo=1' }],
				[
					'a GET with a wrong password',
					{ method: 'GET', headers: basic(user, 'x'), query: 'zd_echo=1' },
				],
			];
			for (const url of [
				`${stack.n8n.url}/webhook/${crm}-call-finished`,
				`${stack.n8n.url}/webhook/${crm}-call-finished/events/summary`,
			]) {
				const cases = withQuery(url, [
					...strangers((value) => ({ headers: basic(user, value) }), password),
					['another user name', { headers: basic('admin', password), chunks: [] }],
					// The same address by GET (Zadarma's address check, Sipuni's GET events) takes the login too.
					...(url.endsWith('/events/summary') ? [] : getCases),
				]);
				// The sentinel: a call to a number no client has (it ends on «No deal for this call»).
				await strangersGet401(wf.id, cases, () =>
					send(`${stack.n8n.url}/webhook/${crm}-call-finished`, {
						headers: {
							'content-type': 'application/x-www-form-urlencoded',
							...basic(user, password),
						},
						chunks: [
							new URLSearchParams({
								event: 'NOTIFY_OUT_END',
								call_start: '2026-11-20 12:00:00',
								pbx_call_id: `hostile-${crm}-${Date.now()}`,
								internal: '100',
								destination: '79990001234',
								duration: '0',
								disposition: 'no answer',
							}).toString(),
						],
					}),
				);
			}
		},
		STEP,
	);

	test.each(CRMS)(
		"%s templates 2 and 3 (n8n's own Webhook nodes; template 3 with its login): hostile bodies are answered without a 5xx and no execution fails",
		async (crm) => {
			const { user, password } = stack.telephonyLogin;
			const targets: Array<[string, string, Record<string, string>]> = [
				[
					`${crm}-3-call-results`,
					`${stack.n8n.url}/webhook/${crm}-call-finished`,
					basic(user, password),
				],
				[`${crm}-2-webinar-import`, `${stack.n8n.url}/webhook/${crm}-bizon365-webinar-ended`, {}],
			];
			for (const [slug, url, login] of targets) {
				const wf = workflow(slug);
				const since = await newest(wf.id);
				const cases = strangers(() => ({}), 'x');
				const started: string[] = [];
				for (const [what, { query: _query, ...request }] of cases) {
					void _query;
					const answer = await send(url, {
						...request,
						headers: { ...request.headers, ...login },
					});
					expect({ what, fiveXX: answer.status >= 500 }).toEqual({ what, fiveXX: false });
					if (answer.status === 200) started.push(what);
				}
				// Executions start in the order the requests came: each is paired with its request.
				const after = (await finishedAfter(wf.id, since, started.length)).sort(
					(a, b) => Number(a.id) - Number(b.id),
				);
				const failed: string[] = [];
				for (const [index, execution] of after.entries())
					if (execution.status !== 'success' && started[index] !== N8N_OWN_LIMIT)
						failed.push(`${started[index]} → ${await failureOf(execution)}`);
				expect({ slug, failed }).toEqual({ slug, failed: [] });
			}
		},
		STEP,
	);

	describe('a CRM address that redirects to another host', () => {
		let elsewhere: Listener;
		let crmHost: Listener;
		const TOKEN = 'hostile-amo-token-must-stay-home';
		const SECRET = 'hostileb24secret77';

		beforeAll(async () => {
			elsewhere = await listen((res) =>
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":{}}'),
			);
			crmHost = await listen((res) =>
				res.writeHead(302, { location: `${elsewhere.url}/collect` }).end(),
			);
		});
		afterAll(async () => {
			tally.leaked += elsewhere.requests.filter(
				(r) =>
					r.authorization?.includes(TOKEN) || r.url.includes(SECRET) || r.body.includes(SECRET),
			).length;
			await crmHost?.close();
			await elsewhere?.close();
		});

		async function testCredential(
			created: { id: string; name: string },
			type: string,
			data: Record<string, unknown>,
		): Promise<{ status: string; message?: string }> {
			if (!V1) return await stack.api.testCredential(created.id);
			const answer = await stack.session.request<{ data: { status: string; message?: string } }>(
				'POST',
				'/rest/credentials/test',
				{ credentials: { id: created.id, name: created.name, type, data } },
			);
			return answer.data;
		}

		test('credential tests of both CRMs fail with "redirect" and send nothing to the other host', async () => {
			const amoData = {
				zone: 'sandbox',
				subdomain: '',
				sandboxUrl: crmHost.url,
				accessToken: TOKEN,
				requestsPerSecond: 7,
			};
			const b24Data = { environment: 'sandbox', webhookUrl: `${crmHost.url}/rest/1/${SECRET}/` };
			const amo = await stack.api.createCredential('Redirecting amoCRM', 'amoCrmApi', amoData);
			const b24 = await stack.api.createCredential(
				'Redirecting Bitrix24',
				'bitrix24WebhookApi',
				b24Data,
			);
			expect(await testCredential(amo, 'amoCrmApi', amoData)).toMatchObject({
				status: 'Error',
				message: expect.stringContaining('amoCRM answered with a redirect (HTTP 302)'),
			});
			expect(await testCredential(b24, 'bitrix24WebhookApi', b24Data)).toMatchObject({
				status: 'Error',
				message: expect.stringContaining('Bitrix24 answered with a redirect (HTTP 302)'),
			});
			expect(crmHost.requests.length).toBeGreaterThanOrEqual(2);
			expect(elsewhere.requests).toEqual([]);
		});

		test.each(CRMS)(
			'%s node: the run fails naming the other host, which receives nothing',
			async (crm) => {
				const credential =
					crm === 'amocrm'
						? await stack.api.createCredential(`Redirecting amoCRM (node)`, 'amoCrmApi', {
								zone: 'sandbox',
								subdomain: '',
								sandboxUrl: crmHost.url,
								accessToken: TOKEN,
								requestsPerSecond: 7,
							})
						: await stack.api.createCredential(
								`Redirecting Bitrix24 (node)`,
								'bitrix24WebhookApi',
								{
									environment: 'sandbox',
									webhookUrl: `${crmHost.url}/rest/1/${SECRET}/`,
								},
							);
				const type = crm === 'amocrm' ? 'amoCrmApi' : 'bitrix24WebhookApi';
				const created = await stack.api.createWorkflow({
					name: `Hostile: ${crm} redirect`,
					settings: { executionOrder: 'v1' },
					nodes: [
						{
							id: 'r0',
							name: 'Run now',
							type: 'n8n-nodes-base.manualTrigger',
							typeVersion: 1,
							position: [0, 0],
							parameters: {},
						},
						{
							id: 'r1',
							name: 'CRM',
							type: `n8n-nodes-sales-funnel.${crm === 'amocrm' ? 'amoCrm' : 'bitrix24'}`,
							typeVersion: 1,
							position: [220, 0],
							parameters:
								crm === 'amocrm'
									? { resource: 'lead', operation: 'get', leadId: '1' }
									: { resource: 'lead', operation: 'get', id: '1' },
							credentials: { [type]: { id: credential.id, name: credential.name } },
						},
					],
					connections: { 'Run now': { main: [[{ node: 'CRM', type: 'main', index: 0 }]] } },
				} as never);
				const started = await stack.session.request<{ data: { executionId: string } }>(
					'POST',
					`/rest/workflows/${created.id}/run`,
					V1
						? { workflowData: created, triggerToStartFrom: { name: 'Run now' } }
						: { triggerToStartFrom: { name: 'Run now' } },
				);
				const execution = await until('the redirect run to end', async () => {
					const res = await fetch(
						`${stack.n8n.url}/api/v1/executions/${started.data.executionId}?includeData=true`,
						{ headers: { 'x-n8n-api-key': stack.apiKey } },
					);
					if (!res.ok) return undefined;
					const body = (await res.json()) as {
						status: string;
						data?: { resultData: { error?: { message?: string } } };
					};
					return ['success', 'error', 'crashed'].includes(body.status) ? body : undefined;
				});
				expect(execution.status).toBe('error');
				expect(execution.data?.resultData.error?.message).toContain(
					`redirect (HTTP 302) to ${elsewhere.host}`,
				);
				expect(JSON.stringify(execution)).not.toContain(TOKEN);
				expect(elsewhere.requests).toEqual([]);
			},
			STEP,
		);
	});
});
