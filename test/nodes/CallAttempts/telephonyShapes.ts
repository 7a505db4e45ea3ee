/**
 * "Call ended" requests of each telephony, as it posts them to an n8n Webhook node, for a call of our operator to a
 * client (outbound) — and the steps a test plays outside the node: a fresh client with a deal, and the telephony's
 * own CRM integration logging the same call (when the test wants it to).
 */
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { CrmWorld } from '../../support/crmWorlds';
import type { CrmState } from '../../support/crmState';
import { outsideLimits } from '../../support/outsideLimits';

export type CallShape = 'zadarma' | 'mango' | 'sipuni' | 'onlinePbx' | 'uis';

export const CALL_SHAPES: CallShape[] = ['zadarma', 'mango', 'sipuni', 'onlinePbx', 'uis'];

export interface EndedCall {
	callId: string;
	/** The client's number, E.164. */
	phone: string;
	answered: boolean;
	/** When the call started. */
	at: Date;
}

/** The body the telephony posts when the call has ended (form fields, or JSON for onlinePBX). */
export function callEndedBody(shape: CallShape, call: EndedCall): IDataObject {
	const digits = call.phone.replace(/^\+/, '');
	const start = Math.floor(call.at.getTime() / 1000);
	const talk = call.answered ? 95 : 0;
	switch (shape) {
		case 'zadarma':
			return {
				event: 'NOTIFY_OUT_END',
				call_start: DateTime.fromJSDate(call.at)
					.setZone('Europe/Moscow')
					.toFormat('yyyy-MM-dd HH:mm:ss'),
				pbx_call_id: call.callId,
				internal: '100',
				destination: digits,
				duration: String(talk),
				disposition: call.answered ? 'answered' : 'no answer',
				status_code: call.answered ? '16' : '19',
				is_recorded: '0',
				call_id_with_rec: '',
			};
		case 'mango':
			return {
				vpbx_api_key: 'vpbx-key-123',
				sign: 'not-checked-here',
				json: JSON.stringify({
					entry_id: call.callId,
					call_direction: 2,
					from: { extension: '123', number: 'sip:user1@xyz.mangosip.ru' },
					to: { number: digits },
					line_number: '74953333357',
					create_time: start,
					forward_time: start,
					talk_time: call.answered ? start + 5 : 0,
					entry_result: call.answered ? 1 : 0,
					end_time: start + 5 + talk,
					disconnect_reason: call.answered ? 1100 : 1111,
				}),
			};
		case 'sipuni':
			// No src_type / dst_type: the direction is told from the numbers (an extension calls a client).
			return {
				event: '2',
				call_id: call.callId,
				src_num: '202',
				dst_num: digits,
				short_src_num: '202',
				timestamp: String(start + 20 + talk),
				call_start_timestamp: String(start),
				call_answer_timestamp: call.answered ? String(start + 20) : '0',
				status: call.answered ? 'ANSWER' : 'NOANSWER',
			};
		case 'onlinePbx':
			return {
				domain: 'example.onlinepbx.ru',
				event: 'call_end',
				direction: 'outbound',
				uuid: call.callId,
				caller: '505',
				callee: digits,
				gateway: '74991111282',
				date: String(start + 20 + talk),
				dialog_duration: String(talk),
			};
		case 'uis':
			return {
				notification_name: 'Завершение звонка',
				call_session_id: call.callId,
				direction: 'out',
				contact_phone_number: digits,
				virtual_phone_number: '74953332211',
				extension_phone_number: '310',
				talk_time_duration: String(talk),
				total_time_duration: String(20 + talk),
				finish_reason: call.answered ? 'operator_answer' : 'subscriber_not_responsible',
				start_time: DateTime.fromJSDate(call.at)
					.setZone('Europe/Moscow')
					.toFormat('yyyy-MM-dd HH:mm:ss'),
			};
	}
}

/** The item an n8n Webhook node gives for that request. */
export function callEndedItem(shape: CallShape, call: EndedCall): IDataObject {
	const json = shape === 'onlinePbx';
	return {
		headers: {
			'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
		},
		params: {},
		query: {},
		body: callEndedBody(shape, call),
	};
}

let seq = 0;

/** A mobile number no seeded client has (+7 958 …), or a German one (+49 1577 …) for a foreign client. */
export function freshPhone(country: 'RU' | 'DE' = 'RU'): string {
	const n = String((Date.now() + seq++ * 7919) % 10_000_000).padStart(7, '0');
	return country === 'RU' ? `+7958${n}` : `+491577${n}`;
}

/** The call ID of a test call. */
export function freshCallId(): string {
	return `t${Date.now().toString(36)}${(seq++).toString(36)}`;
}

/** A new client with one open deal in the named pipeline, as a capture workflow would have made it. */
export async function newClient(
	world: CrmWorld,
	state: CrmState,
	options: { phone: string; pipelineName: RegExp; name?: string },
): Promise<{ dealId: string; responsibleUserId: string }> {
	const pipeline = state.pipelines.find((p) => options.pipelineName.test(p.name));
	if (!pipeline) throw new Error(`no pipeline like ${String(options.pipelineName)}`);
	const responsibleUserId =
		state.deals.find((d) => d.pipelineId === pipeline.id && d.semantics === 'open')
			?.responsibleUserId ?? state.users[0].id;
	const name = options.name ?? `Клиент ${options.phone}`;
	if (world.crm === 'amocrm') {
		const [lead] = (await amoApi(world, 'POST', '/api/v4/leads/complex', [
			{
				name: `Сделка ${name}`,
				pipeline_id: Number(pipeline.id),
				responsible_user_id: Number(responsibleUserId),
				_embedded: {
					contacts: [
						{
							first_name: name,
							responsible_user_id: Number(responsibleUserId),
							custom_fields_values: [
								{ field_code: 'PHONE', values: [{ value: options.phone, enum_code: 'WORK' }] },
							],
						},
					],
				},
			},
		])) as unknown as Array<{ id: number }>;
		return { dealId: String(lead.id), responsibleUserId };
	}
	const contactId = await bitrixApi(world, 'crm.contact.add', {
		fields: {
			NAME: name,
			ASSIGNED_BY_ID: Number(responsibleUserId),
			PHONE: [{ VALUE: options.phone, VALUE_TYPE: 'WORK' }],
		},
	});
	const dealId = await bitrixApi(world, 'crm.deal.add', {
		fields: {
			TITLE: `Сделка ${name}`,
			CATEGORY_ID: Number(pipeline.id),
			ASSIGNED_BY_ID: Number(responsibleUserId),
			CONTACT_ID: Number(contactId),
		},
	});
	return { dealId: String(dealId), responsibleUserId };
}

/** The telephony's own CRM integration logs the call on the deal (with its own key, not ours). */
export async function telephonyLogsCall(
	world: CrmWorld,
	dealId: string,
	call: EndedCall,
): Promise<void> {
	if (world.crm === 'amocrm') {
		await amoApi(world, 'POST', '/api/v4/leads/notes', [
			{
				entity_id: Number(dealId),
				note_type: 'call_out',
				created_at: Math.floor(call.at.getTime() / 1000),
				params: {
					uniq: `pbx-${call.callId}-${seq++}`,
					duration: call.answered ? 95 : 0,
					source: 'АТС',
					phone: call.phone,
					call_status: call.answered ? 4 : 6,
				},
			},
		]);
		return;
	}
	const start = call.at.toISOString();
	const end = new Date(call.at.getTime() + (call.answered ? 95_000 : 0)).toISOString();
	await bitrixApi(world, 'crm.activity.add', {
		fields: {
			OWNER_TYPE_ID: 2,
			OWNER_ID: Number(dealId),
			TYPE_ID: 2,
			SUBJECT: 'Исходящий звонок',
			RESPONSIBLE_ID: 1,
			COMPLETED: 'Y',
			DIRECTION: 2,
			START_TIME: start,
			END_TIME: end,
			SETTINGS: { STATUS_CODE: call.answered ? '200' : '304' },
			COMMUNICATIONS: [{ VALUE: call.phone, ENTITY_ID: Number(dealId), ENTITY_TYPE_ID: 2 }],
		},
	});
}

/** The test's own amoCRM request, outside the account's limits (the node's requests are what they are for). */
async function amoApi(
	world: CrmWorld,
	method: string,
	path: string,
	body?: unknown,
): Promise<IDataObject> {
	return outsideLimits(world, async () => {
		const res = await fetch(`${world.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${world.api.token!}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
		return text ? (JSON.parse(text) as IDataObject) : {};
	});
}

/** The test's own Bitrix24 call, outside the portal's limits. */
async function bitrixApi(world: CrmWorld, method: string, params: unknown): Promise<unknown> {
	return outsideLimits(world, async () => {
		const res = await fetch(`${world.api.webhook!}${method}.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(params),
		});
		const body = (await res.json()) as { result?: unknown; error?: string };
		if (!res.ok || body.error)
			throw new Error(`${method} → ${res.status}: ${JSON.stringify(body)}`);
		return body.result;
	});
}
