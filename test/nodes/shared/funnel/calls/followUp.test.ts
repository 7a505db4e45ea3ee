import type { CadenceDecision } from '../../../../../nodes/shared/funnel/calls/cadence';
import {
	planFollowUp,
	type FollowUpSettings,
} from '../../../../../nodes/shared/funnel/calls/followUp';

const settings: FollowUpSettings = {
	createTask: true,
	taskText: 'Перезвонить клиенту (попытка {attempt} из {maxAttempts})',
	closeLost: true,
	lossReason: 'Не дозвонились более 3 раз',
	moveForeign: true,
	foreignStage: 'Недозвонились до клиента. Европа',
};
const openDeal = { semantics: 'open' as const, stageId: '58200008' };
const context = { deal: openDeal, maxAttempts: 3, callKey: 'mango:e1', phone: '+79161234567' };
const retry: CadenceDecision = {
	decision: 'retry',
	attempt: 1,
	nextAttempt: 2,
	nextAttemptAt: '2026-03-16T09:00:00.000Z',
	nextAttemptLocal: '2026-03-16 12:00',
	zone: 'Europe/Moscow',
	kind: 'mobile',
	reason: '120 min after the last call',
};
const exhausted: CadenceDecision = { decision: 'exhausted', attempt: 3, reason: '3 attempts' };
const foreign: CadenceDecision = {
	decision: 'foreign',
	attempt: 1,
	phone: '+4915111100005',
	country: 'DE',
	reason: 'foreign',
};

describe('what the CRM should do after the decision', () => {
	test('a Retry plans a call-back task at the next attempt time, marked with the call', () => {
		expect(planFollowUp(retry, settings, context)).toEqual({
			action: 'createTask',
			dueAt: '2026-03-16T09:00:00.000Z',
			text: 'Перезвонить клиенту (попытка 2 из 3) [call mango:e1]',
		});
	});

	test('Exhausted closes lost with the reason; a foreign number moves to the stage', () => {
		expect(planFollowUp(exhausted, settings, context)).toEqual({
			action: 'closeLost',
			lossReason: 'Не дозвонились более 3 раз',
		});
		expect(planFollowUp(foreign, settings, context)).toEqual({
			action: 'moveToStage',
			stage: 'Недозвонились до клиента. Европа',
		});
	});

	test('a closed deal is never touched: a late call must not reopen a won deal as lost', () => {
		expect(
			planFollowUp(exhausted, settings, { ...context, deal: { semantics: 'won', stageId: '142' } }),
		).toEqual({ action: 'none', reason: 'the deal is already closed (won): left as it is' });
	});

	test('nothing to do when reached, without a deal, or with the action turned off', () => {
		expect(
			planFollowUp(
				{ decision: 'reached', failedAttempts: 1, reachedAt: '2026-03-16T09:00:00Z' },
				settings,
				context,
			),
		).toEqual({ action: 'none', reason: 'the client was reached' });
		expect(planFollowUp(retry, settings, { ...context, deal: null })).toEqual({
			action: 'none',
			reason: 'no CRM deal',
		});
		expect(planFollowUp(retry, { ...settings, createTask: false }, context)).toMatchObject({
			action: 'none',
		});
		expect(planFollowUp(exhausted, { ...settings, closeLost: false }, context)).toMatchObject({
			action: 'none',
		});
		expect(planFollowUp(foreign, { ...settings, moveForeign: false }, context)).toMatchObject({
			action: 'none',
		});
	});
});
