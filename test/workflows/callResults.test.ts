import type { IDataObject } from 'n8n-workflow';

import { normalizePhone } from '../../nodes/shared/funnel/phone';
import { callWebhook, type FakeRequest } from '../harness/webhooks';
import mangoNoAnswer from '../fixtures/telephony/mango-summary-no-answer.form.json';
import { dealsWithFailedCalls, zadarmaCallEnd } from '../nodes/CallAttempts/helpers';
import { crmState, newSince, type CrmState, type StateDeal } from '../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import { preparedTemplate } from '../support/templates';

const HOOK = 'Telephony: call finished';
const FOREIGN = { amocrm: '+4915111100005', bitrix24: '+491705550104' };

let callSeq = 0;
const newCallId = () => `tpl${Date.now().toString(36)}${(callSeq++).toString(36)}`;

/** The webhook request a telephony sends: a form post, as n8n's webhook server parses it. */
function formPost(body: IDataObject): FakeRequest {
	return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, rawBody: Buffer.from(new URLSearchParams(body as Record<string, string>).toString()) };
}

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
		state = await crmState(world);
	});
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

	test('a call to a number no client has goes to «No deal for this call» with the reason, and nothing is written', async () => {
		await world.control('DELETE', 'requests');
		const result = await call(formPost(zadarmaCallEnd({ callId: newCallId(), phone: '+79990001234', disposition: 'no answer' }).body as IDataObject));
		expect(result.run?.status).toBe('success');
		expect(result.run!.items('No deal for this call (reason in the item)')).toEqual([expect.objectContaining({ error: expect.stringContaining('No contact with the phone +79990001234') })]);
		const { requests } = await world.control<{ requests: Array<{ method: string; path: string }> }>('GET', 'requests');
		expect(requests.filter((r) => r.method !== 'GET' && !/batch|\.list|\.get|findbycomm|fields/.test(r.path))).toEqual([]);
	});
});
