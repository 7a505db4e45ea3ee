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
	// One object, filled field by field in the order a person reads it (no spreads: this runs once per item).
	const json: IDataObject = { decision: decision.decision };
	switch (decision.decision) {
		case 'reached':
			json.attempt = decision.failedAttempts + 1;
			json.failedAttempts = decision.failedAttempts;
			json.reachedAt = decision.reachedAt;
			break;
		case 'retry':
			json.attempt = decision.attempt;
			json.nextAttempt = decision.nextAttempt;
			json.nextAttemptAt = decision.nextAttemptAt;
			json.nextAttemptLocal = decision.nextAttemptLocal;
			json.phoneKind = decision.kind;
			json.reason = decision.reason;
			break;
		case 'exhausted':
			json.attempt = decision.attempt;
			json.reason = decision.reason;
			break;
		case 'foreign':
			json.attempt = decision.attempt;
			json.country = decision.country;
			json.reason = decision.reason;
			break;
	}
	json.maxAttempts = settings.cadence.maxAttempts;
	json.timeZone = w.zone.zone;
	json.timeZoneFrom = w.zone.from;
	if (w.zone.note) json.timeZoneNote = w.zone.note;
	json.phone = w.call.clientPhone;
	json.earlierCalls = w.earlierCount;
	json.dealId = w.deal?.id ?? null;
	json.deal = w.deal ? dealJson(w, pipelines) : null;
	json.crm = crm as unknown as IDataObject;
	json.callRecord = (w.record ?? null) as IDataObject | null;
	json.callKey = w.key;
	json.call = w.call as unknown as IDataObject;
	return json;
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
