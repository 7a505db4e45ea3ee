/** The audit's parameters as plain settings, read once: the audit is one job over the account, not per item. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { resolvePipeline } from '../shared/crm/stages';
import type { CrmPipeline } from '../shared/crm/types';
import type { AuditRules } from '../shared/funnel/audit/findings';
import type { RepeatWebinarCleanup } from '../shared/funnel/audit/repeatWebinarCleanup';

export interface AuditSettings {
	pipelineRefs: string[];
	rules: AuditRules;
	/** Deals created in this many days have their first response measured. */
	firstResponseWindowDays: number;
	cleanup: (RepeatWebinarCleanup & { dryRun: boolean }) | null;
}

export function readAuditSettings(this: IExecuteFunctions): AuditSettings {
	const param = <T>(name: string, fallback: T): T =>
		this.getNodeParameter(name, 0, fallback as never) as T;
	const positiveOrNull = (n: unknown) => (Number(n) > 0 ? Number(n) : null);
	const refs = param<unknown>('pipelines', []);
	const pipelineRefs = (Array.isArray(refs) ? refs : String(refs ?? '').split(','))
		.map((p) => String(p).trim())
		.filter(Boolean);
	const rules: AuditRules = {
		noOpenTask: param('noOpenTask', true),
		overdueTask: param('overdueTask', true),
		stuckAfterDays: positiveOrNull(param('stuckAfterDays', 14)),
		swampStages: String(param('swampStages', '') ?? '')
			.split(/[,;\n]/)
			.map((s) => s.trim())
			.filter(Boolean),
		lostWithoutReason: param('lostWithoutReason', true),
		lostWithinDays: positiveOrNull(param('lostWithinDays', 30)),
		maxStages: positiveOrNull(param('maxStages', 8)),
		firstResponseMinutes: positiveOrNull(param('firstResponseMinutes', 20)),
	};
	const cleanup = param('cleanup', false)
		? {
				stageName: String(param('cleanupStage', '') ?? '').trim(),
				olderThanDays: Number(param('cleanupAfterDays', 7)),
				lossReason: String(param('cleanupLossReason', '') ?? '').trim(),
				dryRun: param('dryRun', true),
			}
		: null;
	if (cleanup && (!cleanup.stageName || !cleanup.lossReason)) {
		throw new NodeOperationError(this.getNode(), 'The cleanup needs a stage and a loss reason', {
			description:
				'Choose the Cleanup Stage ("Отправлен на повтор вебинара") and the Cleanup Loss Reason ("Без причины"), or turn the cleanup off.',
		});
	}
	return {
		pipelineRefs,
		rules,
		firstResponseWindowDays: Math.max(1, Number(param('firstResponseWindowDays', 7)) || 7),
		cleanup,
	};
}

/** The chosen pipelines (all when none is chosen); an unknown name stops the audit before it reads any deal. */
export function chosenPipelines(
	this: IExecuteFunctions,
	all: CrmPipeline[],
	refs: string[],
): CrmPipeline[] {
	if (refs.length === 0) return all;
	const chosen = refs.map((ref) => {
		const found = resolvePipeline(all, ref);
		if (!found.ok) {
			throw new NodeOperationError(this.getNode(), `Pipelines: ${found.reason}`, {
				description: 'Choose the pipelines from the list, or leave it empty to audit all of them.',
			});
		}
		return found.value;
	});
	return chosen.filter((p, i) => chosen.findIndex((q) => q.id === p.id) === i);
}
