import { reportPeriod } from '../../../../../nodes/shared/funnel/metrics/period';

describe('report period', () => {
	// Monday 23 Nov 2026, 09:00 in Moscow.
	const now = '2026-11-23T06:00:00.000Z';

	test('last week is Monday to Monday in the company time zone', () => {
		expect(reportPeriod('lastWeek', now, 'Europe/Moscow')).toEqual({
			ok: true,
			period: {
				from: '2026-11-15T21:00:00.000Z',
				to: '2026-11-22T21:00:00.000Z',
				timeZone: 'Europe/Moscow',
				firstDay: '2026-11-16',
				lastDay: '2026-11-22',
			},
		});
	});

	test('last 7 days, last month, this month', () => {
		const get = (kind: Parameters<typeof reportPeriod>[0]) => {
			const read = reportPeriod(kind, now, 'UTC');
			if (!read.ok) throw new Error(read.reason);
			return [read.period.firstDay, read.period.lastDay];
		};
		expect(get('last7Days')).toEqual(['2026-11-16', '2026-11-22']);
		expect(get('lastMonth')).toEqual(['2026-10-01', '2026-10-31']);
		expect(get('thisMonth')).toEqual(['2026-11-01', '2026-11-23']);
	});

	test('custom dates, the end date included, in either spelling', () => {
		const read = reportPeriod('custom', now, 'UTC', { from: '01.11.2026', to: '2026-11-03' });
		expect(read).toMatchObject({
			ok: true,
			period: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' },
		});
	});

	test('says what is wrong with a bad date or zone', () => {
		expect(reportPeriod('custom', now, 'UTC', { from: 'вчера', to: '2026-11-03' })).toEqual({
			ok: false,
			reason: '"вчера" is not a date (write 2026-11-16)',
		});
		expect(
			reportPeriod('custom', now, 'UTC', { from: '2026-11-05', to: '2026-11-03' }),
		).toMatchObject({
			ok: false,
		});
		expect(reportPeriod('lastWeek', now, 'Mars/Olympus')).toMatchObject({ ok: false });
	});
});
