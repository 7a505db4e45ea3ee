import {
	backoffMs,
	DEFAULT_PACING,
	OperatingBudget,
	RequestBucket,
} from '../../../../../nodes/shared/crm/bitrix24/pacing';

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

	test("until a call's cost is known, a method near its operating budget waits for the window to move, others do not", () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		budget.recordAnswer('crm.lead.add', [{ operating: 390, operating_reset_at: 1000 }]);
		budget.recordAnswer('crm.lead.list', [{ operating: 10, operating_reset_at: 1000 }]);
		expect(budget.delayFor('crm.lead.add', 990_000)).toBe(10_250);
		expect(budget.delayFor('crm.lead.list', 990_000)).toBe(0);
		expect(budget.delayFor('crm.lead.add', 1_000_001)).toBe(0);
	});

	test('a refused method waits for its reset time, or a minute when none is known', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		budget.markBlocked('crm.deal.update', 5_000_000);
		expect(budget.delayFor('crm.deal.update', 5_000_000)).toBe(60_250);
		budget.markBlocked('crm.deal.add', 5_000_000, { operating: 480.2, operating_reset_at: 5_200 });
		expect(budget.delayFor('crm.deal.add', 5_000_000)).toBe(200_250);
		// A refused method waits even when its last known total looked small.
		budget.markBlocked('crm.contact.add', 5_000_000, { operating: 12, operating_reset_at: 5_030 });
		expect(budget.delayFor('crm.contact.add', 5_000_000)).toBe(30_250);
		expect(budget.delayFor('crm.contact.add', 5_030_001)).toBe(0);
	});

	test("a call's cost is learnt from the rises inside one answer, not across answers whose gap may hide lost calls", () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		budget.recordAnswer(
			'crm.lead.add',
			[0.12, 0.24, 0.36].map((operating) => ({
				operating,
				operating_reset_at: 1600,
				duration: 0.12,
			})),
		);
		expect(budget.callCost('crm.lead.add')).toBeCloseTo(0.12);
		// A whole batch of 50 ran but its answer was lost: the next answer starts 6 s higher.
		budget.recordAnswer(
			'crm.lead.add',
			[6.48, 6.6].map((operating) => ({ operating, operating_reset_at: 1600, duration: 0.12 })),
		);
		expect(budget.callCost('crm.lead.add')).toBeCloseTo(0.12);
		// A minute left the window between two commands: the drop teaches nothing.
		budget.recordAnswer(
			'crm.lead.add',
			[300, 100.2].map((operating) => ({ operating, operating_reset_at: 1600 })),
		);
		expect(budget.callCost('crm.lead.add')).toBeCloseTo(0.12);
		// A dearer call inside one answer raises the estimate.
		budget.recordAnswer(
			'crm.lead.add',
			[100.2, 100.5].map((operating) => ({ operating, operating_reset_at: 1600 })),
		);
		expect(budget.callCost('crm.lead.add')).toBeCloseTo(0.3);
	});

	test('with the cost known it waits only when the next request would overrun the budget less the reserve', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		budget.recordAnswer('crm.contact.add', [
			{ operating: 420.0, operating_reset_at: 1600, duration: 0.12 },
			{ operating: 420.12, operating_reset_at: 1600, duration: 0.12 },
		]);
		// 25 more calls ≈ 3 s: 423 s ≤ 480 − 24 — go (the old rule stopped at 384 s).
		expect(budget.delayFor('crm.contact.add', 1_000_000, 25)).toBe(0);
		budget.recordAnswer('crm.contact.add', [{ operating: 454, operating_reset_at: 1600 }]);
		expect(budget.delayFor('crm.contact.add', 1_000_000, 25)).toBe(600_250);
		expect(budget.delayFor('crm.contact.add', 1_000_000, 1)).toBe(0);
	});

	test('no wait is unbounded: a reset time far ahead is cut to the window, a stale one means go', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		// A server clock an hour ahead of ours.
		budget.markBlocked('crm.deal.add', 1_000_000, {
			operating: 480,
			operating_reset_at: 1_000 + 3_600,
		});
		expect(budget.delayFor('crm.deal.add', 1_000_000)).toBe(600_250);
		// A reset time of 0 or in the past: the window has moved on as far as we know; send and learn again.
		budget.recordAnswer('crm.deal.list', [{ operating: 470, operating_reset_at: 0 }]);
		expect(budget.delayFor('crm.deal.list', 1_000_000)).toBe(0);
		budget.recordAnswer('crm.deal.list', [{ operating: 470, operating_reset_at: 900 }]);
		expect(budget.delayFor('crm.deal.list', 1_000_000)).toBe(0);
		expect(budget.snapshot()['crm.deal.list']).toBeUndefined();
	});

	test('an estimate that can never fit does not hold a light job: below half the budget it never waits on an estimate', () => {
		const budget = new OperatingBudget(DEFAULT_PACING);
		// One dear call (a big list) seen: 30 s; fifty of them could never fit in any window.
		budget.recordAnswer('crm.lead.list', [
			{ operating: 10, operating_reset_at: 1600, duration: 30 },
		]);
		expect(budget.delayFor('crm.lead.list', 1_000_000, 50)).toBe(0);
		budget.recordAnswer('crm.lead.list', [{ operating: 250, operating_reset_at: 1600 }]);
		expect(budget.delayFor('crm.lead.list', 1_000_000, 50)).toBe(600_250);
		// …and that wait ends at the reset, after which one request goes to learn the budget again.
		expect(budget.delayFor('crm.lead.list', 1_600_001, 50)).toBe(0);
	});

	describe("on a virtual clock against a model of the server's sliding window", () => {
		/** 10 one-minute buckets, 480 s per method; a call is refused when the window is spent (reference §2.2). */
		function serverWindow() {
			const buckets = new Map<number, number>();
			const live = (now: number) => {
				for (const start of [...buckets.keys()]) if (start + 600_000 <= now) buckets.delete(start);
			};
			const total = () => [...buckets.values()].reduce((a, b) => a + b, 0);
			const resetAt = (now: number) =>
				Math.ceil(
					((buckets.size ? Math.min(...buckets.keys()) : Math.floor(now / 60_000) * 60_000) +
						600_000) /
						1000,
				);
			return {
				/** Runs `calls` calls of `cost` s each at `now`; the time block of each, or refused. */
				run(
					now: number,
					calls: number,
					cost: number,
				): Array<{
					refused: boolean;
					time: { operating: number; operating_reset_at: number; duration: number };
				}> {
					live(now);
					return Array.from({ length: calls }, () => {
						if (total() >= 480)
							return {
								refused: true,
								time: { operating: total(), operating_reset_at: resetAt(now), duration: 0 },
							};
						const start = Math.floor(now / 60_000) * 60_000;
						buckets.set(start, (buckets.get(start) ?? 0) + cost);
						return {
							refused: false,
							time: { operating: total(), operating_reset_at: resetAt(now), duration: cost },
						};
					});
				},
			};
		}

		/** Sends `work` seconds of calls in requests of 25 calls, 0.5 s apart at best, pacing on the budget. */
		function job(limits: typeof DEFAULT_PACING, work: number, cost = 0.12) {
			const server = serverWindow();
			const budget = new OperatingBudget(limits);
			let now = 0;
			let left = Math.round(work / cost);
			let refused = 0;
			let longestWait = 0;
			while (left > 0) {
				const wait = budget.delayFor('crm.contact.add', now, Math.min(25, left));
				longestWait = Math.max(longestWait, wait);
				now += wait;
				const answers = server.run(now, Math.min(25, left), cost);
				budget.recordAnswer(
					'crm.contact.add',
					answers.filter((a) => !a.refused).map((a) => a.time),
				);
				const firstRefused = answers.find((a) => a.refused);
				if (firstRefused) budget.markBlocked('crm.contact.add', now, firstRefused.time);
				refused += answers.filter((a) => a.refused).length;
				left -= answers.filter((a) => !a.refused).length;
				now += 500;
			}
			return { seconds: now / 1000, refused, longestWait };
		}

		test("870 s of one method's work fits two windows, without a refusal", () => {
			const paced = job(DEFAULT_PACING, 870);
			expect(paced.seconds).toBeGreaterThan(600); // more than one window's budget: it had to wait once
			expect(paced.seconds).toBeLessThan(1200);
			expect(paced.refused).toBe(0);
			expect(paced.longestWait).toBeLessThanOrEqual(600_250);
		});

		test('slowing down at 80% of the budget (the rule before) needs a third window for the same work', () => {
			// An estimate that never arrives (no durations, one call per answer) leaves only the share rule.
			const server = serverWindow();
			const budget = new OperatingBudget(DEFAULT_PACING);
			let now = 0;
			let left = Math.round(870 / 0.12);
			while (left > 0) {
				now += budget.delayFor('crm.contact.add', now, 25);
				const answers = server.run(now, Math.min(25, left), 0.12);
				const last = answers[answers.length - 1].time;
				budget.recordAnswer('crm.contact.add', [
					{ operating: last.operating, operating_reset_at: last.operating_reset_at },
				]);
				left -= answers.filter((a) => !a.refused).length;
				now += 500;
			}
			expect(now / 1000).toBeGreaterThan(1200);
		});

		test('a job lighter than the budget never waits on the operating budget', () => {
			expect(job(DEFAULT_PACING, 120).longestWait).toBe(0);
		});
	});

	test('backoff doubles up to 30 s and keeps half of it fixed', () => {
		expect([0, 1, 2, 6].map((a) => backoffMs(a, () => 0))).toEqual([500, 1000, 2000, 15_000]);
		expect(backoffMs(10, () => 1)).toBe(30_000);
	});
});
