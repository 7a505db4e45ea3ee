import { runBitrix24 } from './nodeHarness';
import { requestCount, testPortal } from './portal';

const portal = testPortal();

const contactIdsByPhone = (tail: string) =>
	[...portal.emu.emulator.state.entities.CONTACT.values()]
		.filter((c) =>
			(c.PHONE as Array<{ VALUE: string }>).some((p) => p.VALUE.replace(/\D/g, '').endsWith(tail)),
		)
		.map((c) => String(c.ID));

describe('Bitrix24 node: duplicates', () => {
	test('finds the contact whatever format the phone was stored in', async () => {
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'duplicate',
				operation: 'find',
				by: 'PHONE',
				value: '={{ $json.phone }}',
				lookIn: 'CONTACT',
			},
			[{ phone: '8 (903) 555-01-01' }, { phone: '+7 999 000-00-00' }],
		);
		expect(out[0]).toMatchObject({
			value: '8 (903) 555-01-01',
			key: '+79035550101',
			found: true,
			contacts: [{ name: 'Мария Гусева', responsibleId: '3' }],
			leads: [],
		});
		expect(out[1]).toMatchObject({ found: false, contacts: [], leads: [] });
	});

	test('1,000 phones checked in at most 2 requests: 50 findbycomm commands of 20 numbers, then the records found', async () => {
		const items = Array.from({ length: 1000 }, (_, i) => ({
			phone: i === 500 ? '+7 903 555-01-03' : `+7 999 ${String(i).padStart(7, '0')}`,
		}));
		const before = await requestCount(portal);
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'duplicate',
				operation: 'find',
				by: 'PHONE',
				value: '={{ $json.phone }}',
				lookIn: 'both',
			},
			items,
		);
		expect((await requestCount(portal)) - before).toBeLessThanOrEqual(2);
		expect(portal.emu.emulator.stats.byMethod['crm.duplicate.findbycomm']).toBe(50);
		expect(out.filter((o) => o.found).map((o) => o.value)).toEqual(['+7 903 555-01-03']);
		expect(out[500].contacts).toEqual([expect.objectContaining({ name: 'Елена Белова' })]);
	});

	test('1,000 unknown phones cost one request', async () => {
		const items = Array.from({ length: 1000 }, (_, i) => ({
			phone: `+7 999 ${String(i).padStart(7, '0')}`,
		}));
		const before = await requestCount(portal);
		await runBitrix24(
			portal.harness,
			{
				resource: 'duplicate',
				operation: 'find',
				by: 'PHONE',
				value: '={{ $json.phone }}',
				lookIn: 'both',
			},
			items,
		);
		expect((await requestCount(portal)) - before).toBe(1);
	});

	test('finds by e-mail regardless of case', async () => {
		const { out } = await runBitrix24(portal.harness, {
			resource: 'duplicate',
			operation: 'find',
			by: 'EMAIL',
			value: ' Maria.Guseva@MAIL.RU ',
			lookIn: 'both',
		});
		expect(out[0]).toMatchObject({
			found: true,
			contacts: [expect.objectContaining({ name: 'Мария Гусева' })],
		});
	});

	test('merges duplicates into the first; a conflict gives the page to finish it by hand', async () => {
		const [keep, drop] = contactIdsByPhone('5550106');
		const [a, b] = contactIdsByPhone('5550107');
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'duplicate',
				operation: 'merge',
				mergeType: 'contact',
				keepId: '={{ $json.keep }}',
				mergeIds: '={{ $json.merge }}',
			},
			[
				{ keep, merge: drop },
				{ keep: a, merge: [b] },
			],
		);
		expect(out[0]).toEqual({ status: 'merged', keepId: keep, mergedIds: [drop] });
		expect(out[1]).toEqual({
			status: 'conflict',
			keepId: a,
			mergedIds: [],
			mergePage: `${portal.emu.url}/crm/contact/merge/?id=${a},${b}`,
		});
		expect(portal.emu.emulator.state.entities.CONTACT.has(Number(drop))).toBe(false);
	});
});
