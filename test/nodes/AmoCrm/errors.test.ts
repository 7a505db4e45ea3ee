import type { NodeApiError } from 'n8n-workflow';

import { amoWorld, byName, runAmo, type AmoWorld } from './helpers';

describe('amoCRM node: errors', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld();
	});
	afterAll(() => world.close());
	beforeEach(async () => {
		await world.api.control('POST', '/reset');
	});

	const move = {
		resource: 'lead',
		operation: 'moveToStage',
		leadId: '={{ $json.id }}',
		pipeline: byName('Вебинар'),
		stage: byName('Перенос звонка'),
	};

	test('a bad item stops the node with its index and what to do, before anything is written', async () => {
		const run = await runAmo(world, move, [{ id: 30_000_001 }, { id: 'abc' }]);
		const error = run.nodeError('amoCRM') as NodeApiError & { context: { itemIndex: number } };
		expect(error.message).toBe('"abc" is not a lead ID');
		expect(error.description).toContain('/leads/detail/12345678');
		expect(error.context.itemIndex).toBe(1);
		const sent = (await world.api.control('GET', '/requests')).requests.map(
			(r: { method: string }) => r.method,
		);
		expect(sent).toEqual(['GET']);
	});

	test('with the error output every item leaves once: good ones moved, bad ones with their reason', async () => {
		const run = await runAmo(
			world,
			move,
			[{ id: 30_000_001 }, { id: 'abc' }, { id: 30_000_003 }, { id: 39_999_999 }],
			{ onError: 'continueErrorOutput' },
		);
		const [ok, failed] = run.outputs('amoCRM');
		expect(ok.map((i) => i.id)).toEqual([30_000_001, 30_000_003]);
		expect(failed.map((i) => i.error)).toEqual([
			'"abc" is not a lead ID',
			'amoCRM: id: Entity not found',
		]);
		const pairs = run.rawItems('amoCRM', 1).map((i) => i.pairedItem);
		expect(pairs).toEqual([{ item: 1 }, { item: 3 }]);
	});

	test("a banned account stops the node with amoCRM's answer and the way out, after one request", async () => {
		await world.api.control('POST', '/limits', { banAfter: 1 });
		await Promise.all(Array.from({ length: 9 }, () => world.api.get('/api/v4/account')));
		await world.api.control('DELETE', '/requests');
		const run = await runAmo(
			world,
			{
				resource: 'lead',
				operation: 'moveToStage',
				leadId: '={{ $json.id }}',
				stage: { __rl: true, mode: 'id', value: '58200006' },
			},
			[{ id: 30_000_001 }, { id: 30_000_003 }],
		);
		const error = run.nodeError('amoCRM') as NodeApiError;
		expect(error.message).toBe('amoCRM: 403 Forbidden');
		expect(error.description).toContain('ask amoCRM support');
		expect((await world.api.control('GET', '/requests')).count).toBe(1);
	});

	test("a wrong token says so in amoCRM's words and never shows the token", async () => {
		world.harness.setCredentials(
			'amoCrmApi',
			{ zone: 'sandbox', sandboxUrl: world.emulator.url, accessToken: 'wrong-token-123' },
			'amo-cred',
		);
		try {
			const run = await runAmo(world, { resource: 'lossReason', operation: 'getMany' });
			const error = run.nodeError('amoCRM') as NodeApiError;
			expect(error.message).toBe('amoCRM: Unauthorized: Invalid user name or password');
			expect(error.description).toContain('long-lived token is wrong, expired or revoked');
			expect(JSON.stringify(run.run.data)).not.toContain('wrong-token-123');
		} finally {
			world.harness.setCredentials(
				'amoCrmApi',
				{ zone: 'sandbox', sandboxUrl: world.emulator.url, accessToken: world.emulator.info.token },
				'amo-cred',
			);
		}
	});
});
