/**
 * `crm.stagehistory.list` and `crm.item.productrow.list` as documented: history rows `{items: […]}` of leads (1) and
 * deals (2) with filters on their own fields (`=`, `!=`, `<`, `>`, `<=`, `>=`, `@`, `!@`; others refused with
 * INVALID_ARG_VALUE), order and select, 50 a page, `start=-1` without a count; product rows `{productRows: […]}` of
 * one owner type and one or more owners (`=ownerType` and `=ownerId` are required), paged the same way.
 *
 * Unverified, our assumptions: entity types other than 1 and 2 (old and new invoices, smart processes) answer
 * ENTITY_TYPE_NOT_SUPPORTED because the emulator has none; a product-row filter without its owner answers
 * INVALID_ARG_VALUE; counted pages charge operating time in proportion to the table, as the other lists do.
 */
import { isoWithOffset } from '../envelope';
import { matchFilter, orderBy, parseFilterKey } from '../filter';
import { listRows } from '../listIndex';
import type { ProductRowRecord, StageHistoryRow } from '../stageHistory';
import {
	itemError,
	page,
	param,
	startParam,
	type MethodContext,
	type MethodTable,
} from './context';

const COMMON = ['ID', 'TYPE_ID', 'OWNER_ID', 'CREATED_TIME'];
const FIELDS: Record<1 | 2, string[]> = {
	1: [...COMMON, 'STATUS_SEMANTIC_ID', 'STATUS_ID'],
	2: [...COMMON, 'CATEGORY_ID', 'STAGE_SEMANTIC_ID', 'STAGE_ID'],
};

function historyEntity(ctx: MethodContext): 1 | 2 {
	const raw = Number(param(ctx.params, 'entityTypeId'));
	if (raw !== 1 && raw !== 2)
		throw itemError(
			'ENTITY_TYPE_NOT_SUPPORTED',
			`Entity type ${String(param(ctx.params, 'entityTypeId'))} is not supported`,
		);
	return raw;
}

function showRow(row: StageHistoryRow, entity: 1 | 2): Record<string, unknown> {
	const common = {
		ID: row.ID,
		TYPE_ID: row.TYPE_ID,
		OWNER_ID: row.OWNER_ID,
		CREATED_TIME: isoWithOffset(row.CREATED_TIME),
	};
	return entity === 2
		? {
				...common,
				CATEGORY_ID: row.CATEGORY_ID ?? 0,
				STAGE_SEMANTIC_ID: row.SEMANTIC_ID,
				STAGE_ID: row.STAGE_ID,
			}
		: { ...common, STATUS_SEMANTIC_ID: row.SEMANTIC_ID, STATUS_ID: row.STAGE_ID };
}

function checkKeys(value: unknown, allowed: string[], what: 'filter' | 'order'): void {
	if (!value || typeof value !== 'object') return;
	for (const key of Object.keys(value as Record<string, unknown>)) {
		const field = what === 'filter' ? parseFilterKey(key).field : key;
		if (!allowed.includes(field.toUpperCase()))
			throw itemError(
				'INVALID_ARG_VALUE',
				`Invalid ${what}: field '${field}' is not allowed in ${what}`,
			);
	}
}

export const historyMethods: MethodTable = {
	'crm.stagehistory.list': {
		scope: 'crm',
		cost: (ctx) =>
			0.05 + (startParam(ctx.params) === -1 ? 0 : ctx.state.stageHistory.size * 0.00002),
		run: (ctx) => {
			const entity = historyEntity(ctx);
			const allowed = FIELDS[entity];
			const filter = param(ctx.params, 'filter');
			const order = param(ctx.params, 'order') ?? { ID: 'ASC' };
			checkKeys(filter, allowed, 'filter');
			checkKeys(order, allowed, 'order');
			const read = (row: StageHistoryRow, field: string): unknown => {
				const shown = showRow(row, entity);
				return field.toUpperCase() === 'CREATED_TIME'
					? row.CREATED_TIME
					: shown[field.toUpperCase()];
			};
			const rows = listRows({
				table: ctx.state.stageHistory,
				filter,
				order,
				start: startParam(ctx.params),
				matches: (row) =>
					row.ENTITY_TYPE_ID === entity &&
					matchFilter(filter, (field) => {
						const name = field.toUpperCase();
						if (!allowed.includes(name)) return undefined;
						return name === 'CREATED_TIME'
							? { def: { type: 'datetime' } as never, values: [row.CREATED_TIME] }
							: { values: [read(row, name)] };
					}),
				sort: (all) => all.sort(orderBy<StageHistoryRow>(order, read)),
			});
			const select = param(ctx.params, 'select');
			const fields =
				Array.isArray(select) && select.length ? select.map((f) => String(f).toUpperCase()) : null;
			return page(rows, startParam(ctx.params), (slice) => ({
				items: slice.map((row) => {
					const shown = showRow(row, entity);
					return fields
						? Object.fromEntries(Object.entries(shown).filter(([k]) => fields.includes(k)))
						: shown;
				}),
			}));
		},
	},
	'crm.item.productrow.list': {
		scope: 'crm',
		cost: (ctx) =>
			0.04 + (startParam(ctx.params) === -1 ? 0 : ctx.state.productRows.size * 0.00002),
		run: (ctx) => {
			const filter = (param(ctx.params, 'filter') ?? {}) as Record<string, unknown>;
			if (filter['=ownerType'] === undefined || filter['=ownerId'] === undefined)
				throw itemError('INVALID_ARG_VALUE', 'Required filter fields: =ownerType, =ownerId');
			const order = param(ctx.params, 'order') ?? { id: 'ASC' };
			const read = (row: ProductRowRecord, field: string) =>
				(row as unknown as Record<string, unknown>)[field.charAt(0).toLowerCase() + field.slice(1)];
			const rows = listRows({
				table: ctx.state.productRows,
				filter: Object.fromEntries(
					Object.entries(filter).map(([k, v]) => [
						k.replace(/id$/i, (m) => (m === 'id' ? 'ID' : m)),
						v,
					]),
				),
				order: Object.fromEntries(
					Object.entries(order as Record<string, unknown>).map(([k, v]) => [
						k === 'id' ? 'ID' : k,
						v,
					]),
				),
				start: startParam(ctx.params),
				matches: (row) =>
					matchFilter(
						filter,
						(field) => {
							const value = read(row, field);
							return value === undefined ? undefined : { values: [value] };
						},
						true,
					),
				sort: (all) => all.sort(orderBy<ProductRowRecord>(order, read)),
			});
			return page(rows, startParam(ctx.params), (slice) => ({
				productRows: slice.map((r) => ({
					...r,
					priceAccount: r.price,
					priceExclusive: r.price,
					priceNetto: r.price,
					priceBrutto: r.price,
					discountTypeId: 2,
					discountRate: 0,
					discountSum: 0,
					taxRate: null,
					taxIncluded: 'Y',
					customized: 'Y',
					measureCode: 796,
					xmlId: '',
					type: 4,
					storeId: 0,
				})),
			}));
		},
	},
};
