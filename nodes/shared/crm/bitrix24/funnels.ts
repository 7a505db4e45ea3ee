/**
 * Funnels and their stages as the FunnelCrm speaks of them. Deals: each category (`crm.category.list`, lower-case
 * keys, default id 0) with its stages (`crm.status.list` of `DEAL_STAGE` / `DEAL_STAGE_N`, ids prefixed `CN:`).
 * Leads: one funnel, the lead statuses (`STATUS`). Read together with the fields and users (reference.ts).
 */
import type { CrmPipeline, CrmStage, StageSemantics } from '../types';
import { toNumber, toText } from './parse';

export type FunnelEntity = 'deal' | 'lead';

/** The lead funnel's id: leads have no categories. */
export const LEAD_FUNNEL_ID = 'LEAD';

export function stageSemantics(semantics: unknown): StageSemantics {
	return semantics === 'S' ? 'won' : semantics === 'F' ? 'lost' : 'open';
}

function stageOf(row: Record<string, unknown>, pipelineId: string): CrmStage {
	return {
		id: toText(row.STATUS_ID),
		name: toText(row.NAME),
		pipelineId,
		sort: toNumber(row.SORT) ?? 0,
		semantics: stageSemantics(row.SEMANTICS),
		isIncoming: false,
	};
}

function inFunnelOrder(stages: CrmStage[]): CrmStage[] {
	const rank = { open: 0, won: 1, lost: 2 } as const;
	return [...stages].sort((a, b) => rank[a.semantics] - rank[b.semantics] || a.sort - b.sort);
}

/** `crm.status.list` of one status entity (`STATUS`, `DEAL_STAGE`, `DEAL_STAGE_N`), in sort order. */
export function statusListCommand(entityId: string) {
	return {
		method: 'crm.status.list',
		params: { filter: { ENTITY_ID: entityId }, order: { SORT: 'ASC' } },
	};
}

/** The status entity holding a deal category's stages. */
export function stageEntityOf(categoryId: number): string {
	return categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`;
}

/** The lead statuses as the one lead funnel. */
export function leadFunnelFrom(rows: Array<Record<string, unknown>>): CrmPipeline[] {
	return [
		{
			id: LEAD_FUNNEL_ID,
			name: 'Leads',
			isMain: true,
			stages: inFunnelOrder(rows.map((r) => stageOf(r, LEAD_FUNNEL_ID))),
		},
	];
}

/** Deal funnels from `crm.category.list` rows and the stage rows of each category's status entity. */
export function dealFunnelsFrom(
	categories: Array<Record<string, unknown>>,
	stagesByEntity: ReadonlyMap<string, Array<Record<string, unknown>>>,
): CrmPipeline[] {
	return [...categories]
		.sort((a, b) => (toNumber(a.sort) ?? 0) - (toNumber(b.sort) ?? 0))
		.map((c) => {
			const id = String(Number(c.id));
			return {
				id,
				name: toText(c.name),
				isMain: c.isDefault === 'Y' || Number(c.id) === 0,
				stages: inFunnelOrder(
					(stagesByEntity.get(stageEntityOf(Number(c.id))) ?? []).map((r) => stageOf(r, id)),
				),
			};
		});
}

/** The funnel a deal stage belongs to: stage ids are unique across funnels thanks to their `CN:` prefix. */
export function funnelOfStage(pipelines: CrmPipeline[], stageId: string): CrmPipeline | undefined {
	return pipelines.find((p) => p.stages.some((s) => s.id === stageId));
}
