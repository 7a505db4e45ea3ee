/**
 * When each amoCRM deal entered its stage. An amoCRM lead has no such field (its updated_at moves with any change),
 * but the events feed records every stage change (`lead_status_changed`). One pass over the window the rules look
 * back — the stuck limit or the cleanup's days, whichever is longer, plus a day — asks only for moves into the
 * open stages of the audited pipelines (an open deal's last move is into the stage it is in; moves into won, lost
 * or other pipelines tell the rules nothing), costs ⌈those moves ÷ 100⌉ requests and tells, for every deal:
 * - moved in the window: it entered its stage at its last move (exact);
 * - made in the window and never moved: it entered its stage when it was made (exact);
 * - otherwise it has been in its stage since before the window: longer than any limit the window covers
 *   (`stageEnteredBy`, reported as "or more").
 * Bitrix24 tells the time itself (MOVED_TIME), so nothing is read there.
 */
import type { CrmDeal, CrmPipeline, FunnelCrm } from '../shared/crm/types';
import type { AuditSettings } from './settings';

const DAY = 86_400_000;

export interface StageEntries {
	/** Start of the window read (ISO). */
	since: string;
	/** Each deal moved in the window → the moment of its last move. */
	lastMove: Map<string, string>;
	/** Requests the read cost, for the summary. */
	events: number;
}

/** How far back the rules look at time in a stage; null when no rule does (nothing to read). */
export function stageWindowDays(settings: AuditSettings): number | null {
	const days = Math.max(settings.rules.stuckAfterDays ?? 0, settings.cleanup?.olderThanDays ?? 0);
	return days > 0 ? days + 1 : null;
}

export async function readStageEntries(
	crm: FunnelCrm,
	settings: AuditSettings,
	pipelines: CrmPipeline[],
	now: string,
): Promise<StageEntries | null> {
	const days = stageWindowDays(settings);
	if (crm.kind !== 'amocrm' || days === null) return null;
	const since = new Date(Date.parse(now) - days * DAY).toISOString();
	const lastMove = new Map<string, string>();
	let events = 0;
	const intoStages = pipelines.flatMap((p) =>
		p.stages
			.filter((s) => s.semantics === 'open')
			.map((s) => ({ pipelineId: p.id, stageId: s.id })),
	);
	if (intoStages.length === 0) return { since, lastMove, events };
	for await (const page of crm.listStageChanges({ from: since, to: now, intoStages })) {
		for (const change of page) {
			events++;
			const known = lastMove.get(change.dealId);
			if (!known || change.at > known) lastMove.set(change.dealId, change.at);
		}
	}
	return { since, lastMove, events };
}

/** The deal with the time it entered its stage, as far as the feed tells (see above); unchanged without a read. */
export function withStageEntry(deal: CrmDeal, entries: StageEntries | null): CrmDeal {
	if (!entries || deal.stageChangedAt) return deal;
	const moved = entries.lastMove.get(deal.id);
	if (moved) return { ...deal, stageChangedAt: moved };
	if (deal.createdAt >= entries.since) return { ...deal, stageChangedAt: deal.createdAt };
	return { ...deal, stageEnteredBy: entries.since };
}
