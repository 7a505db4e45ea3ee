import {
	decideRepeatWebinarCleanup,
	ReattendanceIndex,
	WEBINAR_FUNNEL_CLEANUP,
} from '../../../../../nodes/shared/funnel/audit/repeatWebinarCleanup';
import { daysAgo, deal, NOW } from './account';

describe('seed 001 weekly cleanup of "Отправлен на повтор вебинара"', () => {
	const inRepeat = (days: number) =>
		deal({ id: 'r1', stageId: '7001-4', stageChangedAt: daysAgo(days) });
	const stage = 'Отправлен на повтор вебинара';

	test('older than 7 days and not back: close lost with "Без причины"', () => {
		expect(decideRepeatWebinarCleanup(inRepeat(8), stage, null, NOW)).toEqual({
			action: 'closeLost',
			lossReason: 'Без причины',
			ageDays: 8,
			reason: '8 days in "Отправлен на повтор вебинара" without coming back (limit 7)',
		});
		expect(decideRepeatWebinarCleanup(inRepeat(7), stage, null, NOW)).toMatchObject({
			action: 'closeLost',
			ageDays: 7,
		});
	});

	test('younger than 7 days: keep', () => {
		expect(decideRepeatWebinarCleanup(inRepeat(6.9), stage, null, NOW)).toEqual({
			action: 'keep',
			ageDays: 6,
			reason: '6 days in the stage, fewer than 7',
		});
	});

	test('came to the webinar again: move back to the stage the router chose, whatever the age', () => {
		const back = {
			targetStage: 'Был на вебинаре более часа',
			segment: 'Stayed ≥ 60 min',
			webinarDate: '2024-03-14',
		};
		expect(decideRepeatWebinarCleanup(inRepeat(10), stage, back, NOW)).toEqual({
			action: 'moveBack',
			targetStage: 'Был на вебинаре более часа',
			reason: 'came to the webinar again on 2024-03-14 (Stayed ≥ 60 min)',
		});
	});

	test('a deal elsewhere, or already closed, is not touched', () => {
		expect(decideRepeatWebinarCleanup(inRepeat(30), 'Думает(поговорили)', null, NOW)).toMatchObject(
			{ action: 'notInStage' },
		);
		expect(
			decideRepeatWebinarCleanup(
				deal({ id: 'r2', semantics: 'lost', stageId: '143' }),
				stage,
				null,
				NOW,
			),
		).toMatchObject({ action: 'notInStage' });
	});

	test("the settings are the user's: stage, days, reason", () => {
		const settings = {
			...WEBINAR_FUNNEL_CLEANUP,
			olderThanDays: 14,
			lossReason: 'В следующий раз / не сейчас',
		};
		expect(decideRepeatWebinarCleanup(inRepeat(10), stage, null, NOW, settings)).toMatchObject({
			action: 'keep',
		});
		expect(decideRepeatWebinarCleanup(inRepeat(15), stage, null, NOW, settings)).toMatchObject({
			action: 'closeLost',
			lossReason: 'В следующий раз / не сейчас',
		});
	});

	test("re-attendance is found by any email or phone of the deal's contacts; the latest webinar wins", () => {
		const index = new ReattendanceIndex();
		index.add({
			email: 'Ang5350@yandex.ru',
			phone: '+79161234567',
			targetStage: 'Был на вебинаре менее часа',
			segment: 'Stayed < 60 min',
			webinarDate: '2024-03-07',
		});
		index.add({
			email: 'ang5350@yandex.ru',
			phone: null,
			targetStage: 'Проявил активность на вебинаре',
			segment: 'Showed activity',
			webinarDate: '2024-03-14',
		});
		expect(index.find(['ANG5350@YANDEX.RU'])).toMatchObject({
			targetStage: 'Проявил активность на вебинаре',
		});
		expect(index.find([null, '+79161234567'])).toMatchObject({
			targetStage: 'Был на вебинаре менее часа',
		});
		expect(index.find(['other@mail.ru', '+79031112233'])).toBeNull();
	});
});
