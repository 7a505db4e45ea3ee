import {
	createdByOrigin,
	ORIGINATOR,
	todoReconciler,
} from '../../../../../nodes/shared/crm/bitrix24/reconcile';
import type { CommandRunner } from '../../../../../nodes/shared/crm/bitrix24/commands';
import { listAll, readAfterId, scanById } from '../../../../../nodes/shared/crm/bitrix24/paging';
import { start, type RunningEmulator } from '../../../../emulators/bitrix24';
import { controlCall } from '../../../../emulators/bitrix24/testClient';
import { testTransport } from './fetchTransport';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await start();
});
afterAll(() => emu.close());
beforeEach(() => controlCall(emu.url, 'POST', 'reset'));

const stats = async () => (await controlCall(emu.url, 'GET', 'stats')).body;
const leadCreates = (n: number, tag: string) =>
	Array.from({ length: n }, (_, i) => ({
		method: 'crm.lead.add',
		params: {
			fields: {
				TITLE: `${tag} ${i}`,
				ORIGINATOR_ID: ORIGINATOR,
				ORIGIN_ID: `${tag}-${i}`,
				PHONE: [{ VALUE: `+7916${String(i).padStart(7, '0')}`, VALUE_TYPE: 'WORK' }],
			},
		},
		reconcile: createdByOrigin('lead'),
	}));
const leadsTagged = (tag: string) =>
	[...emu.emulator.state.entities.LEAD.values()].filter((l) =>
		String(l.TITLE).startsWith(`${tag} `),
	);
const todosTitled = (title: string) =>
	[...emu.emulator.state.activities.values()].filter((a) => a.SUBJECT === title);

/** Waits (bounded) until the emulator's state shows what a test waits for; no fixed sleep. */
async function until(condition: () => boolean, what: string): Promise<void> {
	for (const started = Date.now(); !condition();) {
		if (Date.now() - started > 20_000) throw new Error(`gave up waiting: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('command runner against the emulator', () => {
	test('120 commands go in 3 requests and come back in order', async () => {
		const { runner, client } = testTransport(emu.webhook);
		const outcomes = await runner.run(
			Array.from({ length: 120 }, (_, i) => ({ method: 'crm.contact.get', params: { id: i + 1 } })),
		);
		expect(outcomes.map((o) => o.ok && (o.value as { ID: string }).ID)).toEqual(
			Array.from({ length: 120 }, (_, i) => String(i + 1)),
		);
		expect(client.stats.requests).toBe(3);
	});

	test("a failing command fails alone, with the CRM's own message", async () => {
		const { runner } = testTransport(emu.webhook);
		const [good, bad] = await runner.run([
			{ method: 'crm.lead.get', params: { id: 1 } },
			{ method: 'crm.lead.get', params: { id: 999999 } },
		]);
		expect(good.ok).toBe(true);
		expect(bad).toEqual({
			ok: false,
			error: expect.objectContaining({
				code: '',
				description: 'Not found',
				method: 'crm.lead.get',
			}),
		});
	});

	test('stays under the real bucket: 3,000 reads in 60 requests without one 503', async () => {
		// The portal's bucket drains on real time here, so the client paces on real time too (a virtual clock that
		// adds up the waits of batches in flight side by side would run ahead of the portal's).
		const { runner, client } = testTransport(emu.webhook);
		const outcomes = await runner.run(
			Array.from({ length: 3000 }, (_, i) => ({
				method: 'crm.contact.get',
				params: { id: (i % 300) + 1 },
			})),
		);
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(client.stats.requests).toBe(60);
		expect((await stats()).rateLimited).toBe(0);
		// That the last 13 waited for the bucket to drain is checked on a virtual clock (pipelining.test.ts).
	}, 30_000);

	test('rides out a burst of 503s: every command runs exactly once', async () => {
		await controlCall(emu.url, 'POST', 'faults', { burst429: 3 });
		const { runner, client } = testTransport(emu.webhook);
		const outcomes = await runner.run(leadCreates(100, 'Burst'));
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(client.stats.limited).toBe(3);
		expect(leadsTagged('Burst')).toHaveLength(100);
	});

	test('with 5% ambiguous 5xx and partial batch failures, 1,000 creates are neither lost nor doubled', async () => {
		await controlCall(emu.url, 'POST', 'faults', {
			error5xxRate: 0.05,
			applyBeforeFailRate: 0.5,
			partialBatchFailureRate: 0.05,
			resetRate: 0.02,
			seed: 5,
		});
		const { runner } = testTransport(emu.webhook);
		const outcomes = await runner.run(leadCreates(1000, 'Faulty'));
		expect(outcomes.filter((o) => !o.ok)).toEqual([]);
		const created = leadsTagged('Faulty');
		expect(created).toHaveLength(1000);
		expect(new Set(created.map((l) => l.ORIGIN_ID)).size).toBe(1000);
		// each outcome points at the lead made for it
		const byId = new Map(created.map((l) => [Number(l.ID), l.ORIGIN_ID]));
		outcomes.forEach((o, i) => expect(o.ok && byId.get(Number(o.value))).toBe(`Faulty-${i}`));
		expect(runner.stats.reconciled).toBeGreaterThan(0);
		expect((await stats()).faultsInjected).toBeGreaterThan(0);
	});

	test('a to-do whose answer was lost is found by owner, title and deadline, not made twice', async () => {
		await controlCall(emu.url, 'POST', 'faults', {
			error5xxRate: 1,
			applyBeforeFailRate: 1,
			seed: 1,
		});
		const { runner } = testTransport(emu.webhook);
		const since = new Date(Date.now() - 60_000).toISOString();
		const command = {
			method: 'crm.activity.todo.add',
			params: {
				ownerTypeId: 2,
				ownerId: 1,
				deadline: '2031-02-03T10:00:00+00:00',
				title: 'Reconcile me',
				responsibleId: 2,
			},
			reconcile: todoReconciler(since),
		};
		const promise = runner.run([command]);
		// the first attempt is applied and its answer lost; then the faults are lifted so the check can read
		await until(
			() => [...emu.emulator.state.activities.values()].some((a) => a.SUBJECT === 'Reconcile me'),
			'the first attempt applied',
		);
		await controlCall(emu.url, 'DELETE', 'faults');
		const [outcome] = await promise;
		expect(outcome).toEqual({ ok: true, value: { id: expect.any(Number) }, reconciled: true });
		expect(todosTitled('Reconcile me')).toHaveLength(1);
	});

	test('a timed-out create is looked up before it is sent again', async () => {
		await controlCall(emu.url, 'POST', 'faults', {
			timeoutRate: 1,
			applyBeforeFailRate: 1,
			seed: 2,
		});
		const { runner } = testTransport(emu.webhook, { timeoutMs: 300 });
		const promise = runner.run(leadCreates(3, 'Slow'));
		// the batch is applied and its answer never comes; the faults are lifted for the look-up
		await until(() => leadsTagged('Slow').length === 3, 'the first batch applied');
		await controlCall(emu.url, 'DELETE', 'faults');
		const outcomes = await promise;
		expect(outcomes.every((o) => o.ok && o.reconciled)).toBe(true);
		expect(leadsTagged('Slow')).toHaveLength(3);
	});

	test('slows down before a method spends its operating budget: no OPERATION_TIME_LIMIT at all', async () => {
		// The portal and the client on one virtual clock that moves only while the client waits: how busy the machine
		// is cannot move the portal's window apart from what the client counts. A tiny budget: 1.5 s of server time per
		// 4 s (adds cost 0.12 s).
		let now = Date.now();
		const clock = {
			now: () => now,
			sleep: async (ms: number) => {
				const until = now + ms;
				await new Promise((resolve) => setImmediate(resolve));
				now = Math.max(now, until);
			},
		};
		const portal = await start({ now: clock.now });
		try {
			await controlCall(portal.url, 'POST', 'limits', {
				operatingLimitSeconds: 1.5,
				operatingWindowMs: 4000,
			});
			const { runner, client } = testTransport(portal.webhook, {
				batchSize: 2,
				pacing: { operatingLimitSeconds: 1.5, operatingSlowdownShare: 0.5 },
				// One request at a time: the budget's pacing alone decides (pipelining has tests of its own).
				maxInFlight: 1,
				clock,
			});
			const outcomes = await runner.run(leadCreates(16, 'Paced'));
			expect(outcomes.every((o) => o.ok)).toBe(true);
			expect(runner.stats.resent).toBe(0);
			expect((await controlCall(portal.url, 'GET', 'stats')).body.rateLimited).toBe(0);
			// 16 creates at 0.12 s are 1.92 s of server time: more than the budget, so the client had to wait (virtual).
			expect(client.stats.waitedMs).toBeGreaterThan(0);
			expect(
				[...portal.emulator.state.entities.LEAD.values()].filter((l) =>
					String(l.TITLE).startsWith('Paced '),
				),
			).toHaveLength(16);
		} finally {
			await portal.close();
		}
	});

	test('when refused with OPERATION_TIME_LIMIT, waits for operating_reset_at and finishes the job', async () => {
		await controlCall(emu.url, 'POST', 'limits', {
			operatingLimitSeconds: 0.5,
			operatingWindowMs: 4000,
		});
		const { runner } = testTransport(emu.webhook);
		const outcomes = await runner.run(leadCreates(12, 'Budget'));
		expect(outcomes.every((o) => o.ok)).toBe(true);
		expect(runner.stats.resent).toBeGreaterThan(0);
		expect(leadsTagged('Budget')).toHaveLength(12);
	});
});

describe('paging', () => {
	test('listAll reads 300+ contacts in 2 requests: the first page, then the rest in one batch', async () => {
		const { runner, client } = testTransport(emu.webhook);
		const rows = await listAll(runner, 'crm.contact.list', {
			select: ['ID'],
			order: { ID: 'ASC' },
		});
		expect(rows.map((r) => Number(r.ID))).toEqual(
			[...emu.emulator.state.entities.CONTACT.keys()].sort((a, b) => a - b),
		);
		expect(client.stats.requests).toBe(2);
	});

	test('scanById reads every lead by ID with start=-1, chained pages in one request', async () => {
		const { client } = testTransport(emu.webhook);
		const seen: number[] = [];
		let pages = 0;
		for await (const page of scanById(
			client,
			'crm.lead.list',
			{ select: ['ID', 'TITLE'] },
			{ idField: 'ID' },
		)) {
			pages++;
			seen.push(...page.map((r) => Number(r.ID)));
		}
		expect(seen).toEqual([...emu.emulator.state.entities.LEAD.keys()].sort((a, b) => a - b));
		expect(client.stats.requests).toBe(2); // 1 page, then a chain of 50 pages covers the other 150
		expect(pages).toBe(2);
		const counted = (await controlCall(emu.url, 'GET', 'requests')).body.requests;
		expect(counted.every((r: { restMethod: string }) => r.restMethod === 'batch')).toBe(true);
	});

	test('scanById: a full first page goes straight to a batch of 50 chained pages; a one-page list is one request', async () => {
		const { client } = testTransport(emu.webhook);
		const leads = [...emu.emulator.state.entities.LEAD.keys()].sort((a, b) => a - b);
		expect(leads.length).toBeGreaterThan(50);
		const seen: number[] = [];
		for await (const page of scanById(
			client,
			'crm.lead.list',
			{ select: ['ID'] },
			{ idField: 'ID' },
		))
			seen.push(...page.map((r) => Number(r.ID)));
		expect(seen).toEqual(leads);
		const log = (await controlCall(emu.url, 'GET', 'requests')).body.requests as Array<{
			batchCommands: number;
		}>;
		expect(log.map((r) => r.batchCommands)).toEqual([1, 50]);

		await controlCall(emu.url, 'DELETE', 'requests');
		const small: number[] = [];
		for await (const page of scanById(
			client,
			'crm.lead.list',
			{ select: ['ID'], filter: { '@ID': leads.slice(0, 7) } },
			{ idField: 'ID' },
		))
			small.push(...page.map((r) => Number(r.ID)));
		expect(small).toEqual(leads.slice(0, 7));
		expect((await controlCall(emu.url, 'GET', 'requests')).body.count).toBe(1);
	});

	test('readAfterId reads many lists whole, page by page by ID, their pages sharing requests', async () => {
		const { runner, client } = testTransport(emu.webhook);
		const leads = [...emu.emulator.state.entities.LEAD.keys()].sort((a, b) => a - b);
		// Three lists: every lead (more than a page), the first 3 leads, and no lead at all.
		const rows = await readAfterId(runner, 'crm.lead.list', { select: ['ID'] }, [
			{ '>=ID': 1 },
			{ '@ID': leads.slice(0, 3) },
			{ '@ID': [999_999] },
		]);
		expect(rows.map((r) => Number(r.ID))).toEqual([...leads, ...leads.slice(0, 3)]);
		const pages = Math.floor(leads.length / 50) + 1;
		expect(client.stats.requests).toBe(pages);
		const log = (await controlCall(emu.url, 'GET', 'requests')).body.requests as Array<{
			batchCommands: number;
		}>;
		expect(log.map((r) => r.batchCommands)).toEqual([
			3,
			...Array.from({ length: pages - 1 }, () => 1),
		]);
		expect(emu.emulator.stats.countedLists).toEqual({});
	});

	test('readAfterId stops with an error when a full page does not move past the last ID (it would ask forever)', async () => {
		const samePage = {
			run: async (commands: unknown[]) =>
				commands.map(() => ({ ok: true, value: Array.from({ length: 50 }, () => ({ ID: '0' })) })),
		} as unknown as CommandRunner;
		await expect(readAfterId(samePage, 'crm.activity.list', {}, [{ OWNER_ID: 1 }])).rejects.toThrow(
			'does not advance past ID 0',
		);
	});

	test('scanById works on crm.item.list too', async () => {
		const { client } = testTransport(emu.webhook);
		const seen: number[] = [];
		for await (const page of scanById(
			client,
			'crm.item.list',
			{ entityTypeId: 2, select: ['id'], filter: { categoryId: 3 } },
			{ idField: 'id' },
		))
			seen.push(...page.map((r) => Number(r.id)));
		const expected = [...emu.emulator.state.entities.DEAL.values()]
			.filter((d) => d.CATEGORY_ID === 3)
			.map((d) => Number(d.ID));
		expect(seen).toEqual(expected.sort((a, b) => a - b));
	});
});
