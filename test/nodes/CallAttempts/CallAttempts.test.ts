import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { webhookBody, webhookEvents } from '../../../nodes/shared/crm/amocrm/webhookPayload';
import { crmState, type CrmState } from '../../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { outsideLimits } from '../../support/outsideLimits';
import {
	callAttemptsWorkflow,
	dealsWithFailedCalls,
	moscow,
	NODE,
	OUT,
	zadarmaCallEnd,
} from './helpers';

/** The named clients of each emulator's seed (README of each emulator). */
const CLIENTS = {
	amocrm: {
		europe: { phone: '+4915111100005', deal: '30000006' },
		kazakhstan: { phone: '+77011110004', deal: '30000005' },
		eightPrefix: { phone: '+79161110009', deal: '30000009' },
	},
	bitrix24: {
		europe: { phone: '+491705550104' },
		kazakhstan: { phone: '+77015550105' },
		eightPrefix: { phone: '+79035550102' },
	},
};

let callSeq = 0;
const newCallId = () => `t${Date.now().toString(36)}${(callSeq++).toString(36)}`;

describe.each(CRMS)('Call Attempts on %s (emulator with real rate limits)', (crmKind) => {
	let world: CrmWorld;
	let state: CrmState;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
		state = await crmState(world);
	}, 120_000);
	afterAll(() => world.close());

	const run = (items: IDataObject[], parameters: Record<string, unknown> = {}, id?: string) =>
		world.harness.run(
			callAttemptsWorkflow(
				world,
				{ dealLookup: 'id', dealId: '={{ $json.dealId }}', ...parameters },
				id,
			),
			{ trigger: { items } },
		);

	test("counts the deal's earlier calls from the CRM and plans the next call as a task at an allowed time", async () => {
		const deal = dealsWithFailedCalls(state, 1)[0];
		expect(deal).toBeDefined();
		const tasksBefore = (await crmState(world)).tasks.filter((t) => t.dealId === deal.id).length;
		const callId = newCallId();
		const result = await run([
			{
				...zadarmaCallEnd({ callId, phone: '+79161234567', disposition: 'no answer' }),
				dealId: deal.id,
			},
		]);
		expect(result.status).toBe('success');
		const [retry] = result.items(NODE, OUT.retry);
		expect(retry).toMatchObject({
			decision: 'retry',
			attempt: 2,
			nextAttempt: 3,
			maxAttempts: 3,
			earlierCalls: expect.any(Number),
			dealId: deal.id,
			crm: { action: 'taskCreated' },
		});

		// Inside 10:00–19:00 Moscow on a working day, two hours or more after the call (seed 003's mobile gap).
		const next = moscow(retry.nextAttemptAt as string);
		expect(next.weekday).toBeLessThanOrEqual(5);
		expect(next.hour * 60 + next.minute).toBeGreaterThanOrEqual(10 * 60);
		expect(next.hour * 60 + next.minute).toBeLessThan(19 * 60);
		const callStart = DateTime.fromISO((retry.call as IDataObject).startedAt as string);
		expect(next.toMillis() - callStart.toMillis()).toBeGreaterThanOrEqual(2 * 3_600_000 - 1000);

		const after = await crmState(world);
		const tasks = after.tasks.filter((t) => t.dealId === deal.id);
		expect(tasks).toHaveLength(tasksBefore + 1);
		const task = tasks.find((t) => t.text.includes(`[call zadarma:${callId}]`))!;
		expect(task).toMatchObject({
			completed: false,
			responsibleUserId: deal.responsibleUserId,
			dueMs: Math.floor(Date.parse(retry.nextAttemptAt as string) / 1000) * 1000,
		});
		expect(task.text).toContain('Перезвонить клиенту (попытка 3 из 3)');
		if (crmKind === 'amocrm') expect(task.type).toBe('2925001'); // the account's «Звонок» task type
	});

	test('a repeated delivery of the same call goes to Skipped and makes no second task', async () => {
		const deal = dealsWithFailedCalls(state, 0)[0];
		const callId = newCallId();
		const item = {
			...zadarmaCallEnd({ callId, phone: '+79161234568', disposition: 'busy' }),
			dealId: deal.id,
		};
		const first = await run([item]);
		expect(first.items(NODE, OUT.retry)).toHaveLength(1);
		const second = await run([item]);
		expect(second.items(NODE, OUT.retry)).toEqual([]);
		expect(second.items(NODE, OUT.skipped)).toEqual([
			expect.objectContaining({
				skipped: 'this call was already handled (a repeated delivery)',
				callKey: `zadarma:${callId}`,
			}),
		]);
		// Even when n8n's deduplication store has lost the call (another worker, a cleared store), the task's mark holds.
		const third = await run([item], { options: { handleRepeats: true } });
		expect(third.items(NODE, OUT.retry)[0]).toMatchObject({ crm: { action: 'alreadyPlanned' } });
		const tasks = (await crmState(world)).tasks.filter((t) =>
			t.text.includes(`[call zadarma:${callId}]`),
		);
		expect(tasks).toHaveLength(1);
	});

	test.each([
		['with a claim store: one task', 'process', 1],
		// The control: without a claim the two may both read the tasks before either writes (two tasks) — or, on a
		// busy machine, one may finish first (one task). Which of the two happens is timing, not the node.
		['without one: two tasks when both read the tasks before either writes', 'none', [1, 2]],
	])(
		"two deliveries of one call at the same moment that n8n's deduplication store does not keep apart (two workers) %s",
		async (_what, claimStore, tasksMade) => {
			const deal = dealsWithFailedCalls(state, 0)[claimStore === 'none' ? 2 : 1];
			const callId = newCallId();
			const item = {
				...zadarmaCallEnd({ callId, phone: '+79161234569', disposition: 'no answer' }),
				dealId: deal.id,
			};
			// "Handle Repeats" skips the store, as a store without locking does for two workers at once.
			const runs = await Promise.all(
				[0, 1].map(() =>
					run(
						[item],
						{ claimStore, claimOptions: {}, options: { handleRepeats: true } },
						`claims-${claimStore}-${crmKind}`,
					),
				),
			);
			expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
			const tasks = (await crmState(world)).tasks.filter((t) =>
				t.text.includes(`[call zadarma:${callId}]`),
			);
			expect([tasksMade].flat()).toContain(tasks.length);
		},
	);

	test('the same call twice in one run: Skipped by default; decided twice on request, still with one task', async () => {
		const deal = dealsWithFailedCalls(state, 0)[2];
		const twice = (callId: string) => {
			const item = {
				...zadarmaCallEnd({ callId, phone: '+79161234572', disposition: 'no answer' }),
				dealId: deal.id,
			};
			return [item, item];
		};
		const first = newCallId();
		const skipped = await run(twice(first));
		expect(skipped.items(NODE, OUT.retry)).toHaveLength(1);
		expect(skipped.items(NODE, OUT.skipped)).toEqual([
			expect.objectContaining({ skipped: 'the same call is twice in this run' }),
		]);
		const second = newCallId();
		const both = await run(twice(second), { options: { handleRepeats: true } });
		expect(both.items(NODE, OUT.retry).map((r) => (r.crm as IDataObject).action)).toEqual([
			'taskCreated',
			'alreadyPlanned',
		]);
		const tasks = (await crmState(world)).tasks.filter((t) =>
			t.text.includes(`[call zadarma:${second}]`),
		);
		expect(tasks).toHaveLength(1);
	});

	test('the third call without a conversation closes the deal as lost "Не дозвонились более 3 раз"', async () => {
		const deal = dealsWithFailedCalls(state, 2)[0];
		expect(deal).toBeDefined();
		const result = await run([
			{
				...zadarmaCallEnd({ callId: newCallId(), phone: '+79161234569', disposition: 'no answer' }),
				dealId: deal.id,
			},
		]);
		const [exhausted] = result.items(NODE, OUT.exhausted);
		expect(exhausted).toMatchObject({
			decision: 'exhausted',
			attempt: 3,
			crm: { action: 'closedLost' },
		});
		const closed = (await crmState(world)).deals.find((d) => d.id === deal.id)!;
		expect(closed.semantics).toBe('lost');
		expect(closed.lossReason?.replace('3-х', '3')).toBe('Не дозвонились более 3 раз');
	});

	test('a foreign number is not called: its deal moves to "Недозвонились до клиента. Европа", found by the phone', async () => {
		const { phone } = CLIENTS[crmKind].europe;
		const result = await run(
			[zadarmaCallEnd({ callId: newCallId(), phone, disposition: 'no answer' })],
			{ dealLookup: 'phone' },
		);
		expect(result.status).toBe('success');
		const [foreign] = result.items(NODE, OUT.foreign);
		expect(foreign).toMatchObject({
			decision: 'foreign',
			country: 'DE',
			phone,
			crm: { action: 'movedToStage', stage: 'Недозвонились до клиента. Европа' },
		});
		const moved = (await crmState(world)).deals.find(
			(d) => d.id === (foreign.deal as IDataObject).id,
		)!;
		expect(moved.stageName).toBe('Недозвонились до клиента. Европа');
	});

	test('Kazakhstan (+7 7xx) is foreign by default (seed 001) and called when only numbers outside +7 are foreign', async () => {
		const { phone } = CLIENTS[crmKind].kazakhstan;
		const asForeign = await run(
			[zadarmaCallEnd({ callId: newCallId(), phone, disposition: 'busy' })],
			{ dealLookup: 'phone', moveForeign: false },
		);
		expect(asForeign.items(NODE, OUT.foreign)[0]).toMatchObject({
			country: 'KZ',
			crm: { action: 'none', reason: 'moving foreign numbers is off' },
		});
		const called = await run(
			[zadarmaCallEnd({ callId: newCallId(), phone, disposition: 'busy' })],
			{ dealLookup: 'phone', foreignRule: 'notPlusSeven', createTask: false },
		);
		expect(called.items(NODE, OUT.retry)[0]).toMatchObject({
			decision: 'retry',
			crm: { action: 'none', reason: 'creating call-back tasks is off' },
		});
	});

	test('finds the deal of a number stored with a leading 8, and an answered call is Reached: the call is written to the history, nothing else changes', async () => {
		const { phone } = CLIENTS[crmKind].eightPrefix;
		await world.control('DELETE', 'requests');
		const result = await run(
			[zadarmaCallEnd({ callId: newCallId(), phone, disposition: 'answered' })],
			{ dealLookup: 'phone' },
		);
		const [reached] = result.items(NODE, OUT.reached);
		expect(reached).toMatchObject({
			decision: 'reached',
			phone,
			crm: { action: 'none', reason: 'the client was reached' },
			callRecord: { action: 'written' },
		});
		const requests = await world.control<{ requests: Array<{ method: string; path: string }> }>(
			'GET',
			'requests',
		);
		const writes = requests.requests.filter(
			(r) => r.method !== 'GET' && !/batch|\.list|\.get|findbycomm|fields/.test(r.path),
		);
		// The one write is the call's record (Bitrix24 sends it inside a batch).
		expect(writes).toEqual(
			crmKind === 'amocrm' ? [expect.objectContaining({ path: '/api/v4/leads/notes' })] : [],
		);
	});

	test('a batch with an unknown client changes nothing; with "continue" the others are handled and it goes to the error output', async () => {
		const deal = dealsWithFailedCalls(state, 0, ['30000010'])[1];
		const tasksOf = async () =>
			(await crmState(world)).tasks.filter((t) => t.dealId === deal.id).length;
		const before = await tasksOf();
		const items = [
			{
				...zadarmaCallEnd({ callId: newCallId(), phone: '+79161234570', disposition: 'busy' }),
				dealId: deal.id,
			},
			{
				...zadarmaCallEnd({ callId: newCallId(), phone: '+79161234571', disposition: 'busy' }),
				dealId: '99999999',
			},
		];
		const stopped = await run(items);
		expect(stopped.status).toBe('error');
		expect(stopped.nodeError(NODE)?.message).toBe('No deal with ID "99999999" in the CRM');
		expect(await tasksOf()).toBe(before);

		const workflow = callAttemptsWorkflow(world, {
			dealLookup: 'id',
			dealId: '={{ $json.dealId }}',
		});
		workflow.nodes.find((n) => n.name === NODE)!.onError = 'continueErrorOutput';
		workflow.connections[NODE].main.push([{ node: 'Skipped', type: 'main', index: 0 }]);
		const continued = await world.harness.run(workflow, { trigger: { items } });
		expect(continued.items(NODE, OUT.retry)).toEqual([
			expect.objectContaining({
				dealId: deal.id,
				crm: expect.objectContaining({ action: 'taskCreated' }),
			}),
		]);
		expect(continued.items(NODE, 5)).toEqual([
			expect.objectContaining({
				error: 'No deal with ID "99999999" in the CRM',
				dealId: '99999999',
			}),
		]);
		expect(await tasksOf()).toBe(before + 1);
	});

	test('40 calls in one run: deals, histories, tasks and closes in a handful of requests', async () => {
		const fresh = await crmState(world);
		// Not a deal an earlier test has just called: a call within two minutes of it would be taken for the same call.
		const calledJustNow = new Set(
			fresh.calls.filter((c) => Date.now() - c.atMs < 10 * 60_000).map((c) => c.dealId),
		);
		const deals = fresh.deals
			.filter(
				(d) =>
					d.semantics === 'open' &&
					!d.incoming &&
					!/Европа/.test(d.stageName) &&
					!calledJustNow.has(d.id),
			)
			.slice(0, 40);
		expect(deals).toHaveLength(40);
		const items = deals.map((d, i) => ({
			...zadarmaCallEnd({
				callId: newCallId(),
				phone: `+7916700${String(1000 + i)}`,
				disposition: 'no answer',
			}),
			dealId: d.id,
		}));
		await world.control('DELETE', 'requests');
		const started = Date.now();
		const result = await run(items);
		const seconds = (Date.now() - started) / 1000;
		const requests = await world.requestCount();
		const routed = result.outputs(NODE).map((o) => o.length);
		expect(routed.reduce((a, b) => a + b, 0)).toBe(40);
		expect(routed[OUT.retry] + routed[OUT.exhausted]).toBe(40);
		// amoCRM: pipelines, leads, notes, loss reasons, open tasks, the account's task types, one POST of the calls'
		// notes, one POST of tasks, one PATCH of closes.
		// Bitrix24: the same reads and writes as batches of up to 50 commands, plus the deal fields read once.
		expect(requests).toBeLessThanOrEqual(crmKind === 'amocrm' ? 9 : 13);
		console.info(
			`Call Attempts, 40 calls on ${crmKind}: ${requests} requests, ${seconds.toFixed(2)} s, routed ${JSON.stringify(routed)}`,
		);
	});

	test("a call logged in the CRM itself, as the CRM's trigger gives it: its own deal, counted once", async () => {
		// Earlier tests wrote their calls into the CRM: the deal and its history as they are now.
		const now = await crmState(world);
		// A call within two minutes of another in the same direction is the same call: a deal not called just now.
		const deal = dealsWithFailedCalls(now, 1).filter(
			(d) => !now.calls.some((c) => c.dealId === d.id && Date.now() - c.atMs < 10 * 60_000),
		)[1];
		const before = now.calls.filter((c) => c.dealId === deal.id).length;
		const item =
			crmKind === 'amocrm'
				? await amoCallNoteEvent(world, deal.id)
				: await bitrixCallActivityEvent(world, deal.id);
		const result = await run([item], { dealLookup: 'phone' });
		expect(result.status).toBe('success');
		const [retry] = result.items(NODE, OUT.retry);
		// The note/activity is already in the deal's history: the same call, not a second one.
		expect(retry).toMatchObject({
			decision: 'retry',
			attempt: 2,
			dealId: deal.id,
			earlierCalls: before + 1,
			crm: { action: 'taskCreated' },
			call: expect.objectContaining({ source: crmKind, outcome: 'busy' }),
		});
		if (crmKind === 'bitrix24') {
			// Bitrix24 then reports the call-back to-do we created as a new activity too: it is not a call.
			const todo = await bitrixApi(world, 'crm.activity.get', {
				id: (retry.crm as IDataObject).taskId,
			});
			const echo = await run(
				[
					{
						event: 'ONCRMACTIVITYADD',
						entity: 'activity',
						action: 'add',
						id: todo.ID,
						fields: { ID: todo.ID },
						record: todo,
					},
				],
				{ dealLookup: 'phone' },
			);
			expect(echo.items(NODE, OUT.skipped)).toEqual([
				expect.objectContaining({ skipped: expect.stringContaining('is not a call') }),
			]);
		}
	});
});

/** What the amoCRM Trigger emits for a call note: the emulator's real webhook delivery, read by the trigger's parser. */
async function amoCallNoteEvent(world: CrmWorld, dealId: string): Promise<IDataObject> {
	return outsideLimits(world, () => amoCallNoteDelivery(world, dealId));
}

async function amoCallNoteDelivery(world: CrmWorld, dealId: string): Promise<IDataObject> {
	const api = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${world.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${world.api.token!}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
		return text ? (JSON.parse(text) as IDataObject) : {};
	};
	const destination = 'http://127.0.0.1:9/amo-note-hook';
	// Nobody listens there: the emulator records what it sent; no retries to wait for.
	await world.control('POST', 'webhooks', { retryDelaysMs: [] });
	await api('POST', '/api/v4/webhooks', { destination, settings: ['note_lead'] });
	try {
		await api('POST', '/api/v4/leads/notes', [
			{
				entity_id: Number(dealId),
				note_type: 'call_out',
				params: {
					uniq: `note-${newCallId()}`,
					duration: 0,
					source: 'Тест',
					phone: '+79161234573',
					call_status: 7,
					call_result: 'Занято',
				},
			},
		]);
		const { deliveries } = await world.control<{
			deliveries: Array<{ destination: string; body: string }>;
		}>('GET', 'webhooks');
		const delivery = deliveries.find((d) => d.destination === destination)!;
		const [event] = webhookEvents(webhookBody(delivery.body, undefined));
		return {
			event: event.event,
			entity: event.entity,
			action: event.action,
			eventKey: event.eventKey,
			account: event.account,
			...event.data,
		} as IDataObject;
	} finally {
		await api('DELETE', '/api/v4/webhooks', { destination });
	}
}

/** The test's own call, outside the portal's limits (the node's requests are what they are for). */
async function bitrixApi(world: CrmWorld, method: string, params: unknown): Promise<IDataObject> {
	return outsideLimits(world, async () => {
		const res = await fetch(`${world.api.webhook!}${method}.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(params),
		});
		const body = (await res.json()) as { result?: IDataObject; error?: string };
		if (!res.ok || body.error)
			throw new Error(`${method} → ${res.status}: ${JSON.stringify(body)}`);
		return body.result as IDataObject;
	});
}

/** What the Bitrix24 Trigger emits for ONCRMACTIVITYADD with "fetch the record": the event and crm.activity.get. */
async function bitrixCallActivityEvent(world: CrmWorld, dealId: string): Promise<IDataObject> {
	const at = new Date(Date.now() - 60_000).toISOString();
	const id = await bitrixApi(world, 'crm.activity.add', {
		fields: {
			OWNER_TYPE_ID: 2,
			OWNER_ID: Number(dealId),
			TYPE_ID: 2,
			SUBJECT: 'Исходящий звонок',
			RESPONSIBLE_ID: 2,
			COMPLETED: 'Y',
			DIRECTION: 2,
			START_TIME: at,
			END_TIME: at,
			SETTINGS: { STATUS_CODE: '486' },
			COMMUNICATIONS: [{ VALUE: '+79161234573', ENTITY_ID: 0, ENTITY_TYPE_ID: 3 }],
		},
	});
	const record = await bitrixApi(world, 'crm.activity.get', { id });
	return {
		event: 'ONCRMACTIVITYADD',
		entity: 'activity',
		action: 'add',
		id: String(id),
		fields: { ID: String(id) },
		record,
	};
}
