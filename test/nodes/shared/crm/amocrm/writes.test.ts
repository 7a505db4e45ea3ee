import { createAmoCrmFunnel, type AmoCrmFunnel } from '../../../../../nodes/shared/crm/amocrm';
import type { NewDeal } from '../../../../../nodes/shared/crm/types';
import { start, type RunningEmulator } from '../../../../emulators/amocrm';
import { EmulatorClient } from '../../../../emulators/amocrm/testClient';
import { probeHarness, runProbe, sandboxCredentials } from './amoProbe';

/** Batched writes under failures: nothing lost, nothing written twice. */
describe('amoCRM batch writes under failures', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;
	const harness = probeHarness();

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		api = new EmulatorClient(emulator);
		harness.setCredentials('amoCrmApi', sandboxCredentials(emulator), 'amo-cred');
	});
	afterAll(() => emulator.close());
	beforeEach(async () => {
		await api.control('POST', '/reset');
	});

	const withCrm = <T>(fn: (crm: AmoCrmFunnel) => Promise<T>) =>
		runProbe(harness, (ctx) => fn(createAmoCrmFunnel(ctx)));
	const deals = (n: number, prefix: string): NewDeal[] =>
		Array.from({ length: n }, (_, i) => ({
			name: `${prefix} ${i}`,
			contact: { name: `Client ${prefix} ${i}`, phone: `+7916${String(1_000_000 + i)}` },
		}));
	const countNamed = async (prefix: string) =>
		(await api.state()).leads.filter((l: { name: string }) => l.name.startsWith(`${prefix} `))
			.length;

	test('creates that time out after being applied are found, not sent again', async () => {
		await api.control('POST', '/faults', { seed: 21, error5xxRate: 0.4, applyBeforeFailRate: 1 });
		const results = await withCrm((crm) => crm.createDeals(deals(120, 'Ambiguous')));
		expect(results.every((r) => r.ok)).toBe(true);
		expect(await countNamed('Ambiguous')).toBe(120);
		const ids = results.map((r) => (r.ok ? r.value.dealId : ''));
		expect(new Set(ids).size).toBe(120);
		const log = await api.control('GET', '/requests');
		expect(log.requests.some((r: { fault?: string }) => r.fault?.includes('after-apply'))).toBe(
			true,
		);
	});

	test('a mix of applied and not-applied failures and dropped connections still ends with each lead once', async () => {
		await api.control('POST', '/faults', {
			seed: 8,
			error5xxRate: 0.25,
			resetRate: 0.1,
			applyBeforeFailRate: 0.5,
		});
		const results = await withCrm((crm) => crm.createDeals(deals(100, 'Mixed')));
		expect(results.filter((r) => r.ok)).toHaveLength(100);
		expect(await countNamed('Mixed')).toBe(100);
		const contacts = (await api.state()).contacts.filter((c: { name: string }) =>
			c.name.startsWith('Client Mixed '),
		);
		expect(contacts).toHaveLength(100);
	});

	test('a create whose answer never comes (the client times out) is looked up, not sent again', async () => {
		await api.control('POST', '/faults', { seed: 3, timeoutRate: 0.25, applyBeforeFailRate: 0.5 });
		const results = await runProbe(harness, (ctx) =>
			createAmoCrmFunnel(ctx, { timeoutMs: 400 }).createDeals(deals(100, 'Silent')),
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect(await countNamed('Silent')).toBe(100);
		const faults = (await api.control('GET', '/requests')).requests
			.map((r: { fault?: string }) => r.fault)
			.filter(Boolean);
		expect(faults).toEqual(expect.arrayContaining([expect.stringMatching(/^timeout/)]));
	});

	test('a 504 on a heavy write halves the batches; a partly applied complex create is not doubled', async () => {
		await api.control('POST', '/limits', { gatewayTimeoutAbove: 20 });
		const results = await withCrm((crm) => crm.createDeals(deals(50, 'Heavy')));
		expect(results.every((r) => r.ok)).toBe(true);
		expect(await countNamed('Heavy')).toBe(50);
		const sizes = (await api.control('GET', '/requests')).requests
			.filter(
				(r: { method: string; path: string }) =>
					r.method === 'POST' && r.path === '/api/v4/leads/complex',
			)
			.map((r: { body: unknown[] }) => r.body.length);
		expect(sizes[0]).toBe(50);
		expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(20);
	});

	test('a 504 on a stage move splits the PATCH and every lead ends in its stage', async () => {
		await api.control('POST', '/limits', { gatewayTimeoutAbove: 60 });
		const ids = (await api.state()).leads.slice(0, 200).map((l: { id: number }) => String(l.id));
		const results = await withCrm((crm) =>
			crm.updateDeals(
				ids.map((id: string) => ({ id, pipelineId: '7100002', stageId: '58200007' })),
			),
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const moved = (await api.state()).leads.filter(
			(l: { id: number; status_id: number }) =>
				ids.includes(String(l.id)) && l.status_id === 58_200_007,
		);
		expect(moved).toHaveLength(200);
	});

	test('validation failures injected into batches fail only the named items; the rest are written once', async () => {
		await api.control('POST', '/faults', { seed: 5, partialBatchFailureRate: 1 });
		const results = await withCrm((crm) => crm.createDeals(deals(60, 'Partial')));
		const ok = results.filter((r) => r.ok).length;
		const failed = results.filter((r) => !r.ok);
		expect(ok + failed.length).toBe(60);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.every((r) => !r.ok && r.error.httpCode === 400)).toBe(true);
		expect(await countNamed('Partial')).toBe(ok);
	});

	test("a ban in the middle fails the rest with the ban's reason and sends nothing more", async () => {
		// The 429 burst is answered with 403 from the third request on: the token got banned meanwhile.
		await api.control('POST', '/limits', { banAfter: 1 });
		await Promise.all(Array.from({ length: 9 }, () => api.get('/api/v4/account')));
		await api.control('DELETE', '/requests');
		const results = await withCrm((crm) => crm.createDeals(deals(120, 'Banned')));
		expect(results.every((r) => !r.ok && r.error.httpCode === 403)).toBe(true);
		expect((await api.control('GET', '/requests')).count).toBe(1);
		expect(await countNamed('Banned')).toBe(0);
	});
});
