import type { IDataObject } from 'n8n-workflow';

import { normalizePhone } from '../../nodes/shared/funnel/phone';
import { callWebhook, type FakeRequest } from '../harness/webhooks';
import mangoNoAnswer from '../fixtures/telephony/mango-summary-no-answer.form.json';
import { dealsWithFailedCalls, zadarmaCallEnd } from '../nodes/CallAttempts/helpers';
import { crmState, newSince, type CrmState, type StateDeal } from '../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import {
	preparedTemplate,
	TELEPHONY_AUTHORIZATION,
	TELEPHONY_LOGIN_DATA,
} from '../support/templates';
import {
	CALL_SHAPES,
	callEndedBody,
	freshPhone,
	newClient,
	telephonyLogsCall,
	type CallShape,
	type EndedCall,
} from '../nodes/CallAttempts/telephonyShapes';

const HOOK = 'Telephony: call finished';
const FOREIGN = { amocrm: '+4915111100005', bitrix24: '+491705550104' };

let callSeq = 0;
const newCallId = () => `tpl${Date.now().toString(36)}${(callSeq++).toString(36)}`;

/** The webhook request a telephony sends (the login of its URL as Basic Auth): a form post, as n8n's webhook server parses it. */
function formPost(body: IDataObject): FakeRequest {
	return { headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: TELEPHONY_AUTHORIZATION }, body, rawBody: Buffer.from(new URLSearchParams(body as Record<string, string>).toString()) };
}

/** What the telephony posts when a call has ended: a form, or JSON (onlinePBX). */
function telephonyPost(shape: CallShape, call: EndedCall): FakeRequest {
	const body = callEndedBody(shape, call);
	return shape === 'onlinePbx'
		? { headers: { 'content-type': 'application/json', authorization: TELEPHONY_AUTHORIZATION }, body, rawBody: Buffer.from(JSON.stringify(body)) }
		: formPost(body);
}

/** Three calls without an answer, half an hour apart, the last a minute ago. */
function threeFailedCalls(phone: string): EndedCall[] {
	return [61, 31, 1].map((minutesAgo) => ({ callId: newCallId(), phone, answered: false, at: new Date(Date.now() - minutesAgo * 60_000) }));
}

const OUT = {
	retry: 'Retry: call-back task planned',
	exhausted: 'Exhausted: closed as lost',
	foreign: 'Foreign number: moved to the email / messenger stage',
	skipped: 'Skipped: not a finished call, or handled before',
};

/** The client's only phone, when the template will find exactly this deal by it. */
function phoneOf(state: CrmState, deal: StateDeal): string | null {
	if (deal.contactIds.length !== 1) return null;
	const contact = state.contacts.find((c) => c.id === deal.contactIds[0]);
	if (!contact || contact.phones.length !== 1) return null;
	const parsed = normalizePhone(contact.phones[0], { defaultCountry: 'RU' });
	if (!parsed.ok || !parsed.e164.startsWith('+79')) return null;
	const sameNumber = state.contacts.filter((c) => c.phones.some((p) => (normalizePhone(p, { defaultCountry: 'RU' }) as { e164?: string }).e164 === parsed.e164));
	const open = state.deals.filter((d) => d.semantics === 'open' && d.pipelineName === deal.pipelineName && sameNumber.some((c) => d.contactIds.includes(c.id)));
	return sameNumber.length === 1 && open.length === 1 ? parsed.e164 : null;
}

describe.each(CRMS)('template 3 «Call results → next call, close or Europe stage» on %s (emulator with its real limits)', (crm) => {
	let world: CrmWorld;
	let state: CrmState;
	beforeAll(async () => {
		world = await startCrmWorld(crm);
		world.harness.setCredentials('httpBasicAuth', TELEPHONY_LOGIN_DATA, 'telephony-login');
		state = await crmState(world);
	}, 120_000);
	afterAll(() => world.close());

	const call = (request: FakeRequest) => callWebhook(world.harness, preparedTemplate(world, '3-call-results'), HOOK, request);
	const clientWithFailedCalls = (failed: number) => {
		for (const deal of dealsWithFailedCalls(state, failed)) {
			const phone = phoneOf(state, deal);
			if (phone) return { deal, phone };
		}
		throw new Error(`No webinar client with ${failed} unanswered calls and one phone`);
	};

	test('a second unanswered call (Zadarma) plans a call-back task on the client\'s deal for the manager', async () => {
		const { deal, phone } = clientWithFailedCalls(1);
		const before = await crmState(world);
		const callId = newCallId();
		const result = await call(formPost(zadarmaCallEnd({ callId, phone, disposition: 'no answer' }).body as IDataObject));
		expect(result.response.status).toBe(200);
		expect(result.run!.items('Retry: call-back task planned')).toEqual([expect.objectContaining({ decision: 'retry', attempt: 2, dealId: deal.id })]);
		const changes = newSince(before, await crmState(world));
		expect(changes.tasks).toEqual([expect.objectContaining({ dealId: deal.id, responsibleUserId: deal.responsibleUserId, completed: false, text: expect.stringContaining('Перезвонить клиенту (попытка 3 из 3)') })]);
		expect((await crmState(world)).deals.find((d) => d.id === deal.id)!.stageName).toBe(deal.stageName);
	});

	test('the third unanswered call closes the deal as lost «Не дозвонились более 3 раз»', async () => {
		const { deal, phone } = clientWithFailedCalls(2);
		const result = await call(formPost(zadarmaCallEnd({ callId: newCallId(), phone, disposition: 'busy' }).body as IDataObject));
		expect(result.run!.items('Exhausted: closed as lost')).toHaveLength(1);
		const closed = (await crmState(world)).deals.find((d) => d.id === deal.id)!;
		expect(closed.semantics).toBe('lost');
		expect(closed.lossReason?.replace('3-х', '3')).toBe('Не дозвонились более 3 раз');
	});

	test('a number outside Russia moves the deal to «Недозвонились до клиента. Европа»', async () => {
		const result = await call(formPost(zadarmaCallEnd({ callId: newCallId(), phone: FOREIGN[crm], disposition: 'no answer' }).body as IDataObject));
		const [foreign] = result.run!.items('Foreign number: moved to the email / messenger stage');
		expect(foreign).toMatchObject({ decision: 'foreign', country: 'DE' });
		expect((await crmState(world)).deals.find((d) => d.id === foreign.dealId)!.stageName).toBe('Недозвонились до клиента. Европа');
	});

	test('Mango Office\'s summary (form with a JSON field) is recognised too, and its repeated delivery changes nothing', async () => {
		const { deal, phone } = clientWithFailedCalls(0);
		const json = JSON.parse(mangoNoAnswer.json) as IDataObject;
		const now = Math.floor(Date.now() / 1000);
		const body = { ...mangoNoAnswer, json: JSON.stringify({ ...json, entry_id: newCallId(), to: { number: phone.slice(1) }, create_time: now - 30, forward_time: now - 30, end_time: now - 10 }) };
		const before = await crmState(world);
		const first = await call(formPost(body));
		expect(first.run!.items('Retry: call-back task planned')).toEqual([expect.objectContaining({ dealId: deal.id, attempt: 1 })]);
		const again = await call(formPost(body));
		expect(again.run!.items('Skipped: not a finished call, or handled before')).toEqual([expect.objectContaining({ skipped: 'this call was already handled (a repeated delivery)' })]);
		expect(newSince(before, await crmState(world)).tasks.filter((t) => t.dealId === deal.id)).toHaveLength(1);
	});

	test('a request without the login, or with a wrong one, gets 401 and runs nothing', async () => {
		for (const authorization of [undefined, `Basic ${Buffer.from('telephony:guess').toString('base64')}`]) {
			const request = formPost(zadarmaCallEnd({ callId: newCallId(), phone: FOREIGN[crm], disposition: 'no answer' }).body as IDataObject);
			if (authorization) request.headers!.authorization = authorization;
			else delete request.headers!.authorization;
			const result = await call(request);
			expect({ status: result.response.status, started: result.workflowData !== undefined, ran: result.run !== undefined }).toEqual({ status: 401, started: false, ran: false });
		}
	});

	test("Mango Office's summary posted to the same address + /events/summary is counted like any call", async () => {
		const phone = freshPhone();
		const { dealId } = await newClient(world, state, { phone, pipelineName: crm === 'amocrm' ? /^Вебинар$/ : /^Вебинар «/ });
		const json = JSON.parse(mangoNoAnswer.json) as IDataObject;
		const now = Math.floor(Date.now() / 1000);
		const body = { ...mangoNoAnswer, json: JSON.stringify({ ...json, entry_id: newCallId(), to: { number: phone.slice(1) }, create_time: now - 30, forward_time: now - 30, end_time: now - 10 }) };
		const result = await callWebhook(world.harness, preparedTemplate(world, '3-call-results'), 'Mango Office: call finished', formPost(body));
		expect(result.run!.items('Retry: call-back task planned')).toEqual([expect.objectContaining({ dealId, attempt: 1 })]);
	});

	test('the same call delivered twice at the same moment (a telephony retrying at once) makes one task: the second delivery waits for the first and is Skipped', async () => {
		const phone = freshPhone();
		const { dealId } = await newClient(world, state, { phone, pipelineName: crm === 'amocrm' ? /^Вебинар$/ : /^Вебинар «/ });
		const [first] = threeFailedCalls(phone);
		const before = await crmState(world);
		const runs = await Promise.all([call(telephonyPost('zadarma', first)), call(telephonyPost('zadarma', first))]);
		const retried = runs.flatMap((r) => r.run!.items(OUT.retry));
		const skipped = runs.flatMap((r) => r.run!.items(OUT.skipped));
		expect(retried).toEqual([expect.objectContaining({ attempt: 1, dealId })]);
		expect(skipped).toEqual([expect.objectContaining({ skipped: 'this call was already handled (a repeated delivery)' })]);
		const changes = newSince(before, await crmState(world));
		expect(changes.tasks.filter((t) => t.dealId === dealId)).toHaveLength(1);
		expect((await crmState(world)).calls.filter((c) => c.dealId === dealId)).toHaveLength(1);
	}, 300_000);

	test('a call to a number no client has goes to «No deal for this call» with the reason, and nothing is written', async () => {
		await world.control('DELETE', 'requests');
		const result = await call(formPost(zadarmaCallEnd({ callId: newCallId(), phone: '+79990001234', disposition: 'no answer' }).body as IDataObject));
		expect(result.run?.status).toBe('success');
		expect(result.run!.items('No deal for this call (reason in the item)')).toEqual([expect.objectContaining({ error: expect.stringContaining('No contact with the phone +79990001234') })]);
		const { requests } = await world.control<{ requests: Array<{ method: string; path: string }> }>('GET', 'requests');
		expect(requests.filter((r) => r.method !== 'GET' && !/batch|\.list|\.get|findbycomm|fields/.test(r.path))).toEqual([]);
	});

	describe.each(CALL_SHAPES)('%s posts only its webhook (the telephony does not log to the CRM)', (shape) => {
		const webinar = crm === 'amocrm' ? /^Вебинар$/ : /^Вебинар «/;
		// Each test makes several executions against the emulator's real rate limits.
		const SLOW = 300_000;

		test('three failed calls: tasks for attempts 2 and 3, then closed lost «Не дозвонились более 3 раз»; a repeated delivery is Skipped', async () => {
			const phone = freshPhone();
			const { dealId } = await newClient(world, state, { phone, pipelineName: webinar });
			const calls = threeFailedCalls(phone);
			const first = await call(telephonyPost(shape, calls[0]));
			expect(first.run!.items(OUT.retry)).toEqual([expect.objectContaining({ attempt: 1, dealId, callRecord: expect.objectContaining({ action: 'written' }) })]);
			const again = await call(telephonyPost(shape, calls[0]));
			expect(again.run!.items(OUT.skipped)).toEqual([expect.objectContaining({ skipped: 'this call was already handled (a repeated delivery)' })]);
			const second = await call(telephonyPost(shape, calls[1]));
			expect(second.run!.items(OUT.retry)).toEqual([expect.objectContaining({ attempt: 2, dealId })]);
			const third = await call(telephonyPost(shape, calls[2]));
			expect(third.run!.items(OUT.exhausted)).toEqual([expect.objectContaining({ attempt: 3, dealId })]);
			const after = await crmState(world);
			const deal = after.deals.find((d) => d.id === dealId)!;
			expect(deal.semantics).toBe('lost');
			expect(deal.lossReason?.replace('3-х', '3')).toBe('Не дозвонились более 3 раз');
			expect(after.tasks.filter((t) => t.dealId === dealId).map((t) => t.text)).toEqual([expect.stringContaining('попытка 2 из 3'), expect.stringContaining('попытка 3 из 3')]);
			expect(after.calls.filter((c) => c.dealId === dealId)).toHaveLength(3);
		}, SLOW);

		test('a foreign number moves the deal to «Недозвонились до клиента. Европа»', async () => {
			const phone = freshPhone('DE');
			const { dealId } = await newClient(world, state, { phone, pipelineName: webinar });
			const result = await call(telephonyPost(shape, threeFailedCalls(phone)[2]));
			expect(result.run!.items(OUT.foreign)).toEqual([expect.objectContaining({ decision: 'foreign', country: 'DE', dealId })]);
			expect((await crmState(world)).deals.find((d) => d.id === dealId)!.stageName).toBe('Недозвонились до клиента. Европа');
		}, SLOW);

		test('with the telephony also logging its calls, nothing is counted twice', async () => {
			const phone = freshPhone();
			const { dealId } = await newClient(world, state, { phone, pipelineName: webinar });
			const calls = threeFailedCalls(phone);
			expect((await call(telephonyPost(shape, calls[0]))).run!.items(OUT.retry)).toEqual([expect.objectContaining({ attempt: 1 })]);
			await telephonyLogsCall(world, dealId, calls[0]);
			await telephonyLogsCall(world, dealId, calls[1]);
			expect((await call(telephonyPost(shape, calls[1]))).run!.items(OUT.retry)).toEqual([expect.objectContaining({ attempt: 2, callRecord: expect.objectContaining({ action: 'alreadyInCrm' }) })]);
			expect((await call(telephonyPost(shape, calls[2]))).run!.items(OUT.exhausted)).toEqual([expect.objectContaining({ attempt: 3 })]);
		}, SLOW);
	});
});
