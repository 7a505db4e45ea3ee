import { start, type RunningEmulator } from '../../emulators/bitrix24';
import { callJson, controlCall } from '../../emulators/bitrix24/testClient';
import { callWebhook } from '../../harness/webhooks';
import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import { EVENT_OPTIONS } from '../../../nodes/Bitrix24/trigger/receive';

const TOKEN = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6';

function workflow(events: string[], fetchRecord: boolean): WorkflowJson {
	return {
		id: 'bitrix24-trigger-events',
		nodes: [
			{
				id: 't1',
				name: 'Bitrix24 Trigger',
				type: 'n8n-nodes-sales-funnel.bitrix24Trigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'b24-hook',
				parameters: { events, fetchRecord },
				credentials: {
					bitrix24OutgoingWebhookApi: { id: 'tok', name: 'Token' },
					bitrix24WebhookApi: { id: 'b24', name: 'Bitrix24' },
				},
			},
			{
				id: 't2',
				name: 'After',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
			},
		],
		connections: { 'Bitrix24 Trigger': { main: [[{ node: 'After', type: 'main', index: 0 }]] } },
	};
}

describe('Bitrix24 Trigger: the events a funnel reacts to', () => {
	let emu: RunningEmulator;
	let harness: WorkflowHarness;

	beforeAll(async () => {
		emu = await start({ limits: false });
		harness = new WorkflowHarness();
		harness.setCredentials('bitrix24OutgoingWebhookApi', { applicationToken: TOKEN }, 'tok');
		harness.setCredentials(
			'bitrix24WebhookApi',
			{ environment: 'sandbox', webhookUrl: emu.webhook },
			'b24',
		);
	});
	afterAll(() => emu.close());
	beforeEach(() => controlCall(emu.url, 'POST', 'reset'));

	const receive = async (body: Record<string, string>, events: string[], fetchRecord = false) => {
		const call = await callWebhook(harness, workflow(events, fetchRecord), 'Bitrix24 Trigger', {
			body: { ...body, 'auth[application_token]': TOKEN },
		});
		return call.run!.items('After');
	};

	test('offers at least 40 events: CRM records, activities, timeline comments, quotes, invoices, smart-process items, tasks', () => {
		const values = EVENT_OPTIONS.map((o) => String(o.value));
		expect(values.length).toBeGreaterThanOrEqual(40);
		expect(new Set(values).size).toBe(values.length);
		for (const event of [
			'ONCRMCOMPANYADD',
			'ONCRMTIMELINECOMMENTADD',
			'ONCRMQUOTEUPDATE',
			'ONCRMDYNAMICITEMADD',
			'ONCRMDYNAMICITEMDELETE',
			'ONTASKADD',
			'ONTASKCOMMENTADD',
		])
			expect(values).toContain(event);
	});

	test('a company event gives one item with the company read from the portal', async () => {
		const made = await callJson(emu.webhook, 'crm.company.add', {
			fields: { TITLE: 'ООО «Ромашка»' },
		});
		const id = String(made.body.result);
		const [item] = await receive(
			{ event: 'ONCRMCOMPANYADD', 'data[FIELDS][ID]': id },
			['ONCRMCOMPANYADD'],
			true,
		);
		expect(item).toMatchObject({
			event: 'ONCRMCOMPANYADD',
			entity: 'company',
			action: 'add',
			id,
			record: { ID: id, TITLE: 'ООО «Ромашка»' },
		});
	});

	test('smart-process items carry their type; task events their ID under FIELDS_AFTER; deletions are not read', async () => {
		const [item] = await receive(
			{
				event: 'ONCRMDYNAMICITEMUPDATE',
				'data[FIELDS][ID]': '15',
				'data[FIELDS][ENTITY_TYPE_ID]': '128',
			},
			['ONCRMDYNAMICITEMUPDATE'],
		);
		expect(item).toMatchObject({ entity: 'item', action: 'update', id: '15', entityTypeId: '128' });
		const [task] = await receive({ event: 'ONTASKADD', 'data[FIELDS_AFTER][ID]': '321' }, [
			'ONTASKADD',
		]);
		expect(task).toMatchObject({ entity: 'task', action: 'add', id: '321' });
		const [comment] = await receive(
			{ event: 'ONCRMTIMELINECOMMENTDELETE', 'data[FIELDS][ID]': '9' },
			['ONCRMTIMELINECOMMENTDELETE'],
			true,
		);
		expect(comment).toMatchObject({ entity: 'timelineComment', action: 'delete', id: '9' });
		expect(comment).not.toHaveProperty('record');
	});
});
