import type { EntityName, EntityRecord } from './fields';
import { matchFilter } from './filter';
import { ListResult, METHODS, type MethodContext } from './methods';
import { activityLookup } from './methods/activities';
import { page } from './methods/context';
import { addRecord, deleteRecord } from './methods/entities';
import type { ActivityRecord, PortalState } from './portal';
import { camelIndex, itemLookup, legacyLookup } from './records';
import { seedPortal } from './seed';
import { RecordTable } from './table';

const NOW = Date.parse('2026-11-23T09:00:00Z');
let state: PortalState;

beforeEach(() => {
	state = seedPortal({ contacts: 120, leads: 40, deals: 400 }, NOW);
});

function ctx(params: Record<string, unknown>): MethodContext {
	return { state, params, userId: 1, now: NOW, emit: () => undefined, inBatch: false };
}

function run(method: string, params: Record<string, unknown>): ListResult {
	const answer = METHODS.get(method)?.run(ctx(params));
	if (!(answer instanceof ListResult)) throw new Error(`${method} answered no list`);
	return answer;
}

/** IDs, total and next of a list answer, whatever its row shape. */
function shape(answer: ListResult) {
	const rows = (
		Array.isArray(answer.result) ? answer.result : (answer.result as { items: unknown[] }).items
	) as Array<Record<string, unknown>>;
	return { ids: rows.map((r) => Number(r.ID ?? r.id)), total: answer.total, next: answer.next };
}

/** The oracle: every row of the table through the filter, sorted by ID, then paged — what the list did before its index. */
function scan<T>(rows: Iterable<T>, matches: (row: T) => boolean, start: number) {
	const id = (row: T) => Number((row as { ID?: unknown }).ID);
	const all = [...rows].filter(matches).sort((a, b) => id(a) - id(b));
	return shape(page(all, start));
}

function scanLegacy(entity: EntityName, filter: unknown, start: number) {
	return scan<EntityRecord>(
		state.entities[entity].values(),
		(r) => matchFilter(filter, legacyLookup(state, entity, r)),
		start,
	);
}

function scanItems(filter: unknown, start: number) {
	const byCamel = camelIndex(state, 'DEAL');
	return scan<EntityRecord>(
		state.entities.DEAL.values(),
		(r) => matchFilter(filter, itemLookup(state, 'DEAL', r, byCamel), true),
		start,
	);
}

function scanActivities(filter: unknown, start: number) {
	return scan<ActivityRecord>(
		state.activities.values(),
		(a) => matchFilter(filter, activityLookup(a)),
		start,
	);
}

const dealIds = () => [...state.entities.DEAL.keys()].sort((a, b) => a - b);

describe('the indexed list answers what the full scan answers', () => {
	test('crm.deal.list pages by >ID with start=-1, alone and combined with other conditions', () => {
		const ids = dealIds();
		const bounds = [
			0,
			ids[0],
			ids[37],
			ids[200],
			ids[ids.length - 2],
			ids[ids.length - 1],
			ids[ids.length - 1] + 10,
		];
		const filters = (after: number) => [
			{ '>ID': after },
			{ '>ID': String(after) },
			{ '>=ID': after },
			{ '>ID': after, STAGE_SEMANTIC_ID: 'P' },
			{ '>ID': after, '@CATEGORY_ID': [1, 2], '!STAGE_SEMANTIC_ID': 'F' },
			{ '>ID': after, '@ID': [ids[5], String(ids[120]), ids[300], 999_999, 'abc', ids[399]] },
			{ '>ID': after, ID: ids[250] },
			{ '>id': after, '>ID': ids[100] },
		];
		for (const after of bounds) {
			for (const filter of filters(after)) {
				for (const order of [undefined, { ID: 'ASC' }, { id: 'asc' }]) {
					expect({
						filter,
						order,
						...shape(run('crm.deal.list', { filter, order, start: -1 })),
					}).toEqual({ filter, order, ...scanLegacy('DEAL', filter, -1) });
				}
			}
		}
	});

	test('counted pages (start 0, 50, …) give the same rows, total and next', () => {
		const ids = dealIds();
		for (const filter of [
			{},
			{ '>ID': ids[90] },
			{ STAGE_SEMANTIC_ID: 'P' },
			{ '@ID': ids.slice(10, 130) },
		]) {
			for (const start of [0, 50, 100, 350]) {
				expect(shape(run('crm.deal.list', { filter, start }))).toEqual(
					scanLegacy('DEAL', filter, start),
				);
			}
		}
		expect(shape(run('crm.contact.list', { filter: { '>ID': 30 }, start: 0 }))).toEqual(
			scanLegacy('CONTACT', { '>ID': 30 }, 0),
		);
	});

	test('a >ID that is not a number, or one inside an OR, bounds nothing the scan would not', () => {
		const ids = dealIds();
		const filters: unknown[] = [
			{ '>ID': { 0: 'row', 1: 'of a page' } },
			{ '>ID': [{ ID: '7', TITLE: 'a row' }, { ID: '8' }] },
			{ '>ID': [] },
			{ '>ID': {} },
			{ '>ID': [ids[10], ids[300]] },
			{ '>ID': '' },
			{ '>ID': ' 1e2' },
			{ '>ID': ids[390], logic: 'OR', STAGE_SEMANTIC_ID: 'S' },
			{ '@ID': [] },
		];
		for (const filter of filters) {
			expect(shape(run('crm.deal.list', { filter, start: -1 }))).toEqual(
				scanLegacy('DEAL', filter, -1),
			);
			expect(shape(run('crm.item.list', { entityTypeId: 2, filter, start: -1 }))).toEqual(
				scanItems(filter, -1),
			);
		}
	});

	test('crm.item.list: >id with camelCase conditions and @id, with start=-1 and counted', () => {
		const ids = dealIds();
		for (const after of [0, ids[49], ids[333]]) {
			const filters = [
				{ '>id': after },
				{ '>id': after, stageSemanticId: 'P', '@categoryId': [0, 1] },
				{ '>id': after, '@id': ids.filter((_, i) => i % 7 === 0) },
				{ '>id': after, '>=createdTime': new Date(NOW - 7 * 86_400_000).toISOString() },
			];
			for (const filter of filters) {
				for (const start of [-1, 0, 50]) {
					expect(
						shape(run('crm.item.list', { entityTypeId: 2, filter, order: { id: 'ASC' }, start })),
					).toEqual(scanItems(filter, start));
				}
			}
		}
	});

	test('crm.activity.list: @OWNER_ID with >ID, type and completion, as the audit reads calls', () => {
		const owners = dealIds().slice(100, 150);
		const activityIds = [...state.activities.keys()].sort((a, b) => a - b);
		for (const after of [0, activityIds[40], activityIds[activityIds.length - 1]]) {
			const filters = [
				{ OWNER_TYPE_ID: 2, TYPE_ID: 2, COMPLETED: 'Y', '@OWNER_ID': owners, '>ID': after },
				{ OWNER_TYPE_ID: 2, '@OWNER_ID': owners.map(String), '>ID': after },
				{ OWNER_ID: owners[3], '>ID': after },
				{ OWNER_TYPE_ID: 2, COMPLETED: 'N', '>ID': after },
				{ '>ID': after, '@ID': activityIds.slice(0, 80) },
			];
			for (const filter of filters) {
				for (const start of [-1, 0]) {
					expect(
						shape(run('crm.activity.list', { filter, order: { ID: 'ASC' }, select: ['*'], start })),
					).toEqual(scanActivities(filter, start));
				}
			}
		}
	});

	test('another order still filters and sorts the whole table', () => {
		const filter = { STAGE_SEMANTIC_ID: 'P' };
		const answer = shape(run('crm.deal.list', { filter, order: { ID: 'DESC' }, start: -1 }));
		const all = [...state.entities.DEAL.values()]
			.filter((r) => r.STAGE_SEMANTIC_ID === 'P')
			.map((r) => Number(r.ID))
			.sort((a, b) => b - a);
		expect(answer.ids).toEqual(all.slice(0, 50));
	});

	test('rows added and deleted between pages are seen by the next page', () => {
		const ids = dealIds();
		const last = ids[ids.length - 1];
		const first = shape(run('crm.deal.list', { filter: { '>ID': last - 3 }, start: -1 }));
		expect(first.ids).toEqual(ids.slice(-3));
		const added = addRecord(ctx({}), 'DEAL', { TITLE: 'During the scan' });
		deleteRecord(ctx({}), 'DEAL', ids[ids.length - 2]);
		const second = shape(run('crm.deal.list', { filter: { '>ID': last - 3 }, start: -1 }));
		expect(second).toEqual(scanLegacy('DEAL', { '>ID': last - 3 }, -1));
		expect(second.ids).toEqual([ids[ids.length - 3], last, added.ID]);
		const owner = [...state.activities.values()].find((a) => a.OWNER_TYPE_ID === 2)
			?.OWNER_ID as number;
		expect(
			shape(run('crm.activity.list', { filter: { OWNER_ID: owner }, start: -1 })).ids.length,
		).toBeGreaterThan(0);
		deleteRecord(ctx({}), 'DEAL', owner);
		expect(shape(run('crm.activity.list', { filter: { OWNER_ID: owner }, start: -1 })).ids).toEqual(
			[],
		);
	});
});

describe('RecordTable', () => {
	test('keeps its IDs sorted through appends, out-of-order inserts, replacements and deletes', () => {
		const t = new RecordTable<{ owner: number }>();
		t.set(5, { owner: 1 }).set(9, { owner: 2 });
		expect(t.sortedIds()).toEqual([5, 9]);
		t.set(12, { owner: 1 });
		expect(t.sortedIds()).toEqual([5, 9, 12]);
		t.set(3, { owner: 2 });
		expect(t.sortedIds()).toEqual([3, 5, 9, 12]);
		expect([...t.idsBy('owner', (r) => r.owner)]).toEqual([
			[2, [3, 9]],
			[1, [5, 12]],
		]);
		t.set(9, { owner: 1 });
		expect(t.idsBy('owner', (r) => r.owner).get(1)).toEqual([5, 9, 12]);
		t.delete(5);
		expect(t.sortedIds()).toEqual([3, 9, 12]);
		expect(t.idsBy('owner', (r) => r.owner).get(1)).toEqual([9, 12]);
		t.clear();
		expect(t.sortedIds()).toEqual([]);
	});
});
