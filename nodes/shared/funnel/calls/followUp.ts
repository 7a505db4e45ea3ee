/**
 * What the CRM should do after the cadence decided: a Retry gets a call-back task at the next allowed
 * time; an Exhausted lead is closed as lost "Не дозвонились более 3 раз"; a foreign number goes to the stage
 * where the client is written to by email or messenger ("Недозвонились до клиента. Европа"). Decided before any
 * request is built; a closed deal is never touched (a won deal must not be reopened as lost by a late call).
 */
import type { StageSemantics } from '../../crm/types';
import type { CadenceDecision } from './cadence';
import { callBackTaskText } from './callKey';

export interface FollowUpSettings {
	createTask: boolean;
	/** Task text template ({attempt}, {maxAttempts}, {phone}). */
	taskText: string;
	closeLost: boolean;
	/** Loss reason by name or id. */
	lossReason: string;
	moveForeign: boolean;
	/** Stage by name or id. */
	foreignStage: string;
}

export type FollowUp =
	| { action: 'createTask'; dueAt: string; text: string }
	| { action: 'closeLost'; lossReason: string }
	| { action: 'moveToStage'; stage: string }
	| { action: 'none'; reason: string };

export interface FollowUpContext {
	/** The deal in the CRM, or null when there is none (no CRM chosen). */
	deal: { semantics: StageSemantics; stageId: string } | null;
	maxAttempts: number;
	/** The call's idempotency key, written into the task. */
	callKey: string | null;
	phone: string | null;
}

export function planFollowUp(
	decision: CadenceDecision,
	settings: FollowUpSettings,
	context: FollowUpContext,
): FollowUp {
	if (decision.decision === 'reached') return { action: 'none', reason: 'the client was reached' };
	const { deal } = context;
	if (!deal) return { action: 'none', reason: 'no CRM deal' };
	if (deal.semantics !== 'open')
		return {
			action: 'none',
			reason: `the deal is already closed (${deal.semantics}): left as it is`,
		};
	switch (decision.decision) {
		case 'retry':
			if (!settings.createTask)
				return { action: 'none', reason: 'creating call-back tasks is off' };
			return {
				action: 'createTask',
				dueAt: decision.nextAttemptAt,
				text: callBackTaskText(
					settings.taskText,
					{ attempt: decision.nextAttempt, maxAttempts: context.maxAttempts, phone: context.phone },
					context.callKey,
				),
			};
		case 'exhausted':
			if (!settings.closeLost) return { action: 'none', reason: 'closing exhausted deals is off' };
			return { action: 'closeLost', lossReason: settings.lossReason };
		case 'foreign':
			if (!settings.moveForeign) return { action: 'none', reason: 'moving foreign numbers is off' };
			return { action: 'moveToStage', stage: settings.foreignStage };
	}
}
