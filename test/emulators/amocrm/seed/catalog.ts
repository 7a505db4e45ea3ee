import type { CustomField, LossReason, Pipeline, Status, TaskType, User } from '../model';

/**
 * The demo account's reference data, from the seed articles: the agency funnel of seed 000, the webinar funnel
 * of seed 001 (the three post-webinar columns and the after-call stages), the loss reasons of seed 001, five
 * managers and a head of sales, and the predefined PHONE/EMAIL fields with their enums.
 */
export const ACCOUNT_ID = 31_234_567;
export const SUBDOMAIN = 'salesfunnel';

export const ADMIN_ID = 1_000_001;
export const FORMER_MANAGER_ID = 1_000_007;
export const FREE_USER_ID = 1_000_008;
export const MANAGERS = [
	{ id: 1_000_002, name: 'Наталья Смирнова', tag: 'Наталья', email: 'natalia@salesfunnel.example' },
	{ id: 1_000_003, name: 'Ирина Кузнецова', tag: 'Ирина', email: 'irina@salesfunnel.example' },
	{ id: 1_000_004, name: 'Ольга Попова', tag: 'Ольга', email: 'olga@salesfunnel.example' },
	{ id: 1_000_005, name: 'Дмитрий Соколов', tag: 'Дмитрий', email: 'dmitry@salesfunnel.example' },
	{ id: 1_000_006, name: 'Анна Лебедева', tag: 'Анна', email: 'anna@salesfunnel.example' },
] as const;

export function users(): User[] {
	return [
		{
			id: ADMIN_ID,
			name: 'Даниил Муравьев',
			email: 'daniil@salesfunnel.example',
			lang: 'ru',
			is_admin: true,
			is_active: true,
			group_id: 0,
		},
		...MANAGERS.map((m) => ({
			id: m.id,
			name: m.name,
			email: m.email,
			lang: 'ru',
			is_admin: false,
			is_active: true,
			group_id: 0,
		})),
		// A manager who left (deactivated) and the accountant on a free seat: neither takes leads.
		{
			id: FORMER_MANAGER_ID,
			name: 'Сергей Орлов',
			email: 'sergey@salesfunnel.example',
			lang: 'ru',
			is_admin: false,
			is_active: false,
			group_id: 0,
		},
		{
			id: FREE_USER_ID,
			name: 'Бухгалтерия',
			email: 'buh@salesfunnel.example',
			lang: 'ru',
			is_admin: false,
			is_active: true,
			is_free: true,
			group_id: 0,
		},
	];
}

export const AGENCY_PIPELINE_ID = 7_100_001;
export const WEBINAR_PIPELINE_ID = 7_100_002;

const AGENCY_STAGES = [
	'Контроль качества',
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
	'Получена 3-я оплата',
	'Передан в инфобизнес',
	'Передан партнеру',
];

export const WEBINAR_STAGES = [
	'Был на вебинаре более часа',
	'Проявил активность на вебинаре',
	'Был на вебинаре менее часа',
	'Думает(поговорили)',
	'Перенос звонка',
	'Отправлен на повтор вебинара',
	'Недозвонились до клиента',
	'Недозвонились до клиента. Европа',
];

const COLORS = [
	'#99ccff',
	'#ffff99',
	'#ffcc66',
	'#ffcccc',
	'#ccc8f9',
	'#d6eaff',
	'#deff81',
	'#87f2c0',
	'#f9deff',
	'#fffeb2',
];

function pipeline(
	id: number,
	name: string,
	sort: number,
	isMain: boolean,
	stages: string[],
	firstStatusId: number,
): Pipeline {
	const statuses: Status[] = [
		{
			id: firstStatusId,
			name: 'Неразобранное',
			sort: 10,
			is_editable: false,
			pipeline_id: id,
			color: '#c1c1c1',
			type: 1,
			account_id: ACCOUNT_ID,
		},
		...stages.map((stage, i) => ({
			id: firstStatusId + 1 + i,
			name: stage,
			sort: 20 + i * 10,
			is_editable: true,
			pipeline_id: id,
			color: COLORS[i % COLORS.length],
			type: 0 as const,
			account_id: ACCOUNT_ID,
		})),
		{
			id: 142,
			name: 'Успешно реализовано',
			sort: 10000,
			is_editable: false,
			pipeline_id: id,
			color: '#CCFF66',
			type: 0,
			account_id: ACCOUNT_ID,
		},
		{
			id: 143,
			name: 'Закрыто и не реализовано',
			sort: 11000,
			is_editable: false,
			pipeline_id: id,
			color: '#D5D8DB',
			type: 0,
			account_id: ACCOUNT_ID,
		},
	];
	return {
		id,
		name,
		sort,
		is_main: isMain,
		is_unsorted_on: true,
		is_archive: false,
		account_id: ACCOUNT_ID,
		statuses,
	};
}

export function pipelines(): Pipeline[] {
	return [
		pipeline(AGENCY_PIPELINE_ID, 'Воронка агентства', 1, true, AGENCY_STAGES, 58_100_001),
		pipeline(WEBINAR_PIPELINE_ID, 'Вебинар', 2, false, WEBINAR_STAGES, 58_200_001),
	];
}

export function stageId(pipelines: Pipeline[], pipelineId: number, name: string): number {
	const status = pipelines.find((p) => p.id === pipelineId)?.statuses.find((s) => s.name === name);
	if (!status) throw new Error(`No stage ${name} in ${pipelineId}`);
	return status.id;
}

export const LOSS_REASON_NAMES = [
	'Дорого',
	'Пропала потребность',
	'Не одобрена рассрочка / не хочу в кредит',
	'Нет времени',
	'Не дозвонились более 3-х раз',
	'В следующий раз / не сейчас',
	'Недозвон. Европа',
	'Тестовое задание',
	'Без причины',
];

export function lossReasons(createdAt: number): LossReason[] {
	return LOSS_REASON_NAMES.map((name, i) => ({
		id: 21_400_001 + i,
		name,
		sort: (i + 1) * 10,
		created_at: createdAt,
		updated_at: createdAt,
	}));
}

export const FIELD = {
	phone: 1_200_001,
	email: 1_200_002,
	position: 1_200_003,
	comment: 1_200_004,
	lastWebinar: 1_200_005,
	webinarMinutes: 1_200_006,
	messenger: 1_200_007,
	source: 1_200_101,
	utmSource: 1_200_102,
	utmMedium: 1_200_103,
	utmCampaign: 1_200_104,
	utmContent: 1_200_105,
	utmTerm: 1_200_106,
	priority: 1_200_107,
	prepayment: 1_200_108,
	companyPhone: 1_200_201,
	companyEmail: 1_200_202,
} as const;

function enums(firstId: number, values: string[]) {
	return values.map((value, i) => ({ id: firstId + i, value, sort: (i + 1) * 2 }));
}

function field(
	partial: Partial<CustomField> & Pick<CustomField, 'id' | 'name' | 'type' | 'entity_type'>,
): CustomField {
	return {
		code: null,
		sort: 500,
		is_api_only: false,
		is_predefined: false,
		is_deletable: true,
		enums: null,
		required_statuses: [],
		...partial,
	};
}

export function customFields(pipelineList: Pipeline[]): CustomField[] {
	const utm = (id: number, code: string) =>
		field({
			id,
			name: code.toLowerCase(),
			type: 'tracking_data',
			code,
			entity_type: 'leads',
			is_deletable: false,
			is_predefined: true,
		});
	return [
		field({
			id: FIELD.phone,
			name: 'Телефон',
			type: 'multitext',
			code: 'PHONE',
			sort: 4,
			entity_type: 'contacts',
			is_predefined: true,
			is_deletable: false,
			enums: enums(1_300_001, ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER']),
		}),
		field({
			id: FIELD.email,
			name: 'Email',
			type: 'multitext',
			code: 'EMAIL',
			sort: 6,
			entity_type: 'contacts',
			is_predefined: true,
			is_deletable: false,
			enums: enums(1_300_011, ['WORK', 'PRIV', 'OTHER']),
		}),
		field({
			id: FIELD.position,
			name: 'Должность',
			type: 'text',
			code: 'POSITION',
			sort: 2,
			entity_type: 'contacts',
			is_predefined: true,
			is_deletable: false,
		}),
		field({ id: FIELD.comment, name: 'Комментарий', type: 'textarea', entity_type: 'contacts' }),
		field({
			id: FIELD.lastWebinar,
			name: 'Дата последнего вебинара',
			type: 'date',
			entity_type: 'contacts',
		}),
		field({
			id: FIELD.webinarMinutes,
			name: 'Время на вебинаре, мин',
			type: 'numeric',
			entity_type: 'contacts',
		}),
		field({
			id: FIELD.messenger,
			name: 'Мессенджер',
			type: 'select',
			entity_type: 'contacts',
			enums: enums(1_300_021, ['WhatsApp', 'Telegram', 'Viber']),
		}),
		field({
			id: FIELD.source,
			name: 'Источник',
			type: 'select',
			entity_type: 'leads',
			enums: enums(1_300_031, [
				'Сайт',
				'Звонок',
				'Чат',
				'Вебинар',
				'Партнер',
				'Email',
				'Мессенджер',
			]),
		}),
		utm(FIELD.utmSource, 'UTM_SOURCE'),
		utm(FIELD.utmMedium, 'UTM_MEDIUM'),
		utm(FIELD.utmCampaign, 'UTM_CAMPAIGN'),
		utm(FIELD.utmContent, 'UTM_CONTENT'),
		utm(FIELD.utmTerm, 'UTM_TERM'),
		field({
			id: FIELD.priority,
			name: 'Приоритет',
			type: 'select',
			entity_type: 'leads',
			enums: enums(1_300_041, ['Высокий', 'Средний', 'Низкий']),
		}),
		field({
			id: FIELD.prepayment,
			name: 'Сумма предоплаты',
			type: 'numeric',
			entity_type: 'leads',
			required_statuses: [
				{
					pipeline_id: AGENCY_PIPELINE_ID,
					status_id: stageId(pipelineList, AGENCY_PIPELINE_ID, 'Получена предоплата'),
				},
			],
		}),
		field({
			id: FIELD.companyPhone,
			name: 'Телефон',
			type: 'multitext',
			code: 'PHONE',
			sort: 4,
			entity_type: 'companies',
			is_predefined: true,
			is_deletable: false,
			enums: enums(1_300_051, ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER']),
		}),
		// Companies carry the same predefined multitext Email as contacts (code EMAIL, enums WORK/PRIV/OTHER, as
		// documented for contacts); the companies' own custom_fields list is not quoted in our API notes — unverified.
		field({
			id: FIELD.companyEmail,
			name: 'Email',
			type: 'multitext',
			code: 'EMAIL',
			sort: 6,
			entity_type: 'companies',
			is_predefined: true,
			is_deletable: false,
			enums: enums(1_300_061, ['WORK', 'PRIV', 'OTHER']),
		}),
	];
}

export function taskTypes(): TaskType[] {
	return [
		{ id: 1, name: 'Связаться', code: 'FOLLOW_UP', color: null, icon_id: null },
		{ id: 2, name: 'Встреча', code: 'MEETING', color: null, icon_id: null },
		{ id: 2_925_001, name: 'Звонок', code: null, color: '#99ccff', icon_id: 5 },
	];
}

/** Lead tags of seed 000 (§7.2) and the managers' name tags. */
export const LEAD_TAGS = [
	'A',
	'B',
	'C',
	'Нет денег',
	'Мусор',
	'УЦ',
	'КК',
	'Партнер',
	'Вакансия',
	'Акция',
	'Халявщик',
	'Пробивало',
	'Лояльный',
	'Дубль',
	'От Антона',
	'РОП',
	'Таглайн',
	'Анриал',
	'Просчитан',
	'Не упала в CRM',
	'вебинар',
	...MANAGERS.map((m) => m.tag),
];
