/**
 * The common wiring: the telephony posts its "call ended" webhook to n8n and does not log the call into the CRM
 * (or logs it minutes later). Call Attempts writes each call into the deal's history itself, so the count holds
 * from one execution to the next — and never counts or writes a call twice when the telephony logs it too.
 */
import type { IDataObject } from 'n8n-workflow';

import { crmState, type CrmState } from '../../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { callAttemptsWorkflow, NODE, OUT } from './helpers';
import {
	CALL_SHAPES,
	callEndedItem,
	freshCallId,
	freshPhone,
	newClient,
	telephonyLogsCall,
	type EndedCall,
} from './telephonyShapes';

const MINUTE = 60_000;

// Each test runs several executions against emulators with the real rate limits.
jest.setTimeout(300_000);

/** Three calls without an answer, half an hour apart, the last a minute ago. */
function threeFailedCalls(phone: string): EndedCall[] {
	return [61, 31, 1].map((minutesAgo) => ({
		callId: freshCallId(),
		phone,
		answered: false,
		at: new Date(Date.now() - minutesAgo * MINUTE),
	}));
}

describe.each(CRMS)('Call Attempts on %s when the telephony only posts its webhook', (crmKind) => {
	let world: CrmWorld;
	let state: CrmState;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
		state = await crmState(world);
	});
	afterAll(() => world.close());

	const run = (item: IDataObject, parameters: Record<string, unknown> = {}) =>
		world.harness.run(callAttemptsWorkflow(world, { dealLookup: 'phone', ...parameters }), {
			trigger: { items: [item] },
		});
	const callsOf = async (dealId: string) =>
		(await crmState(world)).calls.filter((c) => c.dealId === dealId);

	describe.each(CALL_SHAPES)('%s', (shape) => {
		test('three failed calls: tasks for attempts 2 and 3, then closed lost; a repeated delivery is Skipped; each call written once', async () => {
			const phone = freshPhone();
			const { dealId, responsibleUserId } = await newClient(world, state, {
				phone,
				pipelineName: /^Вебинар/,
			});
			const calls = threeFailedCalls(phone);

			const first = await run(callEndedItem(shape, calls[0]));
			expect(first.status).toBe('success');
			expect(first.items(NODE, OUT.retry)).toEqual([
				expect.objectContaining({
					attempt: 1,
					nextAttempt: 2,
					dealId,
					earlierCalls: 0,
					callRecord: { action: 'written', id: expect.any(String) },
					crm: expect.objectContaining({
						action: 'taskCreated',
						text: expect.stringContaining('Перезвонить клиенту (попытка 2 из 3)'),
					}),
				}),
			]);
			expect(await callsOf(dealId)).toEqual([
				expect.objectContaining({ direction: 'outbound', answered: false }),
			]);

			const again = await run(callEndedItem(shape, calls[0]));
			expect(again.items(NODE, OUT.skipped)).toEqual([
				expect.objectContaining({ skipped: 'this call was already handled (a repeated delivery)' }),
			]);
			// n8n's deduplication store lost it (another worker, a cleared store): the CRM's history still knows the call.
			const lost = await run(callEndedItem(shape, calls[0]), { options: { handleRepeats: true } });
			expect(lost.items(NODE, OUT.retry)).toEqual([
				expect.objectContaining({
					attempt: 1,
					earlierCalls: 1,
					callRecord: expect.objectContaining({ action: 'alreadyInCrm' }),
					crm: expect.objectContaining({ action: 'alreadyPlanned' }),
				}),
			]);

			const second = await run(callEndedItem(shape, calls[1]));
			expect(second.items(NODE, OUT.retry)).toEqual([
				expect.objectContaining({
					attempt: 2,
					earlierCalls: 1,
					callRecord: expect.objectContaining({ action: 'written' }),
					crm: expect.objectContaining({
						text: expect.stringContaining('Перезвонить клиенту (попытка 3 из 3)'),
					}),
				}),
			]);

			const third = await run(callEndedItem(shape, calls[2]));
			expect(third.items(NODE, OUT.exhausted)).toEqual([
				expect.objectContaining({
					attempt: 3,
					earlierCalls: 2,
					callRecord: expect.objectContaining({ action: 'written' }),
					crm: expect.objectContaining({ action: 'closedLost' }),
				}),
			]);

			const after = await crmState(world);
			const deal = after.deals.find((d) => d.id === dealId)!;
			expect(deal.semantics).toBe('lost');
			expect(deal.lossReason?.replace('3-х', '3')).toBe('Не дозвонились более 3 раз');
			expect(after.calls.filter((c) => c.dealId === dealId)).toHaveLength(3);
			const tasks = after.tasks.filter((t) => t.dealId === dealId);
			expect(tasks.map((t) => t.text)).toEqual([
				expect.stringContaining('попытка 2 из 3'),
				expect.stringContaining('попытка 3 из 3'),
			]);
			expect(tasks.every((t) => t.responsibleUserId === responsibleUserId)).toBe(true);
		});

		test('a foreign number: the deal moves to «Недозвонились до клиента. Европа», the call is written', async () => {
			const phone = freshPhone('DE');
			const { dealId } = await newClient(world, state, { phone, pipelineName: /^Вебинар/ });
			const [call] = threeFailedCalls(phone);
			const result = await run(callEndedItem(shape, call));
			expect(result.items(NODE, OUT.foreign)).toEqual([
				expect.objectContaining({
					decision: 'foreign',
					country: 'DE',
					dealId,
					callRecord: expect.objectContaining({ action: 'written' }),
					crm: {
						action: 'movedToStage',
						stage: 'Недозвонились до клиента. Европа',
						pipeline: expect.any(String),
					},
				}),
			]);
			const after = await crmState(world);
			expect(after.deals.find((d) => d.id === dealId)!.stageName).toBe(
				'Недозвонились до клиента. Европа',
			);
			expect(after.calls.filter((c) => c.dealId === dealId)).toHaveLength(1);
		});

		test('with the telephony also logging each call (before or after its webhook), nothing is counted or written twice', async () => {
			const phone = freshPhone();
			const { dealId } = await newClient(world, state, { phone, pipelineName: /^Вебинар/ });
			const calls = threeFailedCalls(phone);

			// Call 1: the webhook comes first and the node writes the call; the telephony's own record follows later.
			const first = await run(callEndedItem(shape, calls[0]));
			expect(first.items(NODE, OUT.retry)).toEqual([
				expect.objectContaining({
					attempt: 1,
					callRecord: expect.objectContaining({ action: 'written' }),
				}),
			]);
			await telephonyLogsCall(world, dealId, calls[0]);

			// Call 2: the telephony logged it before its webhook. Counted twice, call 1 would make this the third.
			await telephonyLogsCall(world, dealId, calls[1]);
			const second = await run(callEndedItem(shape, calls[1]));
			expect(second.items(NODE, OUT.retry)).toEqual([
				expect.objectContaining({
					attempt: 2,
					callRecord: expect.objectContaining({ action: 'alreadyInCrm' }),
				}),
			]);

			const third = await run(callEndedItem(shape, calls[2]));
			expect(third.items(NODE, OUT.exhausted)).toEqual([
				expect.objectContaining({
					attempt: 3,
					crm: expect.objectContaining({ action: 'closedLost' }),
				}),
			]);
			// The node wrote calls 1 and 3; the telephony calls 1 and 2.
			expect(await callsOf(dealId)).toHaveLength(4);
		});
	});

	test('Sipuni without src_type/dst_type and with two outside numbers: Skipped, naming the missing fields; the company number tells', async () => {
		const phone = freshPhone();
		const { dealId } = await newClient(world, state, { phone, pipelineName: /^Вебинар/ });
		const body = {
			event: '2',
			call_id: freshCallId(),
			src_num: '74951234567',
			dst_num: phone.slice(1),
			timestamp: String(Math.floor(Date.now() / 1000) - 30),
			call_start_timestamp: String(Math.floor(Date.now() / 1000) - 60),
			call_answer_timestamp: '0',
			status: 'BUSY',
		};
		const item = { headers: {}, params: {}, query: {}, body };
		const unknown = await run(item);
		expect(unknown.items(NODE, OUT.skipped)).toEqual([
			expect.objectContaining({
				skipped: expect.stringContaining('"src_type"/"dst_type"'),
				call: expect.objectContaining({ direction: null }),
			}),
		]);
		const told = await run(item, { options: { companyNumbers: '+7 (495) 123-45-67' } });
		expect(told.items(NODE, OUT.retry)).toEqual([
			expect.objectContaining({
				dealId,
				phone,
				call: expect.objectContaining({ direction: 'outbound' }),
			}),
		]);
	});
});
