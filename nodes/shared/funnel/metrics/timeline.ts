/**
 * A deal's path through the stages, rebuilt from its stage changes (read from the window's start until now) and
 * its record as it is now. The path answers: in which stage was the deal at a moment, when was it closed, which
 * stages did it reach in a pipeline. Stage changes are all there is: amoCRM's events feed and Bitrix24's stage
 * history keep every move, whatever made it.
 */
import type { CrmDeal, CrmPipeline, StageChange, StageSemantics } from '../../crm/types';

export interface PathStep {
	at: number;
	pipelineId: string;
	/** null when the stage is not known (a Bitrix24 deal made before the window, before its first move in it). */
	stageId: string | null;
	semantics: StageSemantics | null;
}

/** Stages by pipeline: semantics and funnel position (open stages only; incoming stages are not positions). */
export class StageMap {
	private readonly byKey = new Map<
		string,
		{ semantics: StageSemantics; index: number | null; name: string }
	>();
	readonly openStages = new Map<string, Array<{ id: string; name: string }>>();

	constructor(readonly pipelines: CrmPipeline[]) {
		for (const pipeline of pipelines) {
			const open = pipeline.stages.filter((s) => s.semantics === 'open' && !s.isIncoming);
			this.openStages.set(
				pipeline.id,
				open.map((s) => ({ id: s.id, name: s.name })),
			);
			for (const stage of pipeline.stages) {
				const index = open.findIndex((s) => s.id === stage.id);
				this.byKey.set(`${pipeline.id}|${stage.id}`, {
					semantics: stage.semantics,
					index: index >= 0 ? index : null,
					name: stage.name,
				});
			}
		}
	}

	semantics(pipelineId: string, stageId: string): StageSemantics | null {
		return this.byKey.get(`${pipelineId}|${stageId}`)?.semantics ?? null;
	}

	/** Position among the pipeline's open stages (0 = first); null for incoming, won, lost or unknown stages. */
	index(pipelineId: string, stageId: string): number | null {
		return this.byKey.get(`${pipelineId}|${stageId}`)?.index ?? null;
	}

	stageName(pipelineId: string, stageId: string): string | null {
		return this.byKey.get(`${pipelineId}|${stageId}`)?.name ?? null;
	}
}

const EARLIEST = -Infinity;

/**
 * The path of one deal. `changes` are the deal's changes from the window's start until now (any order); `windowFrom`
 * is that start: before it the path knows only what the first change says it left.
 */
export function dealPath(
	deal: CrmDeal,
	changes: StageChange[],
	stages: StageMap,
	windowFrom: number,
): PathStep[] {
	const created = Date.parse(deal.createdAt);
	const step = (at: number, pipelineId: string, stageId: string | null): PathStep => ({
		at,
		pipelineId,
		stageId,
		semantics: stageId === null ? null : stages.semantics(pipelineId, stageId),
	});
	const sorted = [...changes].sort(
		(a, b) => Date.parse(a.at) - Date.parse(b.at) || compareIds(a.id, b.id),
	);
	// Made before the window and not moved since: in its current stage all along (as far as the window sees).
	if (sorted.length === 0) return [step(created, deal.pipelineId, deal.stageId)];
	const path: PathStep[] = [];
	const first = sorted[0];
	if (first.kind !== 'created') {
		const since = created >= windowFrom ? created : EARLIEST;
		if (first.fromStageId !== null)
			path.push(step(since, first.fromPipelineId ?? first.pipelineId, first.fromStageId));
		else if (created >= windowFrom)
			// Made in the window but its first stage is not recorded: the first move's stage is the best we know.
			path.push(step(created, first.pipelineId, first.stageId));
		else path.push(step(EARLIEST, first.pipelineId, null));
	}
	for (const change of sorted)
		path.push(step(Date.parse(change.at), change.pipelineId, change.stageId));
	return path;
}

function compareIds(a: string, b: string): number {
	const na = Number(a);
	const nb = Number(b);
	return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
}

/** The step in force at a moment (the last one at or before it); null before the path begins. */
export function stepAt(path: PathStep[], at: number): PathStep | null {
	let found: PathStep | null = null;
	for (const step of path) {
		if (step.at > at) break;
		found = step;
	}
	return found;
}

export interface Close {
	at: number;
	semantics: 'won' | 'lost';
	pipelineId: string;
	stageId: string;
}

/**
 * How the deal stood closed at the end of the period, and since when: the last entry into a won or lost stage
 * that lasted to the period's end. A deal reopened before the end is not closed; a deal won, reopened and won
 * again counts once, from its last win. Without a visible change (closed before the window), the record's close
 * time is used.
 */
export function closeAtEnd(deal: CrmDeal, path: PathStep[], periodEnd: number): Close | null {
	const last = stepAt(path, periodEnd - 1);
	if (!last || last.stageId === null || (last.semantics !== 'won' && last.semantics !== 'lost'))
		return null;
	let since = last;
	for (let i = path.indexOf(last); i >= 0; i--) {
		const step = path[i];
		if (step.semantics !== last.semantics || step.pipelineId !== last.pipelineId) break;
		since = step;
	}
	let at = since.at;
	if (!Number.isFinite(at)) {
		const closed = deal.closedAt ? Date.parse(deal.closedAt) : NaN;
		if (Number.isNaN(closed)) return null;
		at = closed;
	}
	return { at, semantics: last.semantics, pipelineId: last.pipelineId, stageId: last.stageId };
}

export type FunnelOutcome = 'open' | 'won' | 'lost' | 'moved';

export interface PipelineRun {
	pipelineId: string;
	/** When the deal entered the pipeline (made there, or moved in from another pipeline). */
	enteredAt: number;
	/** The furthest open stage reached in the pipeline by the period's end (won: the last one); null: none. */
	reachedIndex: number | null;
	outcome: FunnelOutcome;
}

/**
 * The pipelines a deal entered in [from, to): made there in the period, or moved there from another pipeline, with
 * how far it got by the period's end. Skipped stages count as passed (a deal moved from the 2nd stage to the 5th
 * passed the 3rd and 4th); a deal that went back counts once at each stage; a won deal passed every open stage.
 */
export function pipelineRuns(
	path: PathStep[],
	stages: StageMap,
	from: number,
	to: number,
): PipelineRun[] {
	const runs: PipelineRun[] = [];
	let current: PipelineRun | null = null;
	let previousPipeline: string | null = null;
	for (const step of path) {
		if (step.at >= to) break;
		const entering = step.pipelineId !== previousPipeline;
		previousPipeline = step.pipelineId;
		if (entering) {
			if (current) current.outcome = 'moved';
			current =
				step.at >= from
					? { pipelineId: step.pipelineId, enteredAt: step.at, reachedIndex: null, outcome: 'open' }
					: null;
			if (current) runs.push(current);
		}
		if (!current || step.stageId === null) continue;
		const open = stages.openStages.get(step.pipelineId) ?? [];
		const index =
			step.semantics === 'won' ? open.length - 1 : stages.index(step.pipelineId, step.stageId);
		if (
			index !== null &&
			index >= 0 &&
			(current.reachedIndex === null || index > current.reachedIndex)
		)
			current.reachedIndex = index;
		current.outcome =
			step.semantics === 'won' ? 'won' : step.semantics === 'lost' ? 'lost' : 'open';
	}
	return runs;
}
