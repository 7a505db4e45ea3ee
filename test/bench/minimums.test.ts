import { amoAudit, amoStageMoves, amoWebinarImport, bitrixAudit, bitrixCost, bitrixStageMoves, bitrixWebinarImport, idealOf } from '../../scripts/bench/minimums';
import { AMOCRM_LATENCY, BITRIX24_LATENCY, latencyModel } from '../emulators/timing';

describe('the API minimum of each job, from the batch limits', () => {
	test('10,000 amoCRM stage moves: one pipelines read and 40 PATCH of 250', () => {
		const minimum = amoStageMoves(10_000);
		expect(minimum.requests).toHaveLength(41);
		expect(minimum.arithmetic).toContain('⌈10,000 ÷ 250 leads per PATCH⌉ = 40');
	});

	test('10,000 Bitrix24 stage moves: one read and 200 batches of 50 crm.item.update, charged at the emulator\'s cost', () => {
		const minimum = bitrixStageMoves(10_000);
		expect(minimum.requests).toHaveLength(201);
		const charged = minimum.requests.reduce((sum, r) => sum + (r.operating?.['crm.item.update'] ?? 0), 0);
		expect(charged).toBeCloseTo(10_000 * bitrixCost('crm.item.update'));
	});

	test('a webinar import into amoCRM reads every contact when that is cheaper than one search per key', () => {
		expect(amoWebinarImport({ contacts: 5_000, keys: 15_000, newPeople: 7_000 }).requests).toHaveLength(1 + 20 + 140);
		// A small list against a large account: searching each key costs less than reading 400 pages.
		const few = amoWebinarImport({ contacts: 100_000, keys: 30, newPeople: 10 });
		expect(few.requests).toHaveLength(1 + 30 + 1);
		expect(few.arithmetic).toContain('one per key');
	});

	test('a webinar import into Bitrix24: 20 values per findbycomm, 50 commands a batch, contact and deal paired in one batch', () => {
		const minimum = bitrixWebinarImport({ phones: 1_000, emails: 1_000, newPeople: 654 });
		// (50 + 50) findbycomm → 2 batches; 654 pairs at 25 a batch → 27 batches.
		expect(minimum.requests).toHaveLength(1 + 2 + 27);
	});

	test('a weekly audit reads every deal, the open tasks and the calls of the week\'s new deals', () => {
		// The calls of 1,000 new leads: 206 eight-digit ids fit a URL (5 reads) unless their notes fill more pages.
		expect(amoAudit({ leads: 50_000, openTasks: 28_000, newDeals: 1_000, newDealCalls: 400 }).requests).toHaveLength(2 + 200 + 112 + 5);
		expect(amoAudit({ leads: 50_000, openTasks: 28_000, newDeals: 1_000, newDealCalls: 3_000 }).requests).toHaveLength(2 + 200 + 112 + 12);
		// 1,000 pages of deals and 600 of activities, 50 list commands a batch.
		expect(bitrixAudit({ deals: 50_000, openActivities: 30_000, newDeals: 1_000 }).requests).toHaveLength(1 + 20 + 12 + 1);
		// 6,600 new deals with 10,250 calls: 205 pages of calls, more than the 132 commands their ids need.
		expect(bitrixAudit({ deals: 50_000, openActivities: 30_000, newDeals: 6_600, newDealCalls: 10_250 }).requests).toHaveLength(1 + 20 + 12 + 5);
	});

	test('the ideal time explains itself', () => {
		expect(idealOf('amocrm', amoStageMoves(10_000), 0)).toEqual({ seconds: 5, arithmetic: expect.stringContaining('request 41 at 5 s') });
		const bitrix = idealOf('bitrix24', bitrixStageMoves(10_000), 0);
		expect(bitrix.seconds).toBe(1800);
		expect(bitrix.arithmetic).toContain('crm.item.update 1500 s');
	});

	test('at latency the ideal adds the first answer, which the others wait for, and the last answer', () => {
		// 41 requests: a GET of the 2 pipelines (250 + 2×2 ms), then 40 PATCHes of 250 leads (250 + 250×15 ms = 4 s).
		const amo = idealOf('amocrm', amoStageMoves(10_000), 0, AMOCRM_LATENCY);
		// The others start once the first has answered (0.254 s); request 41 at 5.254 s, answered 4 s later.
		expect(amo.seconds).toBeCloseTo(9.254, 5);
		expect(amo.arithmetic).toMatch(/first answer \(0\.25 s\).*the last: 4 s\) → 9\.25 s/);
		// No latency model, or a model of 0: the ideal without latency.
		expect(idealOf('amocrm', amoStageMoves(10_000), 0, latencyModel(false, AMOCRM_LATENCY)).seconds).toBe(5);
		// Bitrix24: the budget's windows dominate; the last batch's 50 updates add their execution time and the base.
		const bitrix = idealOf('bitrix24', bitrixStageMoves(10_000), 0, BITRIX24_LATENCY);
		expect(bitrix.seconds).toBeCloseTo(1800 + 0.2 + 50 * bitrixCost('crm.item.update'), 5);
	});
});
