import { readFileSync } from 'node:fs';
import path from 'node:path';

import { amocrmCallOutcome } from '../../../../../nodes/shared/funnel/calls/amocrmCall';
import { bitrix24CallOutcome } from '../../../../../nodes/shared/funnel/calls/bitrix24Call';
import { callParty, type CallResult } from '../../../../../nodes/shared/funnel/calls/callResult';
import { mangoDisconnectOutcome } from '../../../../../nodes/shared/funnel/calls/mango';
import { detectTelephony, readCallResult } from '../../../../../nodes/shared/funnel/calls/readCall';

const fixture = (name: string) =>
	JSON.parse(
		readFileSync(path.join(__dirname, '../../../../fixtures/telephony', name), 'utf8'),
	) as Record<string, unknown>;

function read(name: string): CallResult {
	const parsed = readCallResult(fixture(name), 'auto');
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.call;
}

describe('the telephony of a payload is recognised by its shape', () => {
	test.each([
		['mango-summary-no-answer.form.json', 'mango'],
		['mango-summary-answered.json', 'mango'],
		['zadarma-notify-out-end.json', 'zadarma'],
		['sipuni-hangup-answer.json', 'sipuni'],
		['uis-call-ended.json', 'uis'],
		['onlinepbx-call-end.json', 'onlinePbx'],
		['amocrm-call-out-note.json', 'amocrm'],
		['amocrm-calls-api.json', 'amocrm'],
		['bitrix24-externalcall-finish.json', 'bitrix24'],
		['bitrix24-voximplant-callend.json', 'bitrix24'],
	])('%s → %s', (name, source) => {
		expect(detectTelephony(fixture(name))).toBe(source);
	});

	test('an n8n Webhook item is read through its body, or its query for GET senders', () => {
		const viaBody = readCallResult(
			{ headers: {}, params: {}, query: {}, body: fixture('sipuni-hangup-answer.json') },
			'auto',
		);
		const viaQuery = readCallResult(
			{ headers: {}, params: {}, query: fixture('sipuni-hangup-answer.json'), body: {} },
			'auto',
		);
		expect(viaBody).toMatchObject({ ok: true, call: { source: 'sipuni', outcome: 'answered' } });
		expect(viaQuery).toEqual(viaBody);
	});

	test('an unknown payload says what to do', () => {
		expect(readCallResult({ hello: 'world' }, 'auto')).toMatchObject({
			ok: false,
			notFinal: false,
			reason: expect.stringContaining('custom mapping'),
		});
	});
});

describe("events that are not a call's result are told apart from unreadable ones", () => {
	test.each([
		['mango-events-call.json', '/events/summary'],
		['zadarma-notify-start.json', 'NOTIFY_END'],
		['sipuni-start.json', 'event 2'],
		['onlinepbx-call-start.json', 'call_end'],
	])('%s is not final', (name, hint) => {
		expect(readCallResult(fixture(name), 'auto')).toEqual({
			ok: false,
			notFinal: true,
			reason: expect.stringContaining(hint),
		});
	});
});

describe('Mango Office /events/summary (documented)', () => {
	test('the PDF\'s example: outbound, no answer within the timeout, client number from "to", operator extension', () => {
		expect(read('mango-summary-no-answer.form.json')).toEqual({
			source: 'mango',
			outcome: 'no_answer',
			rawStatus: '1111',
			rawMeaning: 'no answer within the timeout',
			callId: '232wc3e3w3s222',
			direction: 'outbound',
			clientPhone: '+79161234567',
			clientPhoneRaw: '79161234567',
			operatorExtension: '123',
			talkSeconds: 0,
			totalSeconds: 14,
			startedAt: '2014-05-12T15:02:56.000Z',
			endedAt: '2014-05-12T15:03:10.000Z',
			recordingUrl: null,
			attachedTo: null,
		});
	});

	test('an answered inbound call: talk = end − answer, the client is "from"', () => {
		expect(read('mango-summary-answered.json')).toMatchObject({
			outcome: 'answered',
			direction: 'inbound',
			clientPhone: '+79031112233',
			operatorExtension: '105',
			talkSeconds: 180,
			totalSeconds: 190,
		});
	});

	test.each([
		[1111, 'no_answer'],
		[1121, 'busy'],
		[1122, 'rejected'],
		[1131, 'unreachable'],
		[1133, 'wrong_number'],
		[3201, 'wrong_number'],
		[4211, 'unreachable'],
		[2219, 'unknown'],
		[1165, 'no_answer'],
		[5003, 'unknown'],
		[9999, 'unknown'],
	])('disconnect reason %i → %s (unknown codes by their class)', (code, outcome) => {
		expect(mangoDisconnectOutcome(code).outcome).toBe(outcome);
	});

	test('a broken "json" field is unreadable', () => {
		expect(readCallResult({ vpbx_api_key: 'k', sign: 's', json: '{oops' }, 'mango')).toMatchObject({
			ok: false,
			notFinal: false,
		});
	});
});

describe('Zadarma NOTIFY_END / NOTIFY_OUT_END (official SDK)', () => {
	test('outbound busy: the client is "destination", the extension "internal", the Q.850 cause kept', () => {
		expect(read('zadarma-notify-out-end.json')).toMatchObject({
			outcome: 'busy',
			rawStatus: 'busy',
			rawMeaning: 'busy; Q.850 17: user busy',
			callId: 'out_9f1c7e2a',
			direction: 'outbound',
			clientPhone: '+79161234567',
			operatorExtension: '100',
			talkSeconds: 0,
			startedAt: '2024-03-15T08:02:10.000Z',
		});
	});

	test('inbound answered: the client is "caller_id", duration is talk time', () => {
		expect(read('zadarma-notify-end.json')).toMatchObject({
			outcome: 'answered',
			direction: 'inbound',
			clientPhone: '+79031112233',
			talkSeconds: 125,
		});
	});

	test.each([
		[{ disposition: 'no answer' }, 'no_answer'],
		[{ disposition: 'cancel' }, 'rejected'],
		[{ disposition: 'unallocated number' }, 'wrong_number'],
		[{ disposition: 'failed', status_code: '20' }, 'unreachable'],
		[{ disposition: 'failed', status_code: '1' }, 'wrong_number'],
		[{ disposition: 'failed' }, 'unreachable'],
		[{ disposition: 'no money' }, 'unknown'],
	])('%p → %s', (fields, outcome) => {
		const parsed = readCallResult(
			{ ...fixture('zadarma-notify-out-end.json'), status_code: '', ...fields },
			'zadarma',
		);
		expect(parsed).toMatchObject({ ok: true, call: { outcome } });
	});
});

describe('Sipuni hang-up events', () => {
	test('outbound, phone off (CHANUNAVAIL) → unreachable; the external side is the client', () => {
		expect(read('sipuni-hangup-chanunavail.json')).toMatchObject({
			outcome: 'unreachable',
			rawStatus: 'CHANUNAVAIL',
			callId: '1710493200.4455',
			direction: 'outbound',
			clientPhone: '+79161234567',
			operatorExtension: '201',
			talkSeconds: 0,
			totalSeconds: 30,
		});
	});

	test('inbound answered: talk = end − answer; the recording link is kept', () => {
		expect(read('sipuni-hangup-answer.json')).toMatchObject({
			outcome: 'answered',
			direction: 'inbound',
			clientPhone: '+79031112233',
			operatorExtension: '202',
			talkSeconds: 190,
			recordingUrl: 'https://sipuni.com/api/crm/record?id=1710493300.4456',
		});
	});

	test.each([
		['BUSY', 'busy'],
		['NOANSWER', 'no_answer'],
		['CANCEL', 'rejected'],
		['CONGESTION', 'unreachable'],
		['SOMETHING', 'unknown'],
	])('status %s → %s', (status, outcome) => {
		expect(
			readCallResult({ ...fixture('sipuni-hangup-chanunavail.json'), status }, 'sipuni'),
		).toMatchObject({ call: { outcome, rawStatus: status } });
	});
});

describe('UIS / CoMagic call-ended notifications (user-templated)', () => {
	test('finish_reason subscriber_busy → busy, with the call session as the id', () => {
		expect(read('uis-call-ended.json')).toMatchObject({
			outcome: 'busy',
			rawStatus: 'subscriber_busy',
			rawMeaning: 'Абонент занят',
			callId: '2864791234',
			direction: 'outbound',
			clientPhone: '+79161234567',
			operatorExtension: '310',
			talkSeconds: 0,
			totalSeconds: 32,
		});
	});

	test('talk time wins over the reason; is_lost and talk time decide without a reason', () => {
		const base = fixture('uis-call-ended.json');
		expect(
			readCallResult(
				{ ...base, talk_time_duration: '95', finish_reason: 'subscriber_disconnects' },
				'uis',
			),
		).toMatchObject({ call: { outcome: 'answered' } });
		expect(
			readCallResult({ ...base, finish_reason: undefined, is_lost: 'true' }, 'uis'),
		).toMatchObject({ call: { outcome: 'no_answer' } });
		expect(readCallResult({ ...base, finish_reason: undefined }, 'uis')).toMatchObject({
			call: { outcome: 'no_answer' },
		});
		expect(
			readCallResult({ ...base, finish_reason: 'no_success_operator_call' }, 'uis'),
		).toMatchObject({ call: { outcome: 'unknown' } });
	});
});

describe('onlinePBX call_end / call_missed', () => {
	test('call_end with dialog_duration 0 is no answer; the client is the long number, the operator the short one', () => {
		expect(read('onlinepbx-call-end.json')).toMatchObject({
			outcome: 'no_answer',
			callId: 'd02d3dd1-0a1b-4c2d-9e8f-1234567890ab',
			direction: 'outbound',
			clientPhone: '+79111117960',
			operatorExtension: '505',
			talkSeconds: 0,
			endedAt: '2018-06-13T10:41:30.000Z',
		});
	});

	test('talk time means answered; a hangup cause, when sent, says why it was not; call_missed is no answer', () => {
		const base = fixture('onlinepbx-call-end.json');
		expect(readCallResult({ ...base, dialog_duration: '42' }, 'onlinePbx')).toMatchObject({
			call: { outcome: 'answered', talkSeconds: 42 },
		});
		expect(readCallResult({ ...base, hangup_cause: 'USER_BUSY' }, 'onlinePbx')).toMatchObject({
			call: { outcome: 'busy', rawStatus: 'USER_BUSY' },
		});
		expect(
			readCallResult(
				{
					...base,
					event: 'call_missed',
					direction: 'inbound',
					caller: '79111117960',
					callee: '505',
				},
				'onlinePbx',
			),
		).toMatchObject({
			call: { outcome: 'no_answer', clientPhone: '+79111117960', operatorExtension: '505' },
		});
	});
});

describe('CRM call records', () => {
	test('an amoCRM call_out note: call_status 6 "could not get through" with the free-text reason', () => {
		expect(read('amocrm-call-out-note.json')).toMatchObject({
			source: 'amocrm',
			outcome: 'no_answer',
			rawStatus: '6',
			rawMeaning: 'could not get through; Абонент недоступен',
			callId: '8f52d38a-5fb3-406d-93a3-a4832dc28f8b',
			direction: 'outbound',
			clientPhone: '+79161234567',
			startedAt: '2024-03-15T09:00:00.000Z',
		});
	});

	test('an amoCRM calls API body: status 4 is a conversation', () => {
		expect(read('amocrm-calls-api.json')).toMatchObject({
			outcome: 'answered',
			talkSeconds: 183,
			callId: 'a1b2c3',
		});
	});

	test.each([
		[1, 'no_answer'],
		[2, 'answered'],
		[3, 'no_answer'],
		[4, 'answered'],
		[5, 'wrong_number'],
		[6, 'no_answer'],
		[7, 'busy'],
		[8, 'unknown'],
	])('amoCRM call_status %i → %s', (status, outcome) => {
		expect(amocrmCallOutcome(status).outcome).toBe(outcome);
	});

	test('amoCRM without a status: talk time decides; without either, unknown', () => {
		expect(amocrmCallOutcome(undefined, 30).outcome).toBe('answered');
		expect(amocrmCallOutcome(undefined, 0).outcome).toBe('no_answer');
		expect(amocrmCallOutcome(undefined).outcome).toBe('unknown');
	});

	test('Bitrix24 externalcall.finish 486 → busy; ONVOXIMPLANTCALLEND 200 → answered, inbound', () => {
		expect(read('bitrix24-externalcall-finish.json')).toMatchObject({
			outcome: 'busy',
			rawStatus: '486',
			direction: 'outbound',
			clientPhone: '+79161234567',
			talkSeconds: 0,
		});
		expect(read('bitrix24-voximplant-callend.json')).toMatchObject({
			outcome: 'answered',
			direction: 'inbound',
			clientPhone: '+79031112233',
			talkSeconds: 95,
			startedAt: '2024-03-15T09:00:00.000Z',
			callId: 'E4B1A0F2.1710493200.123456',
		});
	});

	test.each([
		['200', 'answered'],
		['304', 'no_answer'],
		['603', 'rejected'],
		['603-S', 'rejected'],
		['486', 'busy'],
		['404', 'wrong_number'],
		['480', 'unreachable'],
		['503', 'unreachable'],
		['402', 'unknown'],
		['OTHER', 'unknown'],
		['', 'unknown'],
	])('Bitrix24 STATUS_CODE %p → %s', (code, outcome) => {
		expect(bitrix24CallOutcome(code).outcome).toBe(outcome);
	});
});

describe('call parties: client phone or operator extension', () => {
	test.each([
		['sip:79161234567@pbx.example.ru', { phone: '+79161234567', extension: null }],
		['tel:+7 916 123-45-67', { phone: '+79161234567', extension: null }],
		['sip:105@xyz.mangosip.ru', { phone: null, extension: '105' }],
		['105', { phone: null, extension: '105' }],
		['12345', { phone: null, extension: '12345' }],
		['89161234567', { phone: '+79161234567', extension: null }],
		['sip:user1@xyz.mangosip.ru', { phone: null, extension: null }],
		['', { phone: null, extension: null }],
	])('%p', (value, expected) => {
		expect(callParty(value)).toMatchObject(expected);
	});
});

describe("calls from the CRMs' own triggers, which name their deal", () => {
	test('an amoCRM Trigger call note: the lead it belongs to is the deal; other notes are not calls', () => {
		const note = {
			event: 'lead.note_added',
			entity: 'note',
			action: 'note',
			id: 71000123,
			entity_id: 31000042,
			entity_type: 'leads',
			note_type: 'call_out',
			created_at: 1710493200,
			params: {
				uniq: 'u-42',
				duration: 0,
				source: 'onlinePBX',
				phone: '+7 916 123-45-67',
				call_status: 6,
				call_result: 'Не дозвонились',
			},
		};
		expect(readCallResult(note, 'auto')).toMatchObject({
			ok: true,
			call: {
				source: 'amocrm',
				outcome: 'no_answer',
				callId: 'u-42',
				direction: 'outbound',
				clientPhone: '+79161234567',
				attachedTo: { entity: 'deal', id: '31000042' },
			},
		});
		expect(
			readCallResult(
				{ ...note, note_type: 'common', params: { text: 'Перезвонить завтра' } },
				'amocrm',
			),
		).toEqual({ ok: false, notFinal: true, reason: 'an amoCRM "common" note is not a call' });
	});

	const activity = {
		ID: '5123',
		OWNER_ID: '42',
		OWNER_TYPE_ID: '2',
		TYPE_ID: '2',
		DIRECTION: '2',
		COMPLETED: 'Y',
		START_TIME: '2024-03-15T12:00:00+03:00',
		END_TIME: '2024-03-15T12:01:35+03:00',
		SETTINGS: {},
		COMMUNICATIONS: [{ TYPE: 'PHONE', VALUE: '8 (903) 111-22-33' }],
	};
	const triggerItem = (record: Record<string, unknown>) => ({
		event: 'ONCRMACTIVITYADD',
		entity: 'activity',
		action: 'add',
		id: record.ID,
		fields: { ID: record.ID },
		record,
	});

	test('a Bitrix24 Trigger call activity: talk time decides, or the telephony code it keeps; the deal is its owner', () => {
		expect(readCallResult(triggerItem(activity), 'auto')).toMatchObject({
			ok: true,
			call: {
				source: 'bitrix24',
				outcome: 'answered',
				talkSeconds: 95,
				callId: 'activity-5123',
				direction: 'outbound',
				clientPhone: '+79031112233',
				startedAt: '2024-03-15T09:00:00.000Z',
				attachedTo: { entity: 'deal', id: '42' },
			},
		});
		expect(
			readCallResult(triggerItem({ ...activity, END_TIME: activity.START_TIME }), 'auto'),
		).toMatchObject({ ok: true, call: { outcome: 'no_answer', talkSeconds: 0 } });
		expect(
			readCallResult(triggerItem({ ...activity, SETTINGS: { STATUS_CODE: '486' } }), 'auto'),
		).toMatchObject({ ok: true, call: { outcome: 'busy', rawStatus: '486' } });
		expect(
			readCallResult(triggerItem({ ...activity, OWNER_TYPE_ID: '1', DIRECTION: '1' }), 'auto'),
		).toMatchObject({
			ok: true,
			call: { direction: 'inbound', attachedTo: { entity: 'lead', id: '42' } },
		});
	});

	test('a planned call and a to-do (such as our own call-back task) are not calls made', () => {
		expect(readCallResult(triggerItem({ ...activity, COMPLETED: 'N' }), 'auto')).toEqual({
			ok: false,
			notFinal: true,
			reason: 'a Bitrix24 call activity not completed yet is a planned call',
		});
		expect(
			readCallResult(triggerItem({ ...activity, TYPE_ID: '6', PROVIDER_ID: 'CRM_TODO' }), 'auto'),
		).toEqual({ ok: false, notFinal: true, reason: 'a Bitrix24 activity of type 6 is not a call' });
	});
});
