import { AMOCRM_LIMIT, BITRIX24_LIMIT, earliestStarts, idealWallSeconds, type BucketLimit, type PlannedRequest } from '../../scripts/bench/limits';

const plain = (n: number) => Array.from({ length: n }, () => ({}));
const seconds = (starts: number[]) => starts.map((ms) => ms / 1000);

describe('the earliest schedule amoCRM allows (7 requests in any second)', () => {
	test('seven requests go at once and the eighth waits for the first to leave the second', () => {
		expect(seconds(earliestStarts(plain(9), AMOCRM_LIMIT))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1]);
	});

	test('41 requests (10,000 stage moves) can all be sent within 5 seconds', () => {
		expect(idealWallSeconds(plain(41), AMOCRM_LIMIT)).toBe(5);
		expect(idealWallSeconds(plain(42), AMOCRM_LIMIT)).toBe(5);
		expect(idealWallSeconds(plain(43), AMOCRM_LIMIT)).toBe(6);
	});

	test('with a latency the others start after the first answer, and the job ends with the last answer', () => {
		const flat = () => 300;
		// Request 0 at 0 (answered at 0.3 s), 1–6 at 0.3 s; each then a second after the one 7 before it: 7 at 1 s,
		// 8 at 1.3 s, … 40 (= 5 × 7 + 5) at 5.3 s, answered at 5.6 s.
		expect(seconds(earliestStarts(plain(9), AMOCRM_LIMIT, 0, 300))).toEqual([0, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 1, 1.3]);
		expect(idealWallSeconds(plain(41), AMOCRM_LIMIT, 0, flat)).toBeCloseTo(5.6, 5);
		// A slow first answer holds every other start back.
		const slowFirst = (r: PlannedRequest) => (r.work?.rows === 1 ? 2000 : 300);
		expect(idealWallSeconds([{ work: { rows: 1 } }, ...plain(6)], AMOCRM_LIMIT, 0, slowFirst)).toBeCloseTo(2.3, 5);
		// The slowest answer, not the last start, ends the job.
		const slowEarly = (r: PlannedRequest) => (r.work?.entities ? 5000 : 100);
		expect(idealWallSeconds([{}, { work: { entities: 250 } }, ...plain(12)], AMOCRM_LIMIT, 0, slowEarly)).toBeCloseTo(5.1, 5);
	});
});

describe('the earliest schedule Bitrix24 allows (bucket 50 draining 2 a second, operating time per method)', () => {
	const bucketOnly: BucketLimit = { ...BITRIX24_LIMIT, operating: undefined };

	test('the bucket takes 50 at once, then one request every half second', () => {
		const starts = seconds(earliestStarts(plain(53), bucketOnly));
		expect(starts.slice(0, 50).every((s) => s === 0)).toBe(true);
		expect(starts.slice(50)).toEqual([0.5, 1, 1.5]);
		expect(idealWallSeconds(plain(201), bucketOnly)).toBe(75.5);
	});

	test('a method over its budget waits until the minute bucket that holds its usage leaves the ten-minute window', () => {
		const heavy = Array.from({ length: 5 }, () => ({ operating: { 'crm.item.update': 100 } }));
		expect(seconds(earliestStarts(heavy, BITRIX24_LIMIT))).toEqual([0, 0, 0, 0, 600]);
		// Started half a minute into the clock's minute: that minute leaves the window 30 s sooner.
		expect(idealWallSeconds(heavy, BITRIX24_LIMIT, 30_000)).toBe(570);
	});

	test('each method has a budget of its own', () => {
		const mixed: PlannedRequest[] = [{ operating: { a: 300 } }, { operating: { b: 300 } }, { operating: { a: 150 } }, { operating: { b: 150 } }];
		expect(idealWallSeconds(mixed, BITRIX24_LIMIT)).toBe(0);
		expect(idealWallSeconds([...mixed, { operating: { a: 100 } }], BITRIX24_LIMIT)).toBe(600);
	});

	test('10,000 crm.item.update at 0.15 s each need three more windows after the first', () => {
		const writes = Array.from({ length: 200 }, () => ({ operating: { 'crm.item.update': 50 * 0.15 } }));
		// 480 s a window = 64 batches; 200 batches fill windows 0, 10 and 20 minutes and spill into the fourth.
		expect(idealWallSeconds([{}, ...writes], BITRIX24_LIMIT)).toBe(1800);
	});

	test('at latency the batches of one chain (pages by ID) wait for each other; two chains run side by side', () => {
		const second = () => 1000;
		const chain = (name: string, n: number) => Array.from({ length: n }, () => ({ chain: name }));
		// One request first (1 s), then a chain of 3: 1 + 3 × 1 s.
		expect(idealWallSeconds([{}, ...chain('a', 3)], BITRIX24_LIMIT, 0, second)).toBe(4);
		// Two chains of 3, interleaved: side by side.
		const both = [{}, ...chain('a', 3).flatMap((r, i) => [r, chain('b', 3)[i]])];
		expect(idealWallSeconds(both, BITRIX24_LIMIT, 0, second)).toBe(4);
		// Without a latency a chain costs nothing.
		expect(idealWallSeconds([{}, ...chain('a', 3)], BITRIX24_LIMIT)).toBe(0);
	});

	test('a request heavier than the whole budget can never run', () => {
		expect(() => earliestStarts([{ operating: { a: 481 } }], BITRIX24_LIMIT)).toThrow('more than the whole budget');
	});
});
