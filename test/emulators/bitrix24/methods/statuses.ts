/** Lead statuses, deal stages per funnel and the funnels themselves (reference §3.5). */
import { legacyError } from '../envelope';
import { matchFilter, orderBy } from '../filter';
import { nextId, statusesOf, type StatusRow } from '../portal';
import { fieldsParam, itemError, page, param, startParam, type MethodTable } from './context';

const ENTITY_NAMES: Record<string, string> = {
	STATUS: 'Статусы',
	SOURCE: 'Источники',
	DEAL_TYPE: 'Тип сделки',
	CONTACT_TYPE: 'Тип контакта',
	HONORIFIC: 'Обращения',
};

export function showStatus(row: StatusRow): Record<string, unknown> {
	const stageLike = row.ENTITY_ID === 'STATUS' || row.ENTITY_ID.startsWith('DEAL_STAGE');
	return {
		ID: String(row.ID),
		ENTITY_ID: row.ENTITY_ID,
		STATUS_ID: row.STATUS_ID,
		NAME: row.NAME,
		NAME_INIT: row.NAME_INIT,
		SORT: String(row.SORT),
		SYSTEM: row.SYSTEM,
		CATEGORY_ID: row.CATEGORY_ID === null ? null : String(row.CATEGORY_ID),
		COLOR: row.COLOR,
		SEMANTICS: row.SEMANTICS,
		...(stageLike ? { EXTRA: { SEMANTICS: row.EXTRA_SEMANTICS, COLOR: row.COLOR } } : {}),
	};
}

function semanticInfo(rows: StatusRow[]) {
	const success = rows.find((r) => r.SEMANTICS === 'S');
	const failure = rows.find((r) => r.SEMANTICS === 'F');
	return {
		START_FIELD: rows[0]?.STATUS_ID ?? '',
		FINAL_SUCCESS_FIELD: success?.STATUS_ID ?? '',
		FINAL_UNSUCCESS_FIELD: failure?.STATUS_ID ?? '',
		FINAL_SORT: success?.SORT ?? 0,
	};
}

export const statusMethods: MethodTable = {
	'crm.status.list': {
		scope: 'crm',
		cost: 0.02,
		run: (ctx) => {
			const filter = param(ctx.params, 'filter');
			const rows = ctx.state.statuses.filter((row) =>
				matchFilter(filter, (field) => {
					const value = (row as unknown as Record<string, unknown>)[field];
					return value === undefined ? undefined : { values: [value] };
				}),
			);
			rows.sort(
				orderBy<StatusRow>(
					param(ctx.params, 'order') ?? { SORT: 'ASC' },
					(r, f) => (r as unknown as Record<string, unknown>)[f.toUpperCase()],
				),
			);
			return page(rows, startParam(ctx.params), (slice) => slice.map(showStatus));
		},
	},
	'crm.status.entity.items': {
		scope: 'crm',
		cost: 0.01,
		run: (ctx) => {
			const entityId = String(param(ctx.params, 'entityId') ?? '');
			if (!entityId) throw legacyError('The parameter entityId is not defined or invalid.');
			return statusesOf(ctx.state, entityId).map((row) => ({
				NAME: row.NAME,
				SORT: row.SORT,
				STATUS_ID: row.STATUS_ID,
			}));
		},
	},
	'crm.status.entity.types': {
		scope: 'crm',
		cost: 0.01,
		run: (ctx) => {
			const types: Array<Record<string, unknown>> = [
				{
					ID: 'STATUS',
					NAME: ENTITY_NAMES.STATUS,
					SEMANTIC_INFO: semanticInfo(statusesOf(ctx.state, 'STATUS')),
					ENTITY_TYPE_ID: 1,
				},
				{ ID: 'SOURCE', NAME: ENTITY_NAMES.SOURCE },
			];
			for (const category of [...ctx.state.categories].sort((a, b) => a.id - b.id)) {
				const id = category.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${category.id}`;
				types.push({
					ID: id,
					NAME: category.id === 0 ? 'Стадии сделки' : `Стадии сделки (${category.name})`,
					...(category.id === 0 ? {} : { PARENT_ID: 'DEAL_STAGE' }),
					SEMANTIC_INFO: semanticInfo(statusesOf(ctx.state, id)),
					...(category.id === 0 ? {} : { PREFIX: `C${category.id}` }),
					ENTITY_TYPE_ID: 2,
					// A string for funnels, the int 0 for the default funnel (reference §3.5).
					CATEGORY_ID: category.id === 0 ? 0 : String(category.id),
				});
			}
			types.push(
				{ ID: 'DEAL_TYPE', NAME: ENTITY_NAMES.DEAL_TYPE },
				{ ID: 'CONTACT_TYPE', NAME: ENTITY_NAMES.CONTACT_TYPE },
				{ ID: 'HONORIFIC', NAME: ENTITY_NAMES.HONORIFIC },
			);
			return types;
		},
	},
	'crm.status.add': {
		scope: 'crm',
		cost: 0.05,
		run: (ctx) => {
			const fields = fieldsParam(ctx.params);
			const entityId = String(fields.ENTITY_ID ?? '');
			const name = String(fields.NAME ?? '').trim();
			if (!entityId || !name) throw legacyError('Required fields: ENTITY_ID, STATUS_ID, NAME.');
			const stage = /^DEAL_STAGE_(\d+)$/.exec(entityId);
			const raw = String(fields.STATUS_ID ?? '').toUpperCase();
			const statusId = stage && !raw.startsWith(`C${stage[1]}:`) ? `C${stage[1]}:${raw}` : raw;
			if (!raw || statusId.length > (entityId === 'STATUS' ? 21 : 22))
				throw legacyError('STATUS_ID is too long or empty.');
			if (ctx.state.statuses.some((s) => s.ENTITY_ID === entityId && s.STATUS_ID === statusId))
				throw legacyError('Status already exists.');
			const semantics =
				fields.SEMANTICS === 'S' || fields.SEMANTICS === 'F' ? fields.SEMANTICS : null;
			const row: StatusRow = {
				ID: nextId(ctx.state, 'status'),
				ENTITY_ID: entityId,
				STATUS_ID: statusId,
				NAME: name,
				NAME_INIT: '',
				SORT: Number(fields.SORT ?? 500),
				SYSTEM: 'N',
				CATEGORY_ID: stage ? Number(stage[1]) : null,
				COLOR: String(fields.COLOR ?? '#ACE9FB'),
				SEMANTICS: semantics,
				EXTRA_SEMANTICS: semantics === 'S' ? 'success' : semantics === 'F' ? 'failure' : 'process',
			};
			ctx.state.statuses.push(row);
			return row.ID;
		},
	},
	'crm.category.list': {
		scope: 'crm',
		cost: 0.02,
		run: (ctx) => {
			const entityTypeId = Number(param(ctx.params, 'entityTypeId'));
			if (!entityTypeId) throw itemError('ENTITY_TYPE_NOT_SUPPORTED', 'entityTypeId is required');
			const rows = ctx.state.categories
				.filter((c) => c.entityTypeId === entityTypeId)
				.sort((a, b) => a.sort - b.sort);
			return page(rows, startParam(ctx.params), (slice) => ({
				categories: slice.map((c) => ({ ...c })),
			}));
		},
	},
	'crm.settings.mode.get': {
		scope: 'crm',
		cost: 0.01,
		run: (ctx) => ctx.state.crmMode,
	},
};
