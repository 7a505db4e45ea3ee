import { readFileSync } from 'node:fs';
import path from 'node:path';

import { webhookBody, webhookEvents } from '../../../../../nodes/shared/crm/amocrm/webhookPayload';

const fixture = (name: string) =>
	readFileSync(path.join(__dirname, '../../../../fixtures/amocrm', name), 'utf8').trim();
const form = (pairs: Record<string, string>) => new URLSearchParams(pairs).toString();

describe('amoCRM webhook payload (legacy v2 bracket form → v4 events)', () => {
	test('a real stage change delivery becomes one lead.stage_changed event with v4 names', () => {
		const [event] = webhookEvents(webhookBody(fixture('webhook-status-change.txt'), undefined));
		expect(event).toMatchObject({
			event: 'lead.stage_changed',
			entity: 'lead',
			action: 'status',
			account: { id: 17769199, subdomain: 'apfitness' },
			eventKey: 'lead:10701093:status:1539782664',
		});
		expect(event.data).toEqual({
			id: 10701093,
			name: 'Сделка',
			status_id: 142,
			old_status_id: 20067736,
			price: 22500,
			responsible_user_id: 2079676,
			updated_at: 1539782664,
			updated_by: 2079718,
			created_by: 2076025,
			created_at: 1539782209,
			pipeline_id: 9217056,
			tags: [{ id: 80147, name: 'А' }],
			account_id: 17769199,
			custom_fields_values: [
				{
					field_id: 66339,
					field_name: 'Источник',
					field_code: null,
					values: [{ value: 'Сайт', enum_id: 139517 }],
				},
				{ field_id: 66341, field_name: 'Дата', field_code: null, values: [{ value: 1542067200 }] },
			],
		});
	});

	test("n8n's flat form fields (no raw body) give the same events as the raw body", () => {
		const raw = fixture('webhook-status-change.txt');
		const flat = Object.fromEntries(new URLSearchParams(raw).entries());
		expect(webhookEvents(webhookBody(undefined, flat))).toEqual(
			webhookEvents(webhookBody(raw, undefined)),
		);
	});

	test('one delivery with many rows gives one event per row; companies under contacts are companies', () => {
		const body = form({
			'leads[update][0][id]': '1',
			'leads[update][1][id]': '2',
			'contacts[add][0][id]': '10',
			'contacts[add][0][type]': 'contact',
			'contacts[add][0][linked_leads_id][1][ID]': '1',
			'contacts[add][1][id]': '20',
			'contacts[add][1][type]': 'company',
			'account[subdomain]': 'demo',
		});
		const events = webhookEvents(webhookBody(body, undefined));
		expect(events.map((e) => `${e.event}#${e.data.id}`)).toEqual([
			'lead.updated#1',
			'lead.updated#2',
			'contact.added#10',
			'company.added#20',
		]);
		expect(events[2].data.lead_ids).toEqual([1]);
	});

	test('notes lose the extra wrapper; call notes get their parameters back', () => {
		const body = form({
			'leads[note][0][note][id]': '5',
			'leads[note][0][note][note_type]': '11',
			'leads[note][0][note][element_type]': '2',
			'leads[note][0][note][element_id]': '1',
			'leads[note][0][note][text]': JSON.stringify({
				UNIQ: 'u1',
				DURATION: 35,
				SRC: 'onlinePBX',
				PHONE: '+79161110001',
				call_status: 6,
			}),
		});
		const [note] = webhookEvents(webhookBody(body, undefined));
		expect(note).toMatchObject({ event: 'lead.note_added', entity: 'note' });
		expect(note.data).toMatchObject({
			id: 5,
			note_type: 'call_out',
			entity_type: 'leads',
			entity_id: 1,
			params: {
				uniq: 'u1',
				duration: 35,
				source: 'onlinePBX',
				phone: '+79161110001',
				call_status: 6,
			},
		});
	});

	test('tasks: element → entity, status → is_completed, complete_before → complete_till', () => {
		const body = form({
			'task[update][0][id]': '7',
			'task[update][0][element_type]': '2',
			'task[update][0][element_id]': '1',
			'task[update][0][status]': '1',
			'task[update][0][complete_before]': '1700000000',
			'task[update][0][task_type]': '1',
		});
		const [task] = webhookEvents(webhookBody(body, undefined));
		expect(task).toMatchObject({
			event: 'task.updated',
			data: {
				id: 7,
				entity_type: 'leads',
				entity_id: 1,
				is_completed: true,
				complete_till: 1_700_000_000,
				task_type_id: 1,
			},
		});
	});

	test('prototype-polluting keys are dropped', () => {
		const events = webhookEvents(
			webhookBody(
				form({ 'leads[add][0][__proto__][polluted]': '1', 'leads[add][0][id]': '3' }),
				undefined,
			),
		);
		expect(events[0].data).toEqual({ id: 3 });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
