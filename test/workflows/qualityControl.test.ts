/**
 * Template 5 on both emulators: a manager closes a deal as lost through the CRM's API; the CRM delivers the event
 * (amoCRM's webhook, Bitrix24's outgoing webhook) to a stand-in for n8n's webhook server, which runs the template;
 * the deal comes back in «Контроль качества» with another manager, the tag «КК» and a call task — once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'node:querystring';

import { callJson } from '../emulators/bitrix24/testClient';
import type { WorkflowJson } from '../harness/runWorkflow';
import { callWebhook, runWebhookLifecycle, type WebhookCall } from '../harness/webhooks';
import { crmState, newSince, type CrmState, type StateDeal } from '../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import { outsideLimits } from '../support/outsideLimits';
import { preparedTemplate } from '../support/templates';

const QC_STAGE = 'Контроль качества';
const TOKEN = 'qc0template0tests0token0a1b2c3d4';
const TRIGGER = { amocrm: 'amoCRM: deal stage changed', bitrix24: 'Bitrix24: deal changed' };
const PIPELINE = { amocrm: 'Воронка агентства', bitrix24: 'Общая' };

/** Stands in for n8n's webhook server: answers the CRM at once, then runs the workflow like n8n's "On Received". */
async function webhookServer(world: CrmWorld, workflow: WorkflowJson) {
	const runs: Array<Promise<WebhookCall>> = [];
	const server = http.createServer((req, res) => {
		let text = '';
		req.on('data', (c: Buffer) => (text += c.toString('utf8')));
		req.on('end', () => {
			res.writeHead(200).end('{}');
			const url = new URL(req.url ?? '/', 'http://n8n');
			runs.push(
				callWebhook(world.harness, workflow, TRIGGER[world.crm], {
					headers: { 'content-type': String(req.headers['content-type']) },
					query: Object.fromEntries(url.searchParams.entries()),
					body: parse(text),
					rawBody: Buffer.from(text),
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
	return {
		url,
		/** Delivers what the CRM has queued, runs it, and again for the changes those runs made, until all is quiet. */
		async settle(): Promise<WebhookCall[]> {
			const done: WebhookCall[] = [];
			for (let round = 0; round < 5; round++) {
				await world.control(world.crm === 'amocrm' ? 'GET' : 'POST', world.crm === 'amocrm' ? 'webhooks' : 'events/flush');
				if (runs.length === 0) break;
				done.push(...(await Promise.all(runs.splice(0))));
			}
			return done;
		},
		close: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

/** A manager's move in the CRM, made through its API. */
async function moveDeal(world: CrmWorld, state: CrmState, deal: StateDeal, to: 'lost' | string) {
	const pipeline = state.pipelines.find((p) => p.id === deal.pipelineId)!;
	const stage = to === 'lost' ? pipeline.stages.find((s) => s.semantics === 'lost')! : pipeline.stages.find((s) => s.name === to)!;
	if (world.crm === 'amocrm') {
		const patch = () =>
			fetch(`${world.url}/api/v4/leads`, {
				method: 'PATCH',
				headers: { authorization: `Bearer ${world.api.token}`, 'content-type': 'application/json' },
				body: JSON.stringify([{ id: Number(deal.id), pipeline_id: Number(deal.pipelineId), status_id: Number(stage.id) }]),
			});
		// The workflow's runs so far took amoCRM's 7 a second: a manager's move is outside what they may use.
		const res = await outsideLimits(world, patch);
		expect(res.status).toBe(200);
	} else {
		const answer = await callJson(world.api.webhook!, 'crm.deal.update', { id: deal.id, fields: { STAGE_ID: stage.id } });
		expect(answer.body.result).toBe(true);
	}
}

describe.each(CRMS)('template 5 «Quality control before a deal is lost» on %s (emulator with its real limits)', (crm) => {
	let world: CrmWorld;
	let server: Awaited<ReturnType<typeof webhookServer>>;
	let state: CrmState;
	let workflow: WorkflowJson;
	let managers: string[];
	/** Where amoCRM delivers the suite's stage changes (its webhook subscription). */
	let amoDestination = '';
	beforeAll(async () => {
		world = await startCrmWorld(crm);
		const users = (await crmState(world)).users;
		// The sales managers check each other; the administrator (the first user) is left out, as a user would.
		managers = users.slice(1).filter((u) => u.id !== '6').map((u) => u.id);
		workflow = preparedTemplate(world, '5-quality-control', { 'Quality-control managers': managers.join(', ') });
		server = await webhookServer(world, workflow);
		if (crm === 'amocrm') {
			// Publishing subscribes the trigger (n8n's URL, where nothing listens here: no retries to it); amoCRM then
			// delivers to our stand-in with the secret the trigger keeps.
			await world.control('POST', 'webhooks', { timeoutMs: 20_000, retryDelaysMs: [] });
			await runWebhookLifecycle(world.harness, workflow, TRIGGER.amocrm, 'activate');
			const secret = String((world.harness.getStaticData(workflow.id!)![`node:${TRIGGER.amocrm}`] as { secret: string }).secret);
			await fetch(`${world.url}/api/v4/webhooks`, {
				method: 'POST',
				headers: { authorization: `Bearer ${world.api.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ destination: (amoDestination = `${server.url}?n8n_secret=${secret}`), settings: ['status_lead'] }),
			});
		} else {
			// The portal has no «Контроль качества» yet: the admin adds it, as the Setup note asks; then the outgoing webhook.
			await callJson(world.api.webhook!, 'crm.status.add', { fields: { ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'UC_QC', NAME: QC_STAGE, SORT: 5 } });
			world.harness.setCredentials('bitrix24OutgoingWebhookApi', { applicationToken: TOKEN }, 'b24-outgoing');
			await world.control('POST', 'outgoing-webhooks', { handler: server.url, events: ['ONCRMDEALUPDATE'], applicationToken: TOKEN });
		}
		state = await crmState(world);
	});
	afterAll(async () => {
		await server.close();
		await world.close();
	});

	const openDeal = (skip: string[] = []) =>
		state.deals.find((d) => d.pipelineName === PIPELINE[crm] && d.semantics === 'open' && d.stageName !== QC_STAGE && !d.tags.includes('КК') && !skip.includes(d.id))!;

	test('a deal closed as lost comes back in «Контроль качества» with another manager, the tag «КК» and a call task for them', async () => {
		const deal = openDeal();
		expect(deal).toBeDefined();
		await moveDeal(world, state, deal, 'lost');
		const runs = await server.settle();
		expect(runs.some((r) => r.run?.items('Task: ask the client if all was clear').length === 1)).toBe(true);
		const after = await crmState(world);
		const back = after.deals.find((d) => d.id === deal.id)!;
		expect(back).toMatchObject({ semantics: 'open', stageName: QC_STAGE, pipelineId: deal.pipelineId });
		expect(back.responsibleUserId).not.toBe(deal.responsibleUserId);
		expect(managers).toContain(back.responsibleUserId);
		expect(back.tags).toContain('КК');
		const [task] = newSince(state, after).tasks.filter((t) => t.dealId === deal.id);
		expect(task).toMatchObject({ responsibleUserId: back.responsibleUserId, completed: false, text: expect.stringContaining('Контроль качества') });
		expect(Math.round((task.dueMs - task.createdMs) / 60_000)).toBeGreaterThanOrEqual(119);
		expect(Math.round((task.dueMs - task.createdMs) / 60_000)).toBeLessThanOrEqual(121);
		state = after;
	});

	test('when the quality-control manager closes it as lost, it stays closed: each deal is checked once', async () => {
		const deal = state.deals.find((d) => d.stageName === QC_STAGE && d.tags.includes('КК'))!;
		await moveDeal(world, state, deal, 'lost');
		const runs = await server.settle();
		expect(runs.map((r) => r.run?.items('Only deals not yet checked'))).toContainEqual([]);
		const after = await crmState(world);
		expect(after.deals.find((d) => d.id === deal.id)).toMatchObject({ semantics: 'lost', responsibleUserId: deal.responsibleUserId });
		expect(newSince(state, after).tasks).toEqual([]);
		state = after;
	});

	test('other stage changes pass by without writing anything', async () => {
		const deal = openDeal();
		const next = state.pipelines.find((p) => p.id === deal.pipelineId)!.stages.find((s) => s.semantics === 'open' && s.name !== deal.stageName && s.name !== QC_STAGE && !s.incoming)!;
		await moveDeal(world, state, deal, next.name);
		const runs = await server.settle();
		expect(runs.length).toBeGreaterThan(0);
		for (const run of runs) expect(run.run?.items('Any other change: nothing to do')).toHaveLength(1);
		const after = await crmState(world);
		expect(after.deals.find((d) => d.id === deal.id)).toMatchObject({ stageName: next.name, responsibleUserId: deal.responsibleUserId });
		expect(newSince(state, after).tasks).toEqual([]);
	});

	test('two deals closed as lost at the same moment (one delivery of two events on amoCRM, two at once on Bitrix24): each gets quality control once', async () => {
		const first = openDeal();
		const second = openDeal([first.id]);
		if (crm === 'amocrm') {
			// One bulk edit: amoCRM reports both closes in one webhook delivery.
			const lost = (deal: StateDeal) => state.pipelines.find((p) => p.id === deal.pipelineId)!.stages.find((s) => s.semantics === 'lost')!;
			const res = await fetch(`${world.url}/api/v4/leads`, {
				method: 'PATCH',
				headers: { authorization: `Bearer ${world.api.token}`, 'content-type': 'application/json' },
				body: JSON.stringify([first, second].map((d) => ({ id: Number(d.id), pipeline_id: Number(d.pipelineId), status_id: Number(lost(d).id) }))),
			});
			expect(res.status).toBe(200);
		} else {
			await moveDeal(world, state, first, 'lost');
			await moveDeal(world, state, second, 'lost');
		}
		const runs = await server.settle();
		const closes = (r: (typeof runs)[number]) => (r.run?.items('Read the deal from the event') ?? []).filter((e) => e.closedLost === true).length;
		if (crm === 'amocrm') expect(runs.map(closes).filter((n) => n > 0)).toEqual([2]);
		const tasks = runs.flatMap((r) => r.run?.items('Task: ask the client if all was clear') ?? []);
		expect(tasks).toHaveLength(2);
		const after = await crmState(world);
		for (const deal of [first, second]) {
			const back = after.deals.find((d) => d.id === deal.id)!;
			expect(back).toMatchObject({ semantics: 'open', stageName: QC_STAGE });
			expect(back.responsibleUserId).not.toBe(deal.responsibleUserId);
			expect(back.tags).toContain('КК');
			expect(newSince(state, after).tasks.filter((t) => t.dealId === deal.id)).toHaveLength(1);
		}
		state = after;
	});

	test('one delivery reporting the same close twice (amoCRM events of one deal in one request): one quality control, one task', async () => {
		if (crm === 'bitrix24') return; // Bitrix24's outgoing webhook posts one event a request.
		const deal = openDeal();
		// The close is made while the suite's subscription is off, so that the only report of it is the delivery below.
		const subscription = (method: 'POST' | 'DELETE') =>
			fetch(`${world.url}/api/v4/webhooks`, {
				method,
				headers: { authorization: `Bearer ${world.api.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ destination: amoDestination, ...(method === 'POST' ? { settings: ['status_lead'] } : {}) }),
			});
		await subscription('DELETE');
		await moveDeal(world, state, deal, 'lost');
		await subscription('POST');
		const lost = (await crmState(world)).deals.find((d) => d.id === deal.id)!;
		// The same close twice in one delivery, as amoCRM batches events that happen close together.
		const row = (k: number) =>
			Object.entries({ id: lost.id, status_id: lost.stageId, old_status_id: deal.stageId, pipeline_id: lost.pipelineId, responsible_user_id: lost.responsibleUserId })
				.map(([field, value]) => `leads[status][${k}][${field}]=${encodeURIComponent(value)}`)
				.join('&');
		const delivered = await fetch(amoDestination, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `${row(0)}&${row(1)}&account[id]=31234567&account[subdomain]=salesfunnel`,
		});
		expect(delivered.status).toBe(200);
		const runs = await server.settle();
		expect(runs.flatMap((r) => r.run?.items('Read the deal from the event') ?? []).filter((e) => e.dealId === deal.id && e.closedLost === true)).toHaveLength(2);
		expect(runs.flatMap((r) => r.run?.items('Task: ask the client if all was clear') ?? [])).toHaveLength(1);
		const after = await crmState(world);
		expect(newSince(state, after).tasks.filter((t) => t.dealId === deal.id)).toHaveLength(1);
		expect(after.deals.find((d) => d.id === deal.id)).toMatchObject({ semantics: 'open', stageName: QC_STAGE });
		state = after;
	});

	test('a deal lost in a pipeline without «Контроль качества» stays lost, and the run says why', async () => {
		const withoutStage = state.pipelines.filter((p) => !p.stages.some((s) => s.name === QC_STAGE)).map((p) => p.id);
		const deal = state.deals.find((d) => withoutStage.includes(d.pipelineId) && d.semantics === 'open' && !d.incoming)!;
		expect(deal).toBeDefined();
		await moveDeal(world, state, deal, 'lost');
		const runs = await server.settle();
		const [stopped] = runs.flatMap((r) => r.run?.items('No such stage in this pipeline: stays lost') ?? []);
		const pipeline = state.pipelines.find((p) => p.id === deal.pipelineId)!.name;
		// The error item keeps the deal it was about (n8n merges the input item into it) and says what to do.
		expect(stopped).toMatchObject({
			dealId: deal.id,
			error: expect.stringContaining(`no stage "${QC_STAGE}" in pipeline "${pipeline}"`),
			details: expect.any(String),
		});
		const after = await crmState(world);
		expect(after.deals.find((d) => d.id === deal.id)).toMatchObject({ semantics: 'lost', responsibleUserId: deal.responsibleUserId });
		expect(newSince(state, after).tasks).toEqual([]);
		state = after;
	});

	test('with Quality-control managers left empty, the deal goes to someone who sells: never the administrator, the integration user, a free or extranet user', async () => {
		const deal = openDeal();
		// This run is the template's alone: the suite's published copy (its managers named) must not hear of the close.
		if (crm === 'bitrix24') await world.control('DELETE', 'outgoing-webhooks');
		else
			await fetch(`${world.url}/api/v4/webhooks`, {
				method: 'DELETE',
				headers: { authorization: `Bearer ${world.api.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ destination: amoDestination }),
			});
		await moveDeal(world, state, deal, 'lost');
		const lost = (await crmState(world)).deals.find((d) => d.id === deal.id)!;
		// What the trigger hands the workflow for this close (the amoCRM webhook's lead; the Bitrix24 event with the record).
		const event =
			crm === 'amocrm'
				? { id: Number(lost.id), pipeline_id: Number(lost.pipelineId), status_id: Number(lost.stageId), responsible_user_id: Number(lost.responsibleUserId) }
				: { id: lost.id, record: { ID: lost.id, CATEGORY_ID: lost.pipelineId, STAGE_ID: lost.stageId, STAGE_SEMANTIC_ID: 'F', ASSIGNED_BY_ID: lost.responsibleUserId } };
		const empty = { ...preparedTemplate(world, '5-quality-control', { 'Quality-control managers': '' }), id: `qc-empty-${crm}` };
		const run = await world.harness.run(empty, { trigger: { node: TRIGGER[crm], outputs: [[{ json: event }]] } });
		expect(run.status).toBe('success');
		const back = (await crmState(world)).deals.find((d) => d.id === deal.id)!;
		expect(back.stageName).toBe(QC_STAGE);
		expect(back.responsibleUserId).not.toBe(lost.responsibleUserId);
		// The sales managers only: the seeds' admin (amoCRM 1000001, Bitrix24 1), leaver, free seat and extranet partner never.
		const sellers = crm === 'amocrm' ? ['1000002', '1000003', '1000004', '1000005', '1000006'] : ['2', '3', '4', '5'];
		expect(sellers).toContain(back.responsibleUserId);
		state = await crmState(world);
	});
});
