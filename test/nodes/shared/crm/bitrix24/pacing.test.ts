import { backoffMs, DEFAULT_PACING, OperatingBudget, RequestBucket } from '../../../../../nodes/shared/crm/bitrix24/pacing';

describe('client-side pacing', () => {
	test('the bucket lets 47 requests go at once, then one every half second', () => {
		const bucket = new RequestBucket(DEFAULT_PACING);
		let now = 0;
		for (let i = 0; i < 47; i++) {
			expect(bucket.delayFor(now)).toBe(0);
			bucket.take(now);
		}
		expect(bucket.delayFor(now)).toBe(500);
		now += 500;
		expect(bucket.delayFor(now)).toBe(0);
	});

	test('after a 503 the bucket is treated as full', () => {
		const bucket = new RequestBucket(DEFAULT_PACING);
		bucket.markFull(0);
		expect(bucket.delayFor(0)).toBe(2000); // 50 → 46 at 2 a second
	});

	test('a method near its operating budget waits for the window to move, others do not', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		budget.record('crm.lead.add', { operating: 390, operating_reset_at: 1000 });
		budget.record('crm.lead.list', { operating: 10, operating_reset_at: 1000 });
		expect(budget.delayFor('crm.lead.add', 990_000)).toBe(10_250);
		expect(budget.delayFor('crm.lead.list', 990_000)).toBe(0);
		expect(budget.delayFor('crm.lead.add', 1_000_001)).toBe(0);
	});

	test('a refused method waits for its reset time, or a minute when none is known', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		budget.markBlocked('crm.deal.update', 5_000_000);
		expect(budget.delayFor('crm.deal.update', 5_000_000)).toBe(60_250);
	});

	test('backoff doubles up to 30 s and keeps half of it fixed', () => {
		expect([0, 1, 2, 6].map((a) => backoffMs(a, () => 0))).toEqual([500, 1000, 2000, 15_000]);
		expect(backoffMs(10, () => 1)).toBe(30_000);
	});
});
