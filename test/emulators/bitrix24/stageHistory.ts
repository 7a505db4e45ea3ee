/**
 * Stage history and product rows of the portal. Every stage a lead or deal enters is kept as
 * `crm.stagehistory.list` shows it: TYPE_ID 1 when the record is made, 2 for a working stage, 3 for a final stage
 * (success or failure), 5 when a deal moves to another funnel; with the stage (leads: STATUS_ID and
 * STATUS_SEMANTIC_ID; deals: CATEGORY_ID, STAGE_ID, STAGE_SEMANTIC_ID) and CREATED_TIME. Recorded by every write
 * that changes a stage (legacy and crm.item methods alike). Seeded deals get a history that leads to where they are.
 *
 * Unverified, our assumptions: a funnel move writes one row of TYPE_ID 5 with the new funnel's stage (even when
 * that stage is final); reopening a won deal writes a row of TYPE_ID 2; history rows stay when a record is deleted.
 */
import type { EntityName, EntityRecord } from './fields';
import type { MethodContext } from './methods/context';
import { dealStage, leadStatus, nextId, semanticId, statusesOf, type PortalState } from './portal';

export interface StageHistoryRow {
	ID: number;
	/** 1 lead, 2 deal (crm.stagehistory.list's entityTypeId). */
	ENTITY_TYPE_ID: 1 | 2;
	TYPE_ID: 1 | 2 | 3 | 5;
	OWNER_ID: number;
	/** ms */
	CREATED_TIME: number;
	CATEGORY_ID: number | null;
	STAGE_ID: string;
	SEMANTIC_ID: 'P' | 'S' | 'F';
}

export interface ProductRowRecord {
	id: number;
	ownerId: number;
	/** D deal, L lead. */
	ownerType: 'D' | 'L';
	productId: number;
	productName: string;
	price: number;
	quantity: number;
	measureName: string;
	sort: number;
}

export function historyRow(
	state: PortalState,
	fields: Omit<StageHistoryRow, 'ID' | 'SEMANTIC_ID'>,
): StageHistoryRow {
	const stage =
		fields.ENTITY_TYPE_ID === 2
			? dealStage(state, fields.STAGE_ID)
			: leadStatus(state, fields.STAGE_ID);
	const row: StageHistoryRow = {
		...fields,
		ID: nextId(state, 'stageHistory'),
		SEMANTIC_ID: semanticId(stage),
	};
	state.stageHistory.set(row.ID, row);
	return row;
}

/** After a write: a row when the record was made, or when its stage or funnel changed. */
export function recordStageChange(
	ctx: MethodContext,
	entity: EntityName,
	before: EntityRecord,
	record: EntityRecord,
	mode: 'add' | 'update',
): void {
	if (entity !== 'DEAL' && entity !== 'LEAD') return;
	const stageKey = entity === 'DEAL' ? 'STAGE_ID' : 'STATUS_ID';
	const movedFunnel =
		entity === 'DEAL' && mode === 'update' && before.CATEGORY_ID !== record.CATEGORY_ID;
	if (mode === 'update' && before[stageKey] === record[stageKey] && !movedFunnel) return;
	const stageId = String(record[stageKey]);
	const semantic =
		entity === 'DEAL'
			? semanticId(dealStage(ctx.state, stageId))
			: semanticId(leadStatus(ctx.state, stageId));
	historyRow(ctx.state, {
		ENTITY_TYPE_ID: entity === 'DEAL' ? 2 : 1,
		TYPE_ID: mode === 'add' ? 1 : movedFunnel ? 5 : semantic === 'P' ? 2 : 3,
		OWNER_ID: Number(record.ID),
		CREATED_TIME: ctx.now,
		CATEGORY_ID: entity === 'DEAL' ? Number(record.CATEGORY_ID ?? 0) : null,
		STAGE_ID: stageId,
	});
}

/**
 * A seeded deal's way to its stage: made in its funnel's first stage, then on stage by stage between its creation and
 * MOVED_TIME — some skip a stage, some go back one, some were won and reopened, some came from another funnel.
 */
export function seedDealHistory(state: PortalState, now: number): void {
	for (const deal of state.entities.DEAL.values()) seedOne(state, deal, now);
}

function seedOne(state: PortalState, deal: EntityRecord, now: number): void {
	const id = Number(deal.ID);
	const category = Number(deal.CATEGORY_ID ?? 0);
	const entityId = category === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${category}`;
	const all = statusesOf(state, entityId);
	const open = all.filter((s) => !s.SEMANTICS).map((s) => s.STATUS_ID);
	const won = all.find((s) => s.SEMANTICS === 'S')?.STATUS_ID;
	const current = String(deal.STAGE_ID);
	const semantic = semanticId(dealStage(state, current));
	const target =
		semantic === 'P' ? Math.max(0, open.indexOf(current)) : id % Math.max(1, open.length);
	const variant = id % 11;
	const steps: Array<{ category: number; stage: string }> = [];
	const otherCategory = state.categories.find((c) => c.id !== category)?.id;
	if (variant === 4 && otherCategory !== undefined) {
		const first = statusesOf(
			state,
			otherCategory === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${otherCategory}`,
		)[0];
		if (first) steps.push({ category: otherCategory, stage: first.STATUS_ID });
	}
	for (let i = 0; i <= target; i++) {
		if (variant === 2 && i === target - 1 && i > 0) continue;
		if (variant === 7 && i === 2 && target >= 3)
			steps.push({ category, stage: open[i] }, { category, stage: open[i - 1] });
		steps.push({ category, stage: open[i] });
	}
	if (variant === 9 && won && semantic !== 'S')
		steps.push({ category, stage: won }, { category, stage: open[target] });
	if (semantic !== 'P' || steps[steps.length - 1]?.stage !== current)
		steps.push({ category, stage: current });
	const clean = steps.filter(
		(s, i) =>
			s.stage &&
			(i === 0 || s.stage !== steps[i - 1].stage || s.category !== steps[i - 1].category),
	);
	const created = Number(deal.DATE_CREATE);
	const end = Math.min(now, Math.max(created, Number(deal.MOVED_TIME ?? created)));
	const moves = clean.length - 1;
	clean.forEach((step, i) => {
		const at =
			i === 0
				? created
				: i === moves
					? end
					: created + Math.floor(((end - created) * i) / (moves + 1));
		const stage = dealStage(state, step.stage);
		historyRow(state, {
			ENTITY_TYPE_ID: 2,
			TYPE_ID:
				i === 0
					? 1
					: step.category !== clean[i - 1].category
						? 5
						: (stage?.SEMANTICS ?? 'P') === 'P'
							? 2
							: 3,
			OWNER_ID: id,
			CREATED_TIME: at,
			CATEGORY_ID: step.category,
			STAGE_ID: step.stage,
		});
	});
}

/** Every third won deal lists 1–3 products of 1–4 units. */
export function seedProductRows(state: PortalState): void {
	for (const deal of state.entities.DEAL.values()) {
		const id = Number(deal.ID);
		if (deal.STAGE_SEMANTIC_ID !== 'S' || id % 3 !== 0) continue;
		const lines = 1 + (id % 3);
		for (let i = 0; i < lines; i++) {
			const row: ProductRowRecord = {
				id: nextId(state, 'productRow'),
				ownerId: id,
				ownerType: 'D',
				productId: 9_600 + i,
				productName: ['Курс «Старт»', 'Консультация', 'Методичка'][i],
				price: 10_000,
				quantity: 1 + ((id + i) % 4),
				measureName: 'шт',
				sort: (i + 1) * 10,
			};
			state.productRows.set(row.id, row);
		}
	}
}
