import type { CrmCall } from '../../../../../nodes/shared/crm/types';
import { attemptsFromHistory } from '../../../../../nodes/shared/funnel/calls/attemptHistory';
import { blankCall, type CallResult } from '../../../../../nodes/shared/funnel/calls/callResult';

function crmCall(at: string, outcome: CrmCall['outcome'], direction: CrmCall['direction'] = 'outbound'): CrmCall {
	return { id: at, dealId: '1', direction, outcome, durationSeconds: 0, at, phone: '+79161234567', responsibleUserId: '11', rawStatus: null };
}

function result(fields: Partial<CallResult>): CallResult {
	return { ...blankCall('mango', 'no_answer'), direction: 'outbound', ...fields };
}

describe('attempts from the CRM\'s call history and the call that just ended', () => {
	const history = [
		crmCall('2024-03-14T07:00:00.000Z', 'no_answer'),
		crmCall('2024-03-14T08:00:00.000Z', 'no_answer', 'inbound'),
		crmCall('2024-03-14T09:00:00.000Z', 'busy'),
		crmCall('2024-03-14T10:00:00.000Z', 'answered', 'inbound'),
	];

	test('our calls count; the client\'s calls only when answered; oldest first', () => {
		expect(attemptsFromHistory(history, null, '2024-03-15T07:00:00Z')).toEqual([
			{ at: '2024-03-14T07:00:00.000Z', outcome: 'no_answer' },
			{ at: '2024-03-14T09:00:00.000Z', outcome: 'busy' },
			{ at: '2024-03-14T10:00:00.000Z', outcome: 'answered' },
		]);
	});

	test('adds the new result, unless the CRM already holds it (same direction, within two minutes)', () => {
		const fresh = attemptsFromHistory(history, result({ startedAt: '2024-03-15T07:00:00.000Z' }), '2024-03-15T07:01:00Z');
		expect(fresh).toHaveLength(4);
		expect(fresh[3]).toEqual({ at: '2024-03-15T07:00:00.000Z', outcome: 'no_answer' });
		const repeated = attemptsFromHistory([...history, crmCall('2024-03-15T07:00:40.000Z', 'no_answer')], result({ startedAt: '2024-03-15T07:00:00.000Z' }), '2024-03-15T07:01:00Z');
		expect(repeated).toHaveLength(4);
	});

	test('a result without a time is placed at "now"; a missed incoming call is not an attempt', () => {
		expect(attemptsFromHistory([], result({}), '2024-03-15T07:01:00.000Z')).toEqual([{ at: '2024-03-15T07:01:00.000Z', outcome: 'no_answer' }]);
		expect(attemptsFromHistory([], result({ direction: 'inbound' }), '2024-03-15T07:01:00.000Z')).toEqual([]);
		expect(attemptsFromHistory([], result({ direction: 'inbound', outcome: 'answered' }), '2024-03-15T07:01:00.000Z')).toHaveLength(1);
	});
});
