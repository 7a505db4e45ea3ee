import { readFileSync } from 'node:fs';
import path from 'node:path';

import { callParty } from '../../../../../nodes/shared/funnel/calls/callResult';
import {
	directionFromParties,
	unknownDirectionReason,
} from '../../../../../nodes/shared/funnel/calls/direction';
import { readCallResult } from '../../../../../nodes/shared/funnel/calls/readCall';

const fixture = (name: string) =>
	JSON.parse(
		readFileSync(path.join(__dirname, '../../../../fixtures/telephony', name), 'utf8'),
	) as Record<string, unknown>;

const own = new Set(['+74951234567']);

function callOf(payload: Record<string, unknown>, ownNumbers?: ReadonlySet<string>) {
	const parsed = readCallResult(payload, 'auto', { ownNumbers });
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.call;
}

describe('who called whom, told from the numbers', () => {
	test.each([
		['202', '79161234567', 'outbound'],
		['79161234567', '202', 'inbound'],
		['101', '202', 'internal'],
		['74951234567', '79161234567', 'outbound'],
		['79161234567', '+7 (495) 123-45-67', 'inbound'],
		['79161234567', '79031112233', null],
		['79161234567', '', null],
	])('%s → %s: %s', (from, to, direction) => {
		expect(directionFromParties(callParty(from), callParty(to), own)).toBe(direction);
	});

	test('a reason for an unknown direction names the field the event lacks', () => {
		expect(unknownDirectionReason('sipuni')).toContain('"src_type"/"dst_type"');
		expect(unknownDirectionReason('mango')).toContain('"call_direction"');
	});
});

describe('call-end events without their direction fields', () => {
	const sipuni = fixture('sipuni-hangup-answer.json');
	const { src_type: _src, dst_type: _dst, ...untyped } = sipuni;

	test('Sipuni without src_type/dst_type: a client calling an extension is inbound, not internal', () => {
		expect(callOf(untyped)).toMatchObject({
			direction: 'inbound',
			clientPhone: '+79031112233',
			operatorExtension: '202',
		});
		expect(callOf(sipuni)).toMatchObject({ direction: 'inbound', clientPhone: '+79031112233' });
	});

	test("Sipuni from an extension to a client is outbound; from the company's line, once the line is listed", () => {
		const outbound = { ...untyped, src_num: '202', short_src_num: '202', dst_num: '79161234567' };
		delete (outbound as Record<string, unknown>).short_dst_num;
		expect(callOf(outbound)).toMatchObject({
			direction: 'outbound',
			clientPhone: '+79161234567',
			operatorExtension: '202',
		});
		const fromLine = { ...outbound, src_num: '74951234567' };
		delete (fromLine as Record<string, unknown>).short_src_num;
		expect(callOf(fromLine).direction).toBeNull();
		expect(callOf(fromLine, own)).toMatchObject({
			direction: 'outbound',
			clientPhone: '+79161234567',
		});
	});

	test('Sipuni between two extensions stays internal', () => {
		expect(callOf({ ...untyped, src_num: '101', dst_num: '202' }).direction).toBe('internal');
	});

	test('Mango without call_direction: the side with the extension is ours', () => {
		const form = fixture('mango-summary-no-answer.form.json');
		const event = JSON.parse(form.json as string) as Record<string, unknown>;
		delete event.call_direction;
		expect(callOf({ ...form, json: JSON.stringify(event) })).toMatchObject({
			direction: 'outbound',
			clientPhone: '+79161234567',
			operatorExtension: '123',
		});
	});

	test('onlinePBX without direction: an extension calling a number is outbound', () => {
		const { direction: _direction, ...event } = fixture('onlinepbx-call-end.json');
		expect(callOf(event)).toMatchObject({ direction: 'outbound', clientPhone: '+79111117960' });
	});

	test('UIS without direction and no numbers to tell by: unknown, not counted as ours', () => {
		const { direction: _direction, ...event } = fixture('uis-call-ended.json');
		expect(callOf(event)).toMatchObject({ direction: null, clientPhone: '+79161234567' });
	});
});
