import { readFileSync } from 'node:fs';
import path from 'node:path';

import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { WorkflowHarness } from '../../harness/runWorkflow';
import { callAttemptsWorkflow, moscow, NODE, OUT, zadarmaCallEnd } from './helpers';

const fixture = (name: string) =>
	JSON.parse(
		readFileSync(path.join(__dirname, '../../fixtures/telephony', name), 'utf8'),
	) as IDataObject;
const webhookItem = (body: IDataObject, query: IDataObject = {}) => ({
	headers: { 'content-type': 'application/json' },
	params: {},
	query,
	body,
});

describe('Call Attempts without a CRM: history from a field', () => {
	const harness = new WorkflowHarness();
	const run = (items: IDataObject[], parameters: Record<string, unknown> = {}) =>
		harness.run(
			callAttemptsWorkflow(null, {
				historySource: 'field',
				historyField: '={{ $json.earlier }}',
				...parameters,
			}),
			{ trigger: { items } },
		);

	test("each telephony's final event is read and routed; start and answer events go to Skipped", async () => {
		const items = [
			{ ...fixture('mango-summary-no-answer.form.json'), earlier: 0 },
			{ ...webhookItem(fixture('sipuni-hangup-answer.json')), earlier: 1 },
			{ ...webhookItem({}, fixture('sipuni-start.json')), earlier: 0 },
			{ ...webhookItem(fixture('onlinepbx-call-start.json')), earlier: 0 },
			{ ...webhookItem(fixture('zadarma-notify-out-end.json')), earlier: 2 },
		];
		const result = await run(items);
		expect(result.status).toBe('success');
		expect(result.items(NODE, OUT.retry)).toEqual([
			expect.objectContaining({
				decision: 'retry',
				attempt: 1,
				nextAttempt: 2,
				dealId: null,
				crm: { action: 'none', reason: 'no CRM deal' },
				call: expect.objectContaining({ source: 'mango', rawStatus: '1111' }),
			}),
		]);
		expect(result.items(NODE, OUT.reached)).toEqual([
			expect.objectContaining({
				decision: 'reached',
				failedAttempts: 1,
				call: expect.objectContaining({ source: 'sipuni' }),
			}),
		]);
		expect(result.items(NODE, OUT.exhausted)).toEqual([
			expect.objectContaining({
				decision: 'exhausted',
				attempt: 3,
				call: expect.objectContaining({ source: 'zadarma', outcome: 'busy' }),
			}),
		]);
		expect(result.items(NODE, OUT.skipped).map((s) => s.skipped)).toEqual([
			expect.stringContaining('Sipuni event 1'),
			expect.stringContaining('onlinePBX call_start'),
		]);
		expect(result.rawItems(NODE, OUT.skipped).map((i) => i.pairedItem)).toEqual([
			{ item: 2 },
			{ item: 3 },
		]);
	});

	test("a custom mapping reads another telephony; a Kazakh number is foreign, the client's own zone sets the hours", async () => {
		const item = (phone: string, status: string, zone = '') => ({
			body: { result: status, number: phone, id: `${phone}-${status}`, seconds: '0' },
			zone,
			earlier: '[]',
		});
		const result = await run(
			[item('8 (916) 123-45-67', 'Абонент занят', 'МСК+4'), item('+7 701 111 00 04', 'Нет ответа')],
			{
				source: 'custom',
				customStatus: '={{ $json.body.result }}',
				customOutcomes: 'Абонент занят = busy\nНет ответа = no_answer\nРазговор = answered',
				customPhone: '={{ $json.body.number }}',
				customCallId: '={{ $json.body.id }}',
				customTalkSeconds: '={{ $json.body.seconds }}',
				leadTimeZone: '={{ $json.zone }}',
			},
		);
		const [retry] = result.items(NODE, OUT.retry);
		expect(retry).toMatchObject({
			decision: 'retry',
			phone: '+79161234567',
			timeZone: 'UTC+7',
			timeZoneFrom: 'client',
			callKey: 'custom:8 (916) 123-45-67-Абонент занят',
		});
		const local = DateTime.fromISO(retry.nextAttemptAt as string, { zone: 'UTC+7' });
		expect(local.hour).toBeGreaterThanOrEqual(10);
		expect(local.hour).toBeLessThan(19);
		expect(retry.nextAttemptLocal).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
		expect(result.items(NODE, OUT.foreign)).toEqual([
			expect.objectContaining({ decision: 'foreign', country: 'KZ', phone: '+77011110004' }),
		]);
	});

	test('a custom seven-day cadence with its own hours decides in its own calendar', async () => {
		const result = await run(
			[
				{
					...zadarmaCallEnd({ callId: 'c7', phone: '+79161234567', disposition: 'no answer' }),
					earlier: 1,
				},
			],
			{
				cadence: 'custom',
				maxAttempts: 5,
				hoursStart: '09:00',
				hoursEnd: '21:00',
				workingDays: [1, 2, 3, 4, 5, 6, 7],
				mobileGapMinutes: 30,
			},
		);
		const [retry] = result.items(NODE, OUT.retry);
		expect(retry).toMatchObject({ maxAttempts: 5, attempt: 2, nextAttempt: 3 });
		const next = moscow(retry.nextAttemptAt as string);
		expect(next.hour * 60 + next.minute).toBeGreaterThanOrEqual(9 * 60);
		expect(next.hour).toBeLessThan(21);
	});

	test('a bad cadence or zone stops the node before anything is read, saying what to write', async () => {
		const badHours = await run(
			[
				{
					...zadarmaCallEnd({ callId: 'b1', phone: '+79161234567', disposition: 'busy' }),
					earlier: 0,
				},
			],
			{ cadence: 'custom', hoursStart: '19:00', hoursEnd: '10:00' },
		);
		expect(badHours.nodeError(NODE)?.message).toContain('calling hours 19:00–10:00 are empty');
		const badZone = await run(
			[
				{
					...zadarmaCallEnd({ callId: 'b2', phone: '+79161234567', disposition: 'busy' }),
					earlier: 0,
				},
			],
			{ companyTimeZone: 'Москва' },
		);
		expect(badZone.nodeError(NODE)?.message).toContain('"Москва" is not a time zone');
		const crmHistory = await run([{ earlier: 0 }], { historySource: 'crm' });
		expect(crmHistory.nodeError(NODE)?.message).toBe(
			'Without a CRM the earlier calls cannot be read from the CRM',
		);
	});

	test('an unreadable item stops the node, or with "continue" leaves on the error output with its reason', async () => {
		const items = [
			{
				...zadarmaCallEnd({ callId: 'u1', phone: '+79161234567', disposition: 'busy' }),
				earlier: 0,
			},
			{ hello: 'world', earlier: 0 },
		];
		const stopped = await run(items);
		expect(stopped.status).toBe('error');
		expect(stopped.nodeError(NODE)?.message).toContain('Not a call result');
		const workflow = callAttemptsWorkflow(null, {
			historySource: 'field',
			historyField: '={{ $json.earlier }}',
		});
		workflow.nodes.find((n) => n.name === NODE)!.onError = 'continueErrorOutput';
		workflow.connections[NODE].main.push([{ node: 'Skipped', type: 'main', index: 0 }]);
		const continued = await harness.run(workflow, { trigger: { items } });
		expect(continued.items(NODE, OUT.retry)).toHaveLength(1);
		expect(continued.items(NODE, 5)).toEqual([
			expect.objectContaining({
				error: expect.stringContaining('Not a call result'),
				hello: 'world',
			}),
		]);
	});
});
