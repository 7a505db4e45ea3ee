import {
	resolveLossReason,
	resolvePipeline,
	resolveStage,
} from '../../../../nodes/shared/crm/stages';
import type { CrmPipeline, CrmStage } from '../../../../nodes/shared/crm/types';

const stage = (
	pipelineId: string,
	id: string,
	name: string,
	semantics: CrmStage['semantics'] = 'open',
): CrmStage => ({
	id,
	name,
	pipelineId,
	sort: 0,
	semantics,
	isIncoming: false,
});

const pipelines: CrmPipeline[] = [
	{
		id: '10',
		name: 'Агентство',
		isMain: true,
		stages: [
			stage('10', '1', 'Пришел новый лид'),
			stage('10', '2', 'Встреча'),
			stage('10', '142', 'Успешно реализовано', 'won'),
			stage('10', '143', 'Закрыто и не реализовано', 'lost'),
		],
	},
	{
		id: '20',
		name: 'Был на вебинаре более часа',
		isMain: false,
		stages: [
			stage('20', '5', 'Думает(поговорили)'),
			stage('20', '6', 'Встреча'),
			stage('20', '142', 'Успешно реализовано', 'won'),
			stage('20', '143', 'Закрыто и не реализовано', 'lost'),
		],
	},
];

describe('stage and pipeline resolution by name', () => {
	test('finds a stage by name whatever its case and spacing', () => {
		expect(resolveStage(pipelines, { stage: '  думает(поговорили) ' })).toMatchObject({
			ok: true,
			value: { id: '5', pipelineId: '20' },
		});
	});

	test('won/lost ids repeat in every pipeline: the pipeline named decides, else the main one', () => {
		expect(
			resolveStage(pipelines, { pipeline: 'Был на вебинаре более часа', stage: '143' }),
		).toMatchObject({ ok: true, value: { pipelineId: '20' } });
		expect(resolveStage(pipelines, { stage: '143' })).toMatchObject({
			ok: true,
			value: { pipelineId: '10' },
		});
	});

	test('a stage name present in two non-main pipelines asks for the pipeline', () => {
		const noMain = pipelines.map((p) => ({ ...p, isMain: false }));
		const result = resolveStage(noMain, { stage: 'Встреча' });
		expect(result).toEqual({
			ok: false,
			reason:
				'stage "Встреча" is in several pipelines (Агентство, Был на вебинаре более часа); choose the pipeline',
		});
	});

	test('a wrong stage name lists the valid ones', () => {
		expect(resolveStage(pipelines, { pipeline: 'Агентство', stage: 'В работе' })).toEqual({
			ok: false,
			reason:
				'no stage "В работе" in pipeline "Агентство"; the stages are: Пришел новый лид, Встреча, Успешно реализовано, Закрыто и не реализовано',
		});
	});

	test('pipelines by id, by name, or the main one when none is given', () => {
		expect(resolvePipeline(pipelines, '20')).toMatchObject({ ok: true, value: { id: '20' } });
		expect(resolvePipeline(pipelines, 'агентство')).toMatchObject({
			ok: true,
			value: { id: '10' },
		});
		expect(resolvePipeline(pipelines, undefined)).toMatchObject({ ok: true, value: { id: '10' } });
		expect(resolvePipeline(pipelines, 'Нет такой')).toMatchObject({ ok: false });
	});

	test('loss reasons by name or id, limited to the pipeline when they belong to one', () => {
		const reasons = [
			{ id: '1', name: 'Дорого' },
			{ id: 'C1:LOSE', name: 'Не дозвонились более 3 раз', pipelineId: '1', stageId: 'C1:LOSE' },
		];
		expect(resolveLossReason(reasons, 'дорого')).toMatchObject({ ok: true, value: { id: '1' } });
		expect(resolveLossReason(reasons, 'Не дозвонились более 3 раз', '2')).toEqual({
			ok: false,
			reason: 'no loss reason "Не дозвонились более 3 раз"; the reasons are: Дорого',
		});
	});
});

describe('names as people type them', () => {
	test('a numeral with or without its case ending is the same loss reason', () => {
		const reasons = [{ id: '7', name: 'Не дозвонились более 3-х раз' }];
		expect(resolveLossReason(reasons, 'Не дозвонились более 3 раз')).toMatchObject({
			ok: true,
			value: { id: '7' },
		});
		expect(
			resolveLossReason(
				[{ id: '8', name: 'Не дозвонились более 3 раз' }],
				'не дозвонились более 3-х раз',
			),
		).toMatchObject({ ok: true, value: { id: '8' } });
	});

	test('different numbers stay different', () => {
		expect(
			resolveLossReason(
				[{ id: '7', name: 'Не дозвонились более 3-х раз' }],
				'Не дозвонились более 5 раз',
			).ok,
		).toBe(false);
	});
});
