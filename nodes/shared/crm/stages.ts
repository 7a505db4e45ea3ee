import type { CrmLossReason, CrmPipeline, CrmStage } from './types';

/** A stage named by the user: by name ("Назначена встреча") or id, optionally within a named pipeline. */
export interface StageRef {
	pipeline?: string;
	stage: string;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Names are compared the way people type them: case, ё/е, spacing, and the Russian case ending written after a
 * numeral ("более 3-х раз" is "более 3 раз") do not matter.
 */
export function nameKey(name: string): string {
	return name
		.toLowerCase()
		.replace(/ё/g, 'е')
		.replace(/(\d)\s*-\s*(?:х|ти|ми|ех|ух|и|го|му|м)(?=[\s.,)]|$)/g, '$1')
		.replace(/\s+/g, ' ')
		.trim();
}

export function resolvePipeline(
	pipelines: CrmPipeline[],
	ref: string | undefined,
): Resolved<CrmPipeline> {
	if (!ref || !ref.trim()) {
		const main = pipelines.find((p) => p.isMain) ?? pipelines[0];
		return main ? { ok: true, value: main } : { ok: false, reason: 'the account has no pipelines' };
	}
	const wanted = ref.trim();
	const byId = pipelines.find((p) => p.id === wanted);
	if (byId) return { ok: true, value: byId };
	const byName = pipelines.filter((p) => nameKey(p.name) === nameKey(wanted));
	if (byName.length === 1) return { ok: true, value: byName[0] };
	if (byName.length > 1)
		return { ok: false, reason: `several pipelines are named "${wanted}"; use the pipeline id` };
	return {
		ok: false,
		reason: `no pipeline "${wanted}"; the pipelines are: ${pipelines.map((p) => p.name).join(', ')}`,
	};
}

/**
 * Finds a stage by name or id. amoCRM's won (142) and lost (143) stages repeat in every pipeline, so a
 * stage is always looked up inside a pipeline: the one named, else the one holding a unique match, else main.
 */
export function resolveStage(pipelines: CrmPipeline[], ref: StageRef): Resolved<CrmStage> {
	const wanted = ref.stage.trim();
	if (!wanted) return { ok: false, reason: 'no stage given' };
	let scope: CrmPipeline[];
	if (ref.pipeline && ref.pipeline.trim()) {
		const pipeline = resolvePipeline(pipelines, ref.pipeline);
		if (!pipeline.ok) return pipeline;
		scope = [pipeline.value];
	} else {
		scope = pipelines;
	}
	const matches = (pipeline: CrmPipeline) =>
		pipeline.stages.filter((s) => s.id === wanted || nameKey(s.name) === nameKey(wanted));
	const found = scope.flatMap(matches);
	if (found.length === 1) return { ok: true, value: found[0] };
	if (found.length > 1) {
		const main = scope.find((p) => p.isMain);
		const inMain = main ? matches(main) : [];
		if (inMain.length === 1) return { ok: true, value: inMain[0] };
		const where = [
			...new Set(
				found.map((s) => pipelines.find((p) => p.id === s.pipelineId)?.name ?? s.pipelineId),
			),
		];
		return {
			ok: false,
			reason: `stage "${wanted}" is in several pipelines (${where.join(', ')}); choose the pipeline`,
		};
	}
	const names = scope.flatMap((p) =>
		p.stages.map((s) => (scope.length > 1 ? `${p.name} > ${s.name}` : s.name)),
	);
	const where = scope.length === 1 ? `pipeline "${scope[0].name}"` : 'any pipeline';
	return {
		ok: false,
		reason: `no stage "${wanted}" in ${where}; the stages are: ${names.join(', ')}`,
	};
}

/** The stage of a pipeline with the given meaning (its won or lost stage). */
export function stageWithSemantics(
	pipeline: CrmPipeline,
	semantics: CrmStage['semantics'],
): CrmStage | undefined {
	return pipeline.stages.find((s) => s.semantics === semantics);
}

export function resolveLossReason(
	reasons: CrmLossReason[],
	ref: string,
	pipelineId?: string,
): Resolved<CrmLossReason> {
	const wanted = ref.trim();
	const candidates = reasons.filter(
		(r) => !pipelineId || !r.pipelineId || r.pipelineId === pipelineId,
	);
	const found =
		candidates.find((r) => r.id === wanted) ??
		candidates.find((r) => nameKey(r.name) === nameKey(wanted));
	if (found) return { ok: true, value: found };
	return {
		ok: false,
		reason: `no loss reason "${wanted}"; the reasons are: ${candidates.map((r) => r.name).join(', ') || 'none'}`,
	};
}
