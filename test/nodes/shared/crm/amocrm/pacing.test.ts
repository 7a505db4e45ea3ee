import { currentPace, holdOff, takeRequestSlot } from '../../../../../nodes/shared/crm/amocrm/pacing';

describe('amoCRM pacing after a 429', () => {
	test('halves the pace once for requests refused together, then earns one a second back per calm 10 s', async () => {
		const key = `pace-test-${Date.now()}`;
		await takeRequestSlot(key, 7);
		expect(currentPace(key)).toBe(7);
		holdOff(key, 100);
		holdOff(key, 100);
		holdOff(key, 100);
		const slowed = Date.now();
		expect(currentPace(key, slowed)).toBe(3);
		expect(currentPace(key, slowed + 10_500)).toBe(4);
		expect(currentPace(key, slowed + 45_000)).toBe(7);
	});

	test('never below one request a second', () => {
		const key = `pace-floor-${Date.now()}`;
		holdOff(key, 0);
		const first = currentPace(key);
		expect(first).toBeGreaterThanOrEqual(1);
		expect(first).toBeLessThan(7);
	});
});
