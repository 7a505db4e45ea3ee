import { controlCall } from '../../emulators/bitrix24/testClient';
import { runBitrix24 } from './nodeHarness';
import { testPortal } from './portal';

const portal = testPortal({ limits: false });

describe('Bitrix24 node: raw API call', () => {
	test('calls any method, 50 items to a batch, with total and next of lists', async () => {
		const items = Array.from({ length: 60 }, (_, i) => ({ id: i + 1 }));
		const before = (await controlCall(portal.emu.url, 'GET', 'requests')).body.count;
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'apiCall',
				operation: 'call',
				method: 'crm.contact.get',
				parameters: '={{ JSON.stringify({ id: $json.id }) }}',
			},
			items,
		);
		expect(out.map((o) => (o.result as { ID: string }).ID)).toEqual(items.map((i) => String(i.id)));
		expect((await controlCall(portal.emu.url, 'GET', 'requests')).body.count - before).toBe(2);
		const list = await runBitrix24(portal.harness, {
			resource: 'apiCall',
			operation: 'call',
			method: 'crm.status.list',
			parameters: '{"filter": {"ENTITY_ID": "SOURCE"}}',
		});
		expect(list.out[0]).toMatchObject({ total: 13, result: expect.any(Array) });
	});

	test('sends batch itself directly', async () => {
		const { out } = await runBitrix24(portal.harness, {
			resource: 'apiCall',
			operation: 'call',
			method: 'batch',
			parameters: '{"cmd": {"me": "profile"}}',
		});
		expect(out[0].result).toMatchObject({ result: { me: { ID: '1' } } });
	});

	test('a write whose answer was lost is reported, not sent again', async () => {
		await controlCall(portal.emu.url, 'POST', 'faults', {
			error5xxRate: 1,
			applyBeforeFailRate: 1,
			seed: 4,
		});
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'apiCall',
				operation: 'call',
				method: 'crm.lead.add',
				parameters: '{"fields": {"TITLE": "Raw once"}}',
			},
			[{}],
			{ onError: 'continueRegularOutput' },
		);
		expect(out[0].error).toContain('was lost');
		expect(
			[...portal.emu.emulator.state.entities.LEAD.values()].filter((l) => l.TITLE === 'Raw once'),
		).toHaveLength(1);
	});

	test('refuses parameters that are not a JSON object', async () => {
		const { result } = await runBitrix24(portal.harness, {
			resource: 'apiCall',
			operation: 'call',
			method: 'profile',
			parameters: '[1,2]',
		});
		expect(result.error?.message).toBe('Parameters must be a JSON object');
	});
});
