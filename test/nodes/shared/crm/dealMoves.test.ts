import { closeLost, moveToStage } from '../../../../nodes/shared/crm/dealMoves';
import type { CrmLossReason, CrmPipeline, CrmStage } from '../../../../nodes/shared/crm/types';

const stage = (
	pipelineId: string,
	id: string,
	name: string,
	semantics: CrmStage['semantics'] = 'open',
): CrmStage => ({ id, name, pipelineId, sort: 0, semantics, isIncoming: false });

/** amoCRM-like: 142/143 in every pipeline, reasons without a pipeline. */
const amo: CrmPipeline[] = [
	{
		id: '1',
		name: 'Агентство',
		isMain: true,
		stages: [
			stage('1', '11', 'Встреча'),
			stage('1', '142', 'Успешно реализовано', 'won'),
			stage('1', '143', 'Закрыто и не реализовано', 'lost'),
		],
	},
	{
		id: '2',
		name: 'Вебинар',
		isMain: false,
		stages: [
			stage('2', '21', 'Встреча'),
			stage('2', '22', 'Недозвонились до клиента. Европа'),
			stage('2', '142', 'Успешно реализовано', 'won'),
			stage('2', '143', 'Закрыто и не реализовано', 'lost'),
		],
	},
];
const amoReasons: CrmLossReason[] = [{ id: '905', name: 'Не дозвонились более 3-х раз' }];

/** Bitrix24-like: reasons are failure stages of their pipeline, or values of a list field. */
const b24: CrmPipeline[] = [
	{
		id: '0',
		name: 'Общая',
		isMain: true,
		stages: [stage('0', 'NEW', 'Новая'), stage('0', 'LOSE', 'Сделка провалена', 'lost')],
	},
	{
		id: '3',
		name: 'Вебинар',
		isMain: false,
		stages: [
			stage('3', 'C3:NEW', 'Новая'),
			stage('3', 'C3:LOSE', 'Закрыто и не реализовано', 'lost'),
			stage('3', 'C3:UC_R5', 'Не дозвонились более 3 раз', 'lost'),
		],
	},
];
const b24Reasons: CrmLossReason[] = [
	{ id: 'C3:UC_R5', name: 'Не дозвонились более 3 раз', stageId: 'C3:UC_R5', pipelineId: '3' },
	{ id: '77', name: 'Не дозвонились более 3 раз' },
];

describe('where a named move or close takes a deal', () => {
	test("a stage name is found in the deal's own pipeline first, then across the account", () => {
		expect(moveToStage(amo, { id: 'd', pipelineId: '2' }, 'Встреча')).toMatchObject({
			ok: true,
			value: { update: { id: 'd', pipelineId: '2', stageId: '21' } },
		});
		expect(
			moveToStage(amo, { id: 'd', pipelineId: '1' }, 'Недозвонились до клиента. Европа'),
		).toMatchObject({ ok: true, value: { update: { pipelineId: '2', stageId: '22' } } });
		expect(moveToStage(amo, { id: 'd', pipelineId: '1' }, 'Нет такого')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('no stage "Нет такого"'),
		});
	});

	test('amoCRM: a reason goes with the pipeline\'s lost stage 143; "более 3 раз" matches "более 3-х раз"', () => {
		expect(
			closeLost(amo, amoReasons, { id: 'd', pipelineId: '2' }, 'Не дозвонились более 3 раз'),
		).toMatchObject({
			ok: true,
			value: {
				update: { id: 'd', pipelineId: '2', stageId: '143', lossReasonId: '905' },
				stage: { name: 'Закрыто и не реализовано' },
			},
		});
	});

	test("Bitrix24: a failure stage of the deal's pipeline is the reason; elsewhere the list value with the pipeline's lost stage", () => {
		expect(
			closeLost(b24, b24Reasons, { id: 'd', pipelineId: '3' }, 'Не дозвонились более 3 раз'),
		).toMatchObject({
			ok: true,
			value: { update: { stageId: 'C3:UC_R5', lossReasonId: 'C3:UC_R5' } },
		});
		expect(
			closeLost(b24, b24Reasons, { id: 'd', pipelineId: '0' }, 'Не дозвонились более 3 раз'),
		).toMatchObject({ ok: true, value: { update: { stageId: 'LOSE', lossReasonId: '77' } } });
	});

	test('an unknown reason or a pipeline without a lost stage is refused with why', () => {
		expect(closeLost(amo, amoReasons, { id: 'd', pipelineId: '2' }, 'Дорого')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('no loss reason "Дорого"'),
		});
		const noLost: CrmPipeline[] = [
			{ id: '9', name: 'Без финала', isMain: true, stages: [stage('9', '1', 'Новая')] },
		];
		expect(closeLost(noLost, amoReasons, { id: 'd', pipelineId: '9' }, '905')).toEqual({
			ok: false,
			reason: 'the pipeline "Без финала" has no lost stage',
		});
	});
});
