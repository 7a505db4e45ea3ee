import type { IDataObject } from 'n8n-workflow';

import { amoWorld, byName, runAmo, type AmoWorld } from './helpers';

/**
 * The acceptance bulk runs of issue 3, against the emulator's real limits (7 requests a second, 429, ban):
 * 1,000 leads with contacts and 1,000 stage moves in at most 20 requests each, with zero 429 — and the same
 * creates under 429 bursts and 5% server errors (half of them applied before failing) end with exactly 1,000.
 */
const N = 1000;

/** A client's phone the way a form sends it: 8 (926) 000-00-17. */
function phoneOf(i: number): string {
	const d = String(i).padStart(7, '0');
	return `8 (926) ${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
}

const leads = (prefix: string): IDataObject[] =>
	Array.from({ length: N }, (_, i) => ({
		name: `${prefix} ${String(i).padStart(4, '0')}`,
		client: `Клиент ${prefix} ${i}`,
		phone: phoneOf(i),
		email: `client${i}@${prefix.toLowerCase()}.example`,
	}));

const createParameters = {
	resource: 'lead',
	operation: 'create',
	name: '={{ $json.name }}',
	contactMode: 'new',
	contactName: '={{ $json.client }}',
	phone: '={{ $json.phone }}',
	email: '={{ $json.email }}',
	additionalFields: { tags: 'вебинар, A' },
};

describe('amoCRM node, bulk (acceptance)', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld();
	});
	afterAll(() => world.close());
	beforeEach(async () => {
		await world.api.control('POST', '/reset');
	});

	const named = async (prefix: string) => {
		const state = await world.api.state();
		const mine = state.leads.filter((l: { name: string }) => l.name.startsWith(`${prefix} `));
		const contactIds = new Set(
			mine.flatMap((l: { contacts: Array<{ id: number }> }) => l.contacts.map((c) => c.id)),
		);
		return {
			leads: mine,
			names: new Set(mine.map((l: { name: string }) => l.name)),
			contacts: state.contacts.filter((c: { id: number }) => contactIds.has(c.id)),
		};
	};

	test('1,000 leads with their contacts: at most 20 requests, no 429, exactly 1,000 of each', async () => {
		const run = await runAmo(world, createParameters, leads('Bulk'));
		expect(run.status).toBe('success');
		const output = run.items('amoCRM');
		expect(output).toHaveLength(N);
		expect(output.every((o) => typeof o.id === 'number' && typeof o.contactId === 'number')).toBe(
			true,
		);
		const stats = await world.api.control('GET', '/stats');
		expect(stats.requests).toBeLessThanOrEqual(20);
		expect(stats.rateLimited).toBe(0);
		console.log(`bulk create: ${stats.requests} requests for ${N} leads with contacts`);
		const created = await named('Bulk');
		expect(created.leads).toHaveLength(N);
		expect(created.names.size).toBe(N);
		expect(created.contacts).toHaveLength(N);
		expect(created.contacts[0].custom_fields_values[0].values[0].value).toMatch(/^\+7926\d{7}$/);
	}, 120_000);

	test('1,000 stage moves by stage name: at most 20 requests, no 429, all 1,000 in the stage', async () => {
		const state = await world.api.state();
		const ids = state.leads
			.filter((l: { status_id: number }) => l.status_id !== 142 && l.status_id !== 143)
			.map((l: { id: number }) => l.id);
		// Top up with fresh leads so there are 1,000 open ones to move.
		while (ids.length < N) {
			const more = await world.api.post(
				'/api/v4/leads',
				Array.from({ length: Math.min(250, N - ids.length) }, (_, i) => ({ name: `Extra ${i}` })),
			);
			ids.push(...more.body._embedded.leads.map((l: { id: number }) => l.id));
		}
		// The top-up's own requests leave amoCRM's one-second window: step the emulator's clock past it.
		await world.api.control('POST', '/clock', { advanceMs: 1000 });
		await world.api.control('DELETE', '/requests');
		const parameters = {
			resource: 'lead',
			operation: 'moveToStage',
			leadId: '={{ $json.id }}',
			pipeline: byName('Вебинар'),
			stage: byName('Отправлен на повтор вебинара'),
		};
		const run = await runAmo(
			world,
			parameters,
			ids.slice(0, N).map((id: number) => ({ id })),
		);
		expect(run.status).toBe('success');
		expect(run.items('amoCRM')).toHaveLength(N);
		const log = await world.api.control('GET', '/requests');
		expect(log.count).toBeLessThanOrEqual(20);
		console.log(
			`bulk move: ${log.count} requests (${log.requests.map((r: { method: string }) => r.method).join(', ')}) for ${N} leads`,
		);
		expect((await world.api.control('GET', '/stats')).rateLimited).toBe(0);
		const moved = (await world.api.state()).leads.filter(
			(l: { id: number; pipeline_id: number; status_id: number }) =>
				ids.slice(0, N).includes(l.id) && l.pipeline_id === 7_100_002 && l.status_id === 58_200_007,
		);
		expect(moved).toHaveLength(N);
	}, 120_000);

	test('under 429 bursts and 5% server errors (some applied before failing), still exactly 1,000 leads and no ban', async () => {
		await world.api.control('POST', '/faults', {
			seed: 7,
			burst429: 3,
			error5xxRate: 0.05,
			applyBeforeFailRate: 0.5,
			resetRate: 0.02,
		});
		const run = await runAmo(world, createParameters, leads('Faulty'));
		expect(run.status).toBe('success');
		expect(run.items('amoCRM')).toHaveLength(N);
		const created = await named('Faulty');
		expect(created.leads).toHaveLength(N);
		expect(created.names.size).toBe(N);
		expect(created.contacts).toHaveLength(N);
		const stats = await world.api.control('GET', '/stats');
		expect(stats.banned).toBe(0);
		expect(stats.bannedKeys).toEqual([]);
		expect(stats.faultsInjected).toBeGreaterThan(3);
		const log = await world.api.control('GET', '/requests');
		const faults = log.requests.map((r: { fault?: string }) => r.fault).filter(Boolean);
		// The schedule (seeded) includes writes that were applied and still answered with a failure.
		expect(faults.some((f: string) => f.endsWith('-after-apply'))).toBe(true);
		console.log(`faulty bulk: ${log.count} requests, faults injected: ${JSON.stringify(faults)}`);
	}, 180_000);
});
