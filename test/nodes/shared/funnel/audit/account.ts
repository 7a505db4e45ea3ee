import type {
	CrmDeal,
	CrmPipeline,
	CrmStage,
	CrmTask,
	CrmUser,
} from '../../../../../nodes/shared/crm/types';

/** A small account in the shape the CRM adapters return: two pipelines, three managers. */
export const NOW = '2024-03-15T09:00:00.000Z';
const DAY = 86_400_000;

export function daysAgo(days: number, from = NOW): string {
	return new Date(Date.parse(from) - days * DAY).toISOString();
}

function stages(pipelineId: string, names: string[]): CrmStage[] {
	const open = names.map((name, i) => ({
		id: `${pipelineId}-${i}`,
		name,
		pipelineId,
		sort: i * 10,
		semantics: 'open' as const,
		isIncoming: i === 0 && name === 'Неразобранное',
	}));
	return [
		...open,
		{
			id: '142',
			name: 'Успешно реализовано',
			pipelineId,
			sort: 10000,
			semantics: 'won',
			isIncoming: false,
		},
		{
			id: '143',
			name: 'Закрыто и не реализовано',
			pipelineId,
			sort: 11000,
			semantics: 'lost',
			isIncoming: false,
		},
	];
}

export const webinarFunnel: CrmPipeline = {
	id: '7001',
	name: 'Вебинар',
	isMain: true,
	stages: stages('7001', [
		'Неразобранное',
		'Проявил активность на вебинаре',
		'Думает(поговорили)',
		'Перенос звонка',
		'Отправлен на повтор вебинара',
		'Недозвонились до клиента',
		'В работе',
	]),
};

export const agencyFunnel: CrmPipeline = {
	id: '7002',
	name: 'Агентство',
	isMain: false,
	stages: stages('7002', [
		'Пришел новый лид',
		'Недоступен/перезвонить',
		'Аудит/просчет/медиаплан',
		'Встреча',
		'Отправлено КП',
		'Получено КП',
		'Утверждение договора',
		'Счет в оплате',
		'Получена предоплата',
		'Получена 2-я оплата',
	]),
};

export const users: CrmUser[] = [
	{ id: '11', name: 'Наталья', email: 'natalia@school.ru', active: true },
	{ id: '12', name: 'Ольга', email: 'olga@school.ru', active: true },
	{ id: '13', name: 'Денис', email: 'denis@school.ru', active: true },
];

export function deal(fields: Partial<CrmDeal> & { id: string }): CrmDeal {
	return {
		name: `Сделка ${fields.id}`,
		pipelineId: webinarFunnel.id,
		stageId: '7001-1',
		semantics: 'open',
		responsibleUserId: '11',
		price: null,
		createdAt: daysAgo(3),
		updatedAt: daysAgo(1),
		closedAt: null,
		stageChangedAt: null,
		tags: [],
		contactIds: [],
		lossReasonId: null,
		url: `https://school.amocrm.ru/leads/detail/${fields.id}`,
		...fields,
	};
}

export function task(fields: Partial<CrmTask> & { id: string; dealId: string }): CrmTask {
	return {
		text: 'Позвонить',
		dueAt: daysAgo(-1),
		responsibleUserId: '11',
		completed: false,
		createdAt: daysAgo(2),
		...fields,
	};
}
