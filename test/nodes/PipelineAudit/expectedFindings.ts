/**
 * The audit's findings worked out from the emulator's raw state (test/support/crmState.ts) by the rules as the
 * seeds state them — the oracle the node's output is compared with, finding by finding.
 */
import type { CrmState, StateDeal } from '../../support/crmState';

const DAY = 86_400_000;

export interface ExpectedRules {
	stuckAfterDays: number;
	swampStages: string[];
	lostWithinDays: number | null;
	maxStages: number;
	firstResponseMinutes: number;
	firstResponseWindowDays: number;
}

export const SEED_RULES: ExpectedRules = {
	stuckAfterDays: 14,
	swampStages: ['Думает', 'В работе', 'На рассмотрении', 'Отложено', 'Сделка отложена'],
	lostWithinDays: 30,
	maxStages: 8,
	firstResponseMinutes: 20,
	firstResponseWindowDays: 7,
};

/** "type dealId" (or "type pipeline:<id>" for a pipeline's shape, "type task:<id>" per overdue task). */
export function expectedFindings(
	state: CrmState,
	nowMs: number,
	rules: ExpectedRules = SEED_RULES,
	pipelineIds?: string[],
): string[] {
	const pipelines = state.pipelines.filter((p) => !pipelineIds || pipelineIds.includes(p.id));
	const inScope = (d: StateDeal) => pipelines.some((p) => p.id === d.pipelineId);
	const out: string[] = [];
	for (const p of pipelines) {
		const working = p.stages.filter((s) => s.semantics === 'open' && !s.incoming).length;
		if (working > rules.maxStages) out.push(`tooManyStages pipeline:${p.id}`);
	}
	const openTasks = state.tasks.filter((t) => !t.completed && t.dealId);
	for (const deal of state.deals.filter(inScope)) {
		const tasks = openTasks.filter((t) => t.dealId === deal.id);
		const open = deal.semantics === 'open';
		if (open && !deal.incoming && tasks.length === 0) out.push(`noOpenTask ${deal.id}`);
		for (const task of tasks) if (task.dueMs < nowMs) out.push(`overdueTask task:${task.id}`);
		const inStageDays = Math.round(((nowMs - deal.inStageSinceMs) / DAY) * 10) / 10;
		if (open && inStageDays > rules.stuckAfterDays) out.push(`stuckInStage ${deal.id}`);
		if (open && isSwamp(deal.stageName, rules.swampStages)) out.push(`swampStage ${deal.id}`);
		const closedMs = deal.closedMs ?? deal.inStageSinceMs;
		if (
			deal.semantics === 'lost' &&
			!deal.lossReason &&
			(rules.lostWithinDays === null || nowMs - closedMs <= rules.lostWithinDays * DAY)
		)
			out.push(`lostWithoutReason ${deal.id}`);
		if (nowMs - deal.createdMs <= rules.firstResponseWindowDays * DAY) {
			const responses = state.calls
				.filter(
					(c) =>
						c.dealId === deal.id &&
						(c.direction === 'outbound' || c.answered) &&
						c.atMs >= deal.createdMs - 60_000,
				)
				.map((c) => c.atMs);
			const first = responses.length ? Math.min(...responses) : null;
			if (
				first !== null
					? first - deal.createdMs > rules.firstResponseMinutes * 60_000
					: open && nowMs - deal.createdMs > rules.firstResponseMinutes * 60_000
			) {
				out.push(`slowFirstResponse ${deal.id}`);
			}
		}
	}
	return out.sort();
}

function isSwamp(stage: string, swamps: string[]): boolean {
	const name = stage.toLowerCase().replace(/ё/g, 'е');
	return swamps.some((s) => {
		const key = s.toLowerCase().replace(/ё/g, 'е');
		return name === key || (name.startsWith(key) && !/[\p{L}\p{N}]/u.test(name[key.length]));
	});
}

export function countByType(keys: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const key of keys) counts[key.split(' ')[0]] = (counts[key.split(' ')[0]] ?? 0) + 1;
	return counts;
}
