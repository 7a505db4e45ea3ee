/** What each output item says: the decision first (flat, for expressions), then the deal, the CRM change, the call. */
import type { IDataObject } from 'n8n-workflow';

import type { CrmPipeline } from '../shared/crm/types';
import type { CallResult } from '../shared/funnel/calls/callResult';
import type { CrmOutcome } from './followUpActions';
import type { CallAttemptsSettings } from './settings';
import type { CallWork } from './work';

export const OUTPUT = { reached: 0, retry: 1, exhausted: 2, foreign: 3, skipped: 4 } as const;

export type Output = (typeof OUTPUT)[keyof typeof OUTPUT];

export function attemptJson(
	w: CallWork,
	settings: CallAttemptsSettings,
	crm: CrmOutcome,
	pipelines: CrmPipeline[],
): IDataObject {
	const decision = w.decision!;
	const head: IDataObject = { decision: decision.decision };
	switch (decision.decision) {
		case 'reached':
			Object.assign(head, {
				attempt: decision.failedAttempts + 1,
				failedAttempts: decision.failedAttempts,
				reachedAt: decision.reachedAt,
			});
			break;
		case 'retry':
			Object.assign(head, {
				attempt: decision.attempt,
				nextAttempt: decision.nextAttempt,
				nextAttemptAt: decision.nextAttemptAt,
				nextAttemptLocal: decision.nextAttemptLocal,
				phoneKind: decision.kind,
				reason: decision.reason,
			});
			break;
		case 'exhausted':
			Object.assign(head, { attempt: decision.attempt, reason: decision.reason });
			break;
		case 'foreign':
			Object.assign(head, {
				attempt: decision.attempt,
				country: decision.country,
				reason: decision.reason,
			});
			break;
	}
	return {
		...head,
		maxAttempts: settings.cadence.maxAttempts,
		timeZone: w.zone.zone,
		timeZoneFrom: w.zone.from,
		...(w.zone.note ? { timeZoneNote: w.zone.note } : {}),
		phone: w.call.clientPhone,
		earlierCalls: w.earlierCount,
		dealId: w.deal?.id ?? null,
		deal: w.deal ? dealJson(w, pipelines) : null,
		crm: crm as unknown as IDataObject,
		callRecord: (w.record ?? null) as IDataObject | null,
		callKey: w.key,
		call: w.call as unknown as IDataObject,
	};
}

export function skippedJson(
	reason: string,
	call: CallResult | null,
	key: string | null,
): IDataObject {
	return { skipped: reason, callKey: key, call: call as unknown as IDataObject | null };
}

function dealJson(w: CallWork, pipelines: CrmPipeline[]): IDataObject {
	const deal = w.deal!;
	const pipeline = pipelines.find((p) => p.id === deal.pipelineId);
	return {
		id: deal.id,
		name: deal.name,
		pipelineId: deal.pipelineId,
		pipeline: pipeline?.name ?? null,
		stageId: deal.stageId,
		stage: pipeline?.stages.find((s) => s.id === deal.stageId)?.name ?? null,
		semantics: deal.semantics,
		responsibleUserId: deal.responsibleUserId,
		url: deal.url,
	};
}
