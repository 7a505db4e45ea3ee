import type { DealFilter } from '../types';
import type { AmoCatalog } from './catalog';
import { unixOf } from './parse';
import type { QueryValue } from './query';

/** `filter[statuses]` pairs per request (about 70 characters each in the URL). */
const MAX_STATUS_PAIRS = 100;

/**
 * Stage ids become `filter[statuses]` pairs: 142/143 exist in every pipeline, so a pair names both. "Open only"
 * asks for the open stages the same way, so closed deals (most of an old account) are not paged through; with
 * more open stages than fit a URL it filters after reading instead.
 */
export async function dealQuery(
	catalog: AmoCatalog,
	filter: DealFilter,
): Promise<Record<string, QueryValue> | null> {
	const f: Record<string, QueryValue> = {};
	let stageIds = filter.stageIds;
	if (!stageIds?.length && filter.openOnly) {
		const pipelines = await catalog.pipelines();
		const scope = filter.pipelineIds?.length
			? pipelines.filter((p) => filter.pipelineIds!.includes(p.id))
			: pipelines;
		const open = scope.flatMap((p) => p.stages.filter((s) => s.semantics === 'open'));
		if (open.length > 0 && open.length <= MAX_STATUS_PAIRS)
			stageIds = [...new Set(open.map((s) => s.id))];
	}
	if (stageIds?.length) {
		const pipelines = await catalog.pipelines();
		const scope = filter.pipelineIds?.length
			? pipelines.filter((p) => filter.pipelineIds!.includes(p.id))
			: pipelines;
		const pairs = scope.flatMap((p) =>
			p.stages
				.filter((s) => stageIds!.includes(s.id))
				.map((s) => ({ pipeline_id: p.id, status_id: s.id })),
		);
		if (pairs.length === 0) return null;
		f.statuses = Object.fromEntries(pairs.map((pair, i) => [String(i), pair]));
	} else if (filter.pipelineIds?.length) {
		f.pipeline_id = filter.pipelineIds;
	}
	if (filter.responsibleUserIds?.length) f.responsible_user_id = filter.responsibleUserIds;
	const range = (from?: string, to?: string) =>
		from || to
			? { from: from ? unixOf(from) : undefined, to: to ? unixOf(to) : undefined }
			: undefined;
	const created = range(filter.createdFrom, filter.createdTo);
	const updated = range(filter.updatedFrom, filter.updatedTo);
	if (created) f.created_at = created;
	if (updated) f.updated_at = updated;
	return { filter: f, with: 'contacts' };
}
