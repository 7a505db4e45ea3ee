/**
 * What the metrics read from Bitrix24 beside the portal's metadata: the stage history (`crm.stagehistory.list`), the
 * portal's calls in a window, and the deals modified since a moment with the product rows and a cost field of those
 * sold.
 *
 * `crm.stagehistory.list` answers `{items: [...]}` 50 rows a page; each row is a deal's creation (TYPE_ID 1), a move to
 * a working stage (2), to a final stage (3) or to another funnel (5), with the stage entered (deals: CATEGORY_ID and
 * STAGE_ID; leads: STATUS_ID) and CREATED_TIME. It filters with `>=`, `<` and `@`, so a window is one scan by ID
 * (`start=-1`, `>ID`, 50 chained pages a request) and a few deals are read 50 owners a command.
 *
 * A period's scans run to thousands of rows on a busy portal, so they ask for 50 chained pages from the first request
 * (a short page ends the scan wherever it falls: a small portal still costs one request).
 */
import type {
	CallWindow,
	CrmCall,
	CrmDeal,
	DealsSinceQuery,
	DealsWithSales,
	SaleDetails,
	StageChange,
	StageChangeFilter,
} from '../types';
import { Bitrix24Error } from './errors';
import { LEAD_FUNNEL_ID } from './funnels';
import { loadFields } from './fieldInfo';
import { chunk, PAGE, readAfterId, rowsOf, scanById } from './paging';
import { toApiDateTime, toIsoUtc, toNumber, toText } from './parse';
import { callFromActivity, dealFromItem, dealFromLead, dealSelect, leadSelect } from './records';
import type { Bitrix24Scope } from './scope';

const HISTORY = 'crm.stagehistory.list';
/** Every request of a scan asks for 50 chained pages. */
const FULL_BATCHES = [PAGE];

/** Rows of the funnel's entity in a window, page by page, as stage changes (the stage left filled in when read). */
export async function* listStageChanges(
	scope: Bitrix24Scope,
	filter: StageChangeFilter,
): AsyncGenerator<StageChange[]> {
	const entityTypeId = scope.entity === 'deal' ? 2 : 1;
	const window: Record<string, unknown> = { '>=CREATED_TIME': toApiDateTime(filter.from) };
	if (filter.to) window['<CREATED_TIME'] = toApiDateTime(filter.to);
	const last = new Map<string, { pipelineId: string; stageId: string }>();
	const convert = (rows: Array<Record<string, unknown>>) =>
		rows.map((row) => {
			const change = toStageChange(row, scope.entity);
			const before = last.get(change.dealId);
			if (before && change.kind === 'moved') {
				change.fromPipelineId = before.pipelineId;
				change.fromStageId = before.stageId;
			}
			last.set(change.dealId, { pipelineId: change.pipelineId, stageId: change.stageId });
			return change;
		});
	if (filter.dealIds) {
		const owners = chunk([...new Set(filter.dealIds)]);
		if (owners.length === 0) return;
		const rows = await readAfterId(
			await scope.runner(),
			HISTORY,
			{ entityTypeId },
			owners.map((part) => ({ ...window, '@OWNER_ID': part.map(Number) })),
		);
		rows.sort((a, b) => Number(a.ID) - Number(b.ID));
		if (rows.length) yield convert(rows);
		return;
	}
	const { client } = await scope.connect();
	for await (const page of scanById(
		client,
		HISTORY,
		{ entityTypeId, filter: window },
		{ idField: 'ID', rowsPath: '[items]', chain: FULL_BATCHES },
	))
		yield convert(page);
}

export function toStageChange(row: Record<string, unknown>, entity: 'deal' | 'lead'): StageChange {
	const type = toNumber(row.TYPE_ID);
	return {
		id: toText(row.ID),
		dealId: toText(row.OWNER_ID),
		at: toIsoUtc(row.CREATED_TIME) ?? new Date(0).toISOString(),
		pipelineId: entity === 'deal' ? String(toNumber(row.CATEGORY_ID) ?? 0) : LEAD_FUNNEL_ID,
		stageId: toText(entity === 'deal' ? row.STAGE_ID : row.STATUS_ID),
		fromPipelineId: null,
		fromStageId: null,
		kind: type === 1 ? 'created' : 'moved',
		userId: null,
	};
}

/**
 * Every call made or taken in a window, whatever it is filed under (deal, lead, contact): completed call activities
 * by start time, one scan by ID. A call filed under another kind of record carries no deal.
 */
export async function* listCallsBetween(
	scope: Bitrix24Scope,
	window: CallWindow,
): AsyncGenerator<CrmCall[]> {
	const { client } = await scope.connect();
	const filter: Record<string, unknown> = {
		TYPE_ID: 2,
		COMPLETED: 'Y',
		'>=START_TIME': toApiDateTime(window.from),
	};
	if (window.to) filter['<START_TIME'] = toApiDateTime(window.to);
	for await (const page of scanById(
		client,
		'crm.activity.list',
		{ filter, select: ['*', 'COMMUNICATIONS'] },
		{ idField: 'ID', chain: FULL_BATCHES },
	)) {
		yield page.map((row) => {
			const call = callFromActivity(row);
			return toNumber(row.OWNER_TYPE_ID) === scope.ownerTypeId ? call : { ...call, dealId: null };
		});
	}
}

/**
 * Every deal (lead, on the lead funnel) modified since a moment — one scan by ID —, then the asked ids the scan did
 * not bring (50 a command), then the product rows and cost field of those `salesOf` chooses.
 */
export async function listDealsSince(
	scope: Bitrix24Scope,
	query: DealsSinceQuery,
): Promise<DealsWithSales> {
	const { client } = await scope.connect();
	const ctx = await scope.parseContext();
	const since = toApiDateTime(query.from);
	const scan =
		scope.entity === 'deal'
			? scanById(
					client,
					'crm.item.list',
					{
						entityTypeId: 2,
						useOriginalUfNames: 'Y',
						filter: { '>=updatedTime': since },
						select: dealSelect(ctx),
					},
					{ idField: 'id', chain: FULL_BATCHES },
				)
			: scanById(
					client,
					'crm.lead.list',
					{ filter: { '>=DATE_MODIFY': since }, select: leadSelect(ctx) },
					{ idField: 'ID', chain: FULL_BATCHES },
				);
	const deals = new Map<string, CrmDeal>();
	for await (const page of scan)
		for (const row of page) {
			const deal = scope.entity === 'deal' ? dealFromItem(row, ctx) : dealFromLead(row, ctx);
			deals.set(deal.id, deal);
		}
	const missing = [...new Set(query.ids ?? [])].filter((id) => !deals.has(id));
	if (missing.length) for (const [id, deal] of await scope.getDeals(missing)) deals.set(id, deal);
	const sold = query.salesOf ? [...deals.values()].filter(query.salesOf).map((d) => d.id) : [];
	return { deals, sales: await listSaleDetails(scope, sold, query.costField) };
}

/**
 * Product rows (`crm.item.productrow.list`: `=ownerType` D or L, `=ownerId` a list of up to 50 deals, paged by `>id`)
 * and, when a cost field is named (its code `UF_CRM_…` or its label), its value on each deal — all in shared batches.
 */
export async function listSaleDetails(
	scope: Bitrix24Scope,
	dealIds: string[],
	costField?: string,
): Promise<Map<string, SaleDetails>> {
	const ids = [...new Set(dealIds.filter(Boolean))];
	const details = new Map<string, SaleDetails>(
		ids.map((id) => [id, { units: null, productLines: 0, cost: null }]),
	);
	if (ids.length === 0) return details;
	const runner = await scope.runner();
	const field = costField ? await costFieldName(scope, costField) : null;
	let queue = chunk(ids).map((part) => ({ part, after: 0 }));
	const costCommands = field
		? chunk(ids).map((part) => ({
				method: scope.entity === 'deal' ? 'crm.item.list' : 'crm.lead.list',
				params:
					scope.entity === 'deal'
						? {
								entityTypeId: 2,
								useOriginalUfNames: 'Y',
								filter: { '@id': part.map(Number) },
								select: ['id', field],
								start: -1,
							}
						: { filter: { '@ID': part }, select: ['ID', field], start: -1 },
			}))
		: [];
	const ownerType = scope.entity === 'deal' ? 'D' : 'L';
	let costs = costCommands;
	while (queue.length > 0 || costs.length > 0) {
		const rows = queue.slice(0, PAGE);
		queue = queue.slice(PAGE);
		const extra = costs.slice(0, PAGE - rows.length);
		costs = costs.slice(extra.length);
		const answers = await runner.run([
			...rows.map(({ part, after }) => ({
				method: 'crm.item.productrow.list',
				params: {
					filter: { '=ownerType': ownerType, '=ownerId': part.map(Number), '>id': after },
					order: { id: 'ASC' },
					start: -1,
				},
			})),
			...extra,
		]);
		answers.forEach((answer, i) => {
			if (!answer.ok) throw answer.error;
			if (i < rows.length) {
				const got = productRowsOf(answer.value);
				for (const r of got) {
					const entry = details.get(toText(r.ownerId));
					if (!entry) continue;
					entry.productLines++;
					entry.units = (entry.units ?? 0) + (toNumber(r.quantity) ?? 0);
				}
				if (got.length < PAGE) return;
				const lastId = Number(got[got.length - 1].id);
				if (!(lastId > rows[i].after))
					throw new Bitrix24Error(
						'PAGING_STUCK',
						`crm.item.productrow.list answered a full page that does not advance past ID ${rows[i].after}`,
						undefined,
						'crm.item.productrow.list',
					);
				queue.push({ part: rows[i].part, after: lastId });
				return;
			}
			for (const row of rowsOf(answer.value)) {
				const entry = details.get(toText(row.id ?? row.ID));
				if (entry) entry.cost = toNumber(row[field!]);
			}
		});
	}
	return details;
}

function productRowsOf(result: unknown): Array<Record<string, unknown>> {
	const rows = (result as { productRows?: unknown } | null)?.productRows;
	return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : [];
}

async function costFieldName(scope: Bitrix24Scope, ref: string): Promise<string> {
	const fields = await (scope.knownFields() ??
		loadFields(await scope.runner(), scope.entity).then((f) => {
			scope.adoptFields(f);
			return f;
		}));
	const wanted = ref.trim().toLowerCase();
	for (const [name, label] of fields.labels)
		if (name.toLowerCase() === wanted || label.toLowerCase() === wanted) return name;
	throw new Bitrix24Error(
		'NO_COST_FIELD',
		`No field "${ref}" on ${scope.entity}s; the user fields are: ${fields.userFields.map((n) => `${n} (${fields.labels.get(n)})`).join(', ')}`,
		undefined,
		`crm.${scope.entity}.fields`,
	);
}
