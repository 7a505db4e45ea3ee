import { amoAudit, amoStageMoves, amoWebinarImport, bitrixAudit, bitrixCost, bitrixStageMoves, bitrixWebinarImport, idealOf } from '../../scripts/bench/minimums';

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
});
