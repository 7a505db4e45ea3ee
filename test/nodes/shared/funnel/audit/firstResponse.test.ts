import type { CrmCall } from '../../../../../nodes/shared/crm/types';
import {
	firstResponseAt,
	isWithinResponseWindow,
} from '../../../../../nodes/shared/funnel/audit/firstResponse';

const created = '2026-03-16T09:00:00.000Z';
const call = (at: string, fields: Partial<CrmCall> = {}): CrmCall => ({
	id: at,
	dealId: '1',
	direction: 'outbound',
	outcome: 'no_answer',
	durationSeconds: 0,
	at,
	phone: null,
	responsibleUserId: '2',
	rawStatus: null,
	...fields,
});

describe('when a manager first answered a new lead', () => {
	test('our first call counts whatever its outcome: the manager reacted', () => {
		expect(
			firstResponseAt(
				[
					call('2026-03-16T09:40:00.000Z', { outcome: 'answered' }),
					call('2026-03-16T09:25:00.000Z'),
				],
				created,
			),
		).toBe('2026-03-16T09:25:00.000Z');
	});

	test("the client's call counts only when it was answered", () => {
		expect(
			firstResponseAt(
				[
					call('2026-03-16T09:05:00.000Z', { direction: 'inbound', outcome: 'no_answer' }),
					call('2026-03-16T09:10:00.000Z', { direction: 'inbound', outcome: 'answered' }),
				],
				created,
			),
		).toBe('2026-03-16T09:10:00.000Z');
	});

	test('calls from before the deal do not count; a minute of clock slack does', () => {
		expect(firstResponseAt([call('2026-03-15T12:00:00.000Z')], created)).toBeNull();
		expect(firstResponseAt([call('2026-03-16T08:59:30.000Z')], created)).toBe(
			'2026-03-16T08:59:30.000Z',
		);
		expect(firstResponseAt([], created)).toBeNull();
	});

	test("only the window's new deals are measured", () => {
		expect(isWithinResponseWindow(created, '2026-03-23T09:00:00.000Z', 7)).toBe(true);
		expect(isWithinResponseWindow(created, '2026-03-23T09:00:01.000Z', 7)).toBe(false);
		expect(isWithinResponseWindow('', '2026-03-23T09:00:00.000Z', 7)).toBe(false);
	});
});
