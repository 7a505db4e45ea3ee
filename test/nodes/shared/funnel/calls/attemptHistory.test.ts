import type { CrmCall } from '../../../../../nodes/shared/crm/types';
import {
	attemptsFromHistory,
	callsFromField,
	sameCallIn,
} from '../../../../../nodes/shared/funnel/calls/attemptHistory';
import { blankCall, type CallResult } from '../../../../../nodes/shared/funnel/calls/callResult';

function crmCall(
	at: string,
	outcome: CrmCall['outcome'],
	direction: CrmCall['direction'] = 'outbound',
): CrmCall {
	return {
		id: at,
		dealId: '1',
		direction,
		outcome,
		durationSeconds: 0,
		at,
		phone: '+79161234567',
		responsibleUserId: '11',
		rawStatus: null,
	};
}

function result(fields: Partial<CallResult>): CallResult {
	return { ...blankCall('mango', 'no_answer'), direction: 'outbound', ...fields };
}

describe("attempts from the CRM's call history and the call that just ended", () => {
	const history = [
		crmCall('2024-03-14T07:00:00.000Z', 'no_answer'),
		crmCall('2024-03-14T08:00:00.000Z', 'no_answer', 'inbound'),
		crmCall('2024-03-14T09:00:00.000Z', 'busy'),
		crmCall('2024-03-14T10:00:00.000Z', 'answered', 'inbound'),
	];

	test("our calls count; the client's calls only when answered; oldest first", () => {
		expect(attemptsFromHistory(history, null, '2024-03-15T07:00:00Z')).toEqual([
			{ at: '2024-03-14T07:00:00.000Z', outcome: 'no_answer' },
			{ at: '2024-03-14T09:00:00.000Z', outcome: 'busy' },
			{ at: '2024-03-14T10:00:00.000Z', outcome: 'answered' },
		]);
	});

	test('adds the new result, unless the CRM already holds it (same direction, within two minutes)', () => {
		const fresh = attemptsFromHistory(
			history,
			result({ startedAt: '2024-03-15T07:00:00.000Z' }),
			'2024-03-15T07:01:00Z',
		);
		expect(fresh).toHaveLength(4);
		expect(fresh[3]).toEqual({ at: '2024-03-15T07:00:00.000Z', outcome: 'no_answer' });
		const repeated = attemptsFromHistory(
			[...history, crmCall('2024-03-15T07:00:40.000Z', 'no_answer')],
			result({ startedAt: '2024-03-15T07:00:00.000Z' }),
			'2024-03-15T07:01:00Z',
		);
		expect(repeated).toHaveLength(4);
	});

	test('a result without a time is placed at "now"; a missed incoming call is not an attempt', () => {
		expect(attemptsFromHistory([], result({}), '2024-03-15T07:01:00.000Z')).toEqual([
			{ at: '2024-03-15T07:01:00.000Z', outcome: 'no_answer' },
		]);
		expect(
			attemptsFromHistory([], result({ direction: 'inbound' }), '2024-03-15T07:01:00.000Z'),
		).toEqual([]);
		expect(
			attemptsFromHistory(
				[],
				result({ direction: 'inbound', outcome: 'answered' }),
				'2024-03-15T07:01:00.000Z',
			),
		).toHaveLength(1);
	});
});

describe('earlier calls from a field the user keeps', () => {
	const now = '2026-03-16T09:00:00.000Z';
	const current = result({ startedAt: '2026-03-16T08:59:00.000Z' });

	test('a number is that many calls without a conversation before this one', () => {
		const field = callsFromField(2);
		expect(field.ok && field.calls).toHaveLength(2);
		const attempts = attemptsFromHistory(field.ok ? field.calls : [], current, now);
		expect(attempts.map((a) => a.outcome)).toEqual(['no_answer', 'no_answer', 'no_answer']);
		expect(callsFromField('3')).toMatchObject({
			ok: true,
			calls: expect.arrayContaining([expect.objectContaining({ outcome: 'no_answer' })]),
		});
		expect(callsFromField('')).toEqual({ ok: true, calls: [] });
	});

	test('a list of calls (objects, times, JSON text) keeps their times and outcomes', () => {
		const field = callsFromField(
			'[{"at":"2026-03-13T07:00:00Z","outcome":"answered"},{"time":"2026-03-14T07:00:00Z","status":"busy"},"2026-03-15T07:00:00Z",{"date":1710493200,"result":"no answer"}]',
		);
		expect(field.ok).toBe(true);
		const calls = field.ok ? field.calls : [];
		expect(calls.map((c) => [c.at, c.outcome])).toEqual([
			['2026-03-13T07:00:00.000Z', 'answered'],
			['2026-03-14T07:00:00.000Z', 'busy'],
			['2026-03-15T07:00:00.000Z', 'no_answer'],
			['2024-03-15T09:00:00.000Z', 'no_answer'],
		]);
	});

	test("a count has no times: it never fills a day's limit or the gap", () => {
		const field = callsFromField(5);
		const calls = field.ok ? field.calls : [];
		expect(calls.every((c) => c.at < '2001-01-01')).toBe(true);
	});

	test('what cannot be read is refused with the call it is about', () => {
		expect(callsFromField('[{"outcome":"busy"}]')).toEqual({
			ok: false,
			reason: 'call 1 of the history: no time (at, time, date or startedAt)',
		});
		expect(callsFromField('{oops')).toEqual({
			ok: false,
			reason: 'the call history is not valid JSON',
		});
		expect(callsFromField(['вчера'])).toEqual({
			ok: false,
			reason: 'call 1 of the history: "вчера" is not a time',
		});
		expect(callsFromField(-1)).toMatchObject({ ok: false });
	});
});

describe('the call that just ended, when the CRM holds it already', () => {
	const at = '2024-03-15T07:00:00.000Z';
	const now = '2024-03-15T07:30:00Z';
	const zadarma = result({ source: 'zadarma', callId: '1710', startedAt: at });
	const keyed = (key: string, callAt: string): CrmCall => ({
		...crmCall(callAt, 'no_answer'),
		key,
	});

	test("is found by the key Call Attempts wrote, or by the telephony's own call id, whatever the time", () => {
		const later = '2024-03-15T07:20:00.000Z';
		expect(sameCallIn([keyed('n8n:zadarma:1710', later)], zadarma, 'zadarma:1710', now)?.id).toBe(
			later,
		);
		expect(sameCallIn([keyed('1710', later)], zadarma, 'zadarma:1710', now)?.id).toBe(later);
		expect(sameCallIn([keyed('n8n:zadarma:9999', later)], zadarma, 'zadarma:1710', now)).toBeNull();
	});

	test('is found by direction and time when the record carries no key', () => {
		expect(
			sameCallIn([crmCall('2024-03-15T07:01:30.000Z', 'busy')], zadarma, null, now),
		).not.toBeNull();
		expect(
			sameCallIn([crmCall('2024-03-15T07:01:30.000Z', 'busy', 'inbound')], zadarma, null, now),
		).toBeNull();
		expect(
			sameCallIn([crmCall('2024-03-15T07:03:00.000Z', 'busy')], zadarma, null, now),
		).toBeNull();
	});

	test("a call Call Attempts wrote and the telephony's own record of it count once", () => {
		const history = [
			keyed('n8n:zadarma:1', '2024-03-15T06:00:00.000Z'),
			crmCall('2024-03-15T06:00:50.000Z', 'no_answer'),
		];
		expect(attemptsFromHistory(history, zadarma, now, 'zadarma:1710')).toEqual([
			{ at: '2024-03-15T06:00:50.000Z', outcome: 'no_answer' },
			{ at, outcome: 'no_answer' },
		]);
		// Two calls the node wrote a minute apart are two calls (an operator who redials at once).
		const redial = [
			keyed('n8n:zadarma:1', '2024-03-15T06:00:00.000Z'),
			keyed('n8n:zadarma:2', '2024-03-15T06:01:00.000Z'),
		];
		expect(attemptsFromHistory(redial, null, now)).toHaveLength(2);
		// One call written twice (two workers handling one delivery at the same moment) is one call.
		const twice = [
			keyed('n8n:zadarma:1', '2024-03-15T06:00:00.000Z'),
			keyed('n8n:zadarma:1', '2024-03-15T06:00:00.000Z'),
		];
		expect(attemptsFromHistory(twice, null, now)).toHaveLength(1);
	});
});
