import { DEFAULT_AUDIT_RULES } from '../../../../../nodes/shared/funnel/audit/findings';
import { auditContext, auditDeal } from '../../../../../nodes/shared/funnel/audit/rules';
import { decideRepeatWebinarCleanup } from '../../../../../nodes/shared/funnel/audit/repeatWebinarCleanup';
import { withStageEntry, type StageEntries } from '../../../../../nodes/PipelineAudit/stageEntry';
import { agencyFunnel, daysAgo, deal, NOW, task, users, webinarFunnel } from './account';

const context = auditContext({
	now: NOW,
	rules: { ...DEFAULT_AUDIT_RULES, stuckAfterDays: 14 },
	pipelines: [webinarFunnel, agencyFunnel],
	users,
});
/** What one pass over the events feed of the last 15 days found: deal 1 moved 3 days ago, deal 2 20 days ago is out of it. */
const entries: StageEntries = {
	since: daysAgo(15),
	lastMove: new Map([['1', daysAgo(3)]]),
	events: 1,
};
const stuck = (d: ReturnType<typeof deal>) =>
	auditDeal({ deal: d, openTasks: [task({ id: `t${d.id}`, dealId: d.id })] }, context).find(
		(f) => f.type === 'stuckInStage',
	);

describe('time in a stage from the events feed (amoCRM)', () => {
	test('a deal moved in the window entered its stage at its last move, whatever its last change', () => {
		const moved = withStageEntry(
			deal({ id: '1', createdAt: daysAgo(60), updatedAt: daysAgo(30) }),
			entries,
		);
		expect(moved.stageChangedAt).toBe(daysAgo(3));
		// By its last change (30 days) it was reported stuck; it entered the stage 3 days ago.
		expect(stuck(moved)).toBeUndefined();
	});

	test('a deal changed yesterday but not moved in the window has been in its stage longer than the window: stuck, "or more"', () => {
		const old = withStageEntry(
			deal({ id: '2', createdAt: daysAgo(60), updatedAt: daysAgo(1) }),
			entries,
		);
		expect(old).toMatchObject({ stageChangedAt: null, stageEnteredBy: daysAgo(15) });
		const finding = stuck(old);
		expect(finding?.ageDays).toBe(15);
		expect(finding?.detail).toContain(
			`15 days in "${finding?.stageName}" or more (no stage change in the CRM's history since ${daysAgo(15).slice(0, 10)})`,
		);
		// The week's cleanup sees the same time.
		const decision = decideRepeatWebinarCleanup(old, 'Отправлен на повтор вебинара', null, NOW, {
			stageName: 'Отправлен на повтор вебинара',
			olderThanDays: 7,
			lossReason: 'Без причины',
		});
		expect(decision).toMatchObject({ action: 'closeLost', ageDays: 15 });
	});

	test('a deal made in the window and never moved entered its stage when it was made', () => {
		const fresh = withStageEntry(
			deal({ id: '3', createdAt: daysAgo(10), updatedAt: daysAgo(2) }),
			entries,
		);
		expect(fresh.stageChangedAt).toBe(daysAgo(10));
		expect(stuck(fresh)).toBeUndefined();
	});

	test('without a read (Bitrix24, or no rule looks at the time) the deal is unchanged: its last change is the fallback', () => {
		const plain = deal({ id: '4', createdAt: daysAgo(60), updatedAt: daysAgo(20) });
		expect(withStageEntry(plain, null)).toBe(plain);
		expect(stuck(plain)?.detail).toContain('since its last change');
	});
});
