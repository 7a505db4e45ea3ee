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

	test('once a call\'s cost is known, a method uses its whole budget: it waits only when the next request would overrun it', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		// A batch's answers: crm.item.update at 0.15 s a call, the window's total rising with each.
		for (let k = 1; k <= 50; k++) budget.record('crm.item.update', { operating: 400 + k * 0.15, operating_reset_at: 1000 });
		const total = 400 + 50 * 0.15;
		expect(total).toBeGreaterThan(DEFAULT_PACING.operatingLimitSeconds * DEFAULT_PACING.operatingSlowdownShare);
		// 407.5 s used: 50 more calls (7.5 s) fit in 480 s, 500 would not.
		expect(budget.delayFor('crm.item.update', 990_000, 50)).toBe(0);
		expect(budget.delayFor('crm.item.update', 990_000, 500)).toBe(10_250);
		// A dear method (3 s a call) keeps a reserve of one request's worth: 333 s + 50 × 3 s would overrun.
		budget.record('crm.item.list', { operating: 330, operating_reset_at: 1000 });
		budget.record('crm.item.list', { operating: 333, operating_reset_at: 1000 });
		expect(budget.delayFor('crm.item.list', 990_000, 50)).toBe(10_250);
		expect(budget.delayFor('crm.item.list', 990_000, 1)).toBe(0);
	});

	test('a drop of the total (the window moved on) is not taken for a call\'s cost', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		budget.record('crm.deal.add', { operating: 450, operating_reset_at: 1000 });
		budget.record('crm.deal.add', { operating: 20, operating_reset_at: 1060 });
		budget.record('crm.deal.add', { operating: 20.1, operating_reset_at: 1060 });
		expect(budget.delayFor('crm.deal.add', 990_000, 50)).toBe(0);
		budget.record('crm.deal.add', { operating: 476, operating_reset_at: 1060 });
		expect(budget.delayFor('crm.deal.add', 990_000, 50)).toBeGreaterThan(0);
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
