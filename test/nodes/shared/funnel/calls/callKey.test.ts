import {
	callBackTaskText,
	callKey,
	isTaskOfCall,
	taskMark,
} from '../../../../../nodes/shared/funnel/calls/callKey';
import { blankCall, type CallResult } from '../../../../../nodes/shared/funnel/calls/callResult';

const call = (fields: Partial<CallResult>): CallResult => ({
	...blankCall('zadarma', 'no_answer'),
	...fields,
});

describe('the key that makes a repeated delivery of a call harmless', () => {
	test("is the source's own call id; else the client's number and start time; else none", () => {
		expect(callKey(call({ callId: 'out_9f1c7e2a', clientPhone: '+79161234567' }))).toBe(
			'zadarma:out_9f1c7e2a',
		);
		expect(
			callKey(call({ clientPhone: '+79161234567', startedAt: '2026-03-14T07:02:10.000Z' })),
		).toBe('zadarma:+79161234567@2026-03-14T07:02:10.000Z');
		expect(callKey(call({ clientPhone: '+79161234567' }))).toBeNull();
	});

	test('two PBXs with the same call id are two calls', () => {
		expect(callKey({ ...call({ callId: '42' }), source: 'mango' })).not.toBe(
			callKey(call({ callId: '42' })),
		);
	});

	test("a call-back task carries the call's mark after the user's words, with the placeholders filled in", () => {
		const text = callBackTaskText(
			'Перезвонить {phone}: попытка {attempt} из {maxAttempts}',
			{ attempt: 2, maxAttempts: 3, phone: '+79161234567' },
			'zadarma:out_1',
		);
		expect(text).toBe('Перезвонить +79161234567: попытка 2 из 3 [call zadarma:out_1]');
		expect(isTaskOfCall(text, 'zadarma:out_1')).toBe(true);
		expect(isTaskOfCall(text, 'zadarma:out_10')).toBe(false);
		expect(isTaskOfCall(`Позвонить: ${text}\nописание`, 'zadarma:out_1')).toBe(true);
	});

	test('empty words fall back to the default text; without a key there is no mark', () => {
		expect(callBackTaskText('  ', { attempt: 1, maxAttempts: 7, phone: null }, null)).toBe(
			'Перезвонить клиенту (попытка 1 из 7)',
		);
		expect(taskMark('mango:abc')).toBe('[call mango:abc]');
	});
});
