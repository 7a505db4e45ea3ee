import type { NodeOperationError } from 'n8n-workflow';

import { runBitrix24 } from './nodeHarness';
import { testPortal } from './portal';

const portal = testPortal();

const deals = () => [...portal.emu.emulator.state.entities.DEAL.values()];
const deal = (id: unknown) => portal.emu.emulator.state.entities.DEAL.get(Number(id))!;
const calls = (method: string) => portal.emu.emulator.stats.byMethod[method] ?? 0;

/**
 * One batch with good and bad items. Every bad one (no stage, a stage that does not exist, an ID that is not a
 * number, a tag the tags list lacks) is found before anything is written; then the node's continue-on-fail
 * setting decides: stop with nothing written, or write exactly the good ones and send the bad ones to the
 * error output.
 */
describe('Bitrix24 node: valid and invalid items in one batch', () => {
	const open = () =>
		deals()
			.filter((d) => d.CATEGORY_ID === 0 && d.STAGE_SEMANTIC_ID === 'P')
			.map((d) => String(d.ID));
	const move = {
		resource: 'deal',
		operation: 'moveToStage',
		id: '={{ $json.id }}',
		stage: '={{ $json.stage }}',
	};
	const moves = (ids: string[]) => [
		{ id: ids[0], stage: 'Сделка успешна' },
		{ id: ids[1], stage: '' },
		{ id: ids[2], stage: 'Нет такого этапа' },
		{ id: 'x12', stage: 'Сделка успешна' },
		{ id: ids[3], stage: 'WON' },
	];

	test('Move to Stage without continue-on-fail: an empty stage in item 2 stops the node before item 1 moves', async () => {
		const ids = open().slice(0, 4);
		const before = ids.map((id) => deal(id).STAGE_ID);
		const updates = calls('crm.item.update');
		const { result } = await runBitrix24(portal.harness, move, moves(ids));
		expect(result.status).toBe('error');
		const error = result.error as NodeOperationError & { context: { itemIndex: number } };
		expect(error.message).toBe('Choose the stage to move to');
		expect(error.context.itemIndex).toBe(1);
		expect(calls('crm.item.update')).toBe(updates);
		expect(ids.map((id) => deal(id).STAGE_ID)).toEqual(before);
	});

	test('Move to Stage with the error output: exactly the valid deals move; each bad item leaves with its reason', async () => {
		const ids = open().slice(0, 4);
		const updates = calls('crm.item.update');
		const { result } = await runBitrix24(portal.harness, move, moves(ids), {
			onError: 'continueErrorOutput',
		});
		const [moved, failed] = result.outputs('Bitrix24');
		expect(moved.map((m) => [m.id, m.stageId])).toEqual([
			[ids[0], 'WON'],
			[ids[3], 'WON'],
		]);
		expect(failed.map((f) => [f.id, String(f.error)])).toEqual([
			[ids[1], 'Choose the stage to move to'],
			[ids[2], expect.stringContaining('no stage "Нет такого этапа"')],
			['x12', '"x12" is not a deal ID'],
		]);
		expect(result.rawItems('Bitrix24', 1).map((i) => i.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(calls('crm.item.update') - updates).toBe(2);
		expect([ids[0], ids[3]].map((id) => deal(id).STAGE_ID)).toEqual(['WON', 'WON']);
		expect([ids[1], ids[2]].map((id) => deal(id).STAGE_SEMANTIC_ID)).toEqual(['P', 'P']);
	});

	const tag = {
		resource: 'deal',
		operation: 'addTags',
		id: '={{ $json.id }}',
		tags: '={{ $json.tags }}',
	};
	const tagsOf = (id: string) => [...((deal(id).UF_CRM_TAGS as number[]) ?? [])];

	test('Add Tags without continue-on-fail: a tag the list lacks stops the node before any deal is tagged', async () => {
		const ids = open().slice(0, 2);
		const before = ids.map(tagsOf);
		const { result } = await runBitrix24(portal.harness, tag, [
			{ id: ids[0], tags: 'КК' },
			{ id: ids[1], tags: 'Нет такого тега' },
		]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('No tag "Нет такого тега"');
		expect(ids.map(tagsOf)).toEqual(before);
	});

	test('Add Tags with the error output: only the valid item is tagged', async () => {
		const ids = open().slice(0, 2);
		const before = tagsOf(ids[1]);
		const { result } = await runBitrix24(
			portal.harness,
			tag,
			[
				{ id: ids[0], tags: 'КК' },
				{ id: ids[1], tags: 'Нет такого тега' },
			],
			{ onError: 'continueErrorOutput' },
		);
		const [tagged, failed] = result.outputs('Bitrix24');
		expect(tagged).toEqual([{ id: ids[0], added: ['КК'] }]);
		expect(failed).toHaveLength(1);
		expect(result.rawItems('Bitrix24', 1)[0].pairedItem).toEqual({ item: 1 });
		expect(tagsOf(ids[0]).length).toBeGreaterThan(0);
		expect(tagsOf(ids[1])).toEqual(before);
	});
});
