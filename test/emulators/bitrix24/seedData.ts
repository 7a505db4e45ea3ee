/** The fixed part of the seeded portal: users, lead statuses, funnels and their stages, user fields. */
import type { UserField } from './fields';
import type { CategoryRow, StatusRow, UserRecord } from './portal';

export const USERS: Array<Omit<UserRecord, 'DATE_REGISTER' | 'LAST_LOGIN'>> = [
	{
		ID: 1,
		ACTIVE: true,
		NAME: 'Администратор',
		LAST_NAME: 'Портала',
		SECOND_NAME: '',
		EMAIL: 'admin@sales-funnel.example',
		WORK_POSITION: 'Администратор CRM',
		PERSONAL_MOBILE: '',
		UF_DEPARTMENT: [1],
		IS_ADMIN: true,
		TIME_ZONE: 'Europe/Moscow',
	},
	{
		ID: 2,
		ACTIVE: true,
		NAME: 'Наталья',
		LAST_NAME: 'Смирнова',
		SECOND_NAME: '',
		EMAIL: 'natalya@sales-funnel.example',
		WORK_POSITION: 'Менеджер по продажам',
		PERSONAL_MOBILE: '+79160000002',
		UF_DEPARTMENT: [3],
		IS_ADMIN: false,
		TIME_ZONE: 'Europe/Moscow',
	},
	{
		ID: 3,
		ACTIVE: true,
		NAME: 'Анна',
		LAST_NAME: 'Кузнецова',
		SECOND_NAME: '',
		EMAIL: 'anna@sales-funnel.example',
		WORK_POSITION: 'Менеджер по продажам',
		PERSONAL_MOBILE: '+79160000003',
		UF_DEPARTMENT: [3],
		IS_ADMIN: false,
		TIME_ZONE: 'Europe/Moscow',
	},
	{
		ID: 4,
		ACTIVE: true,
		NAME: 'Игорь',
		LAST_NAME: 'Попов',
		SECOND_NAME: '',
		EMAIL: 'igor@sales-funnel.example',
		WORK_POSITION: 'Менеджер по продажам',
		PERSONAL_MOBILE: '+79160000004',
		UF_DEPARTMENT: [3],
		IS_ADMIN: false,
		TIME_ZONE: 'Asia/Yekaterinburg',
	},
	{
		ID: 5,
		ACTIVE: true,
		NAME: 'Ольга',
		LAST_NAME: 'Васильева',
		SECOND_NAME: '',
		EMAIL: 'olga@sales-funnel.example',
		WORK_POSITION: 'Руководитель отдела продаж',
		PERSONAL_MOBILE: '+79160000005',
		UF_DEPARTMENT: [3],
		IS_ADMIN: false,
		TIME_ZONE: 'Europe/Moscow',
	},
	{
		ID: 6,
		ACTIVE: false,
		NAME: 'Дмитрий',
		LAST_NAME: 'Соколов',
		SECOND_NAME: '',
		EMAIL: 'dmitry@sales-funnel.example',
		WORK_POSITION: 'Менеджер по продажам (уволен)',
		PERSONAL_MOBILE: '',
		UF_DEPARTMENT: [3],
		IS_ADMIN: false,
		TIME_ZONE: 'Europe/Moscow',
	},
	{
		ID: 7,
		ACTIVE: true,
		NAME: 'Павел',
		LAST_NAME: 'Партнёров',
		SECOND_NAME: '',
		EMAIL: 'pavel@partner-agency.example',
		WORK_POSITION: 'Подрядчик (экстранет)',
		PERSONAL_MOBILE: '',
		UF_DEPARTMENT: [],
		IS_ADMIN: false,
		USER_TYPE: 'extranet',
		TIME_ZONE: 'Europe/Moscow',
	},
];

/** Active sales managers (responsible users of generated records). */
export const MANAGERS = [2, 3, 4, 5];

type StageSpec = [statusId: string, name: string, semantics: 'S' | 'F' | null, extra?: 'apology'];

/** Lead funnel of seed 004: not processed → in progress → qualified; junk: spam, test lead, job seeker. */
export const LEAD_STATUSES: StageSpec[] = [
	['NEW', 'Не обработан', null],
	['IN_PROCESS', 'Взят в обработку', null],
	['PROCESSED', 'Квалифицирован', null],
	['CONVERTED', 'Качественный лид', 'S'],
	['JUNK', 'Некачественный лид', 'F'],
	['UC_SPAM', 'Спам', 'F'],
	['UC_TEST', 'Тестовый лид', 'F'],
	['UC_JOBSEEKER', 'Соискатель', 'F'],
	['UC_NOREACH', 'Не дозвонились более 3 раз', 'F'],
];

export const DEFAULT_FUNNEL: StageSpec[] = [
	['NEW', 'Новая', null],
	['PREPARATION', 'Подготовка документов', null],
	['PREPAYMENT_INVOICE', 'Счёт на предоплату', null],
	['EXECUTING', 'В работе', null],
	['FINAL_INVOICE', 'Финальный счёт', null],
	['WON', 'Сделка успешна', 'S'],
	['LOSE', 'Сделка провалена', 'F'],
	['APOLOGY', 'Анализ причины провала', 'F', 'apology'],
];

export const REPEAT_FUNNEL: StageSpec[] = [
	['NEW', 'Новая', null],
	['PREPARATION', 'Подготовка КП', null],
	['EXECUTING', 'Согласование', null],
	['WON', 'Сделка успешна', 'S'],
	['LOSE', 'Сделка провалена', 'F'],
];

/** Loss reasons of seed 001 (and the weekly cleanup's «Без причины»), kept as failure stages. */
export const LOSS_REASONS = [
	'Дорого',
	'Пропала потребность',
	'Не одобрена рассрочка / не хочу в кредит',
	'Нет времени',
	'Не дозвонились более 3 раз',
	'В следующий раз / не сейчас',
	'Недозвон. Европа',
	'Тестовое задание',
	'Без причины',
];

/** The webinar funnel of seed 001: the three after-webinar columns, the after-call stages, the loss reasons. */
export const WEBINAR_FUNNEL: StageSpec[] = [
	['NEW', 'Проявил активность на вебинаре', null],
	['UC_MORE60', 'Был на вебинаре более часа', null],
	['UC_LESS60', 'Был на вебинаре менее часа', null],
	['UC_THINKS', 'Думает(поговорили)', null],
	['UC_CALLBACK', 'Перенос звонка', null],
	['UC_REPEAT', 'Отправлен на повтор вебинара', null],
	['UC_NOANSWER', 'Недозвонились до клиента', null],
	['UC_EUROPE', 'Недозвонились до клиента. Европа', null],
	['WON', 'Успешно реализовано', 'S'],
	['LOSE', 'Закрыто и не реализовано', 'F'],
	...LOSS_REASONS.map((name, i): StageSpec => [`UC_REASON${i + 1}`, name, 'F']),
];

export const CATEGORIES: Array<
	Omit<CategoryRow, 'entityTypeId' | 'originId' | 'originatorId'> & { stages: StageSpec[] }
> = [
	{ id: 0, name: 'Общая', sort: 300, isDefault: 'Y', stages: DEFAULT_FUNNEL },
	{ id: 1, name: 'Повторные продажи', sort: 200, isDefault: 'N', stages: REPEAT_FUNNEL },
	{
		id: 3,
		name: 'Вебинар «Больше чем игрушка»',
		sort: 100,
		isDefault: 'N',
		stages: WEBINAR_FUNNEL,
	},
];

export const WEBINAR_CATEGORY = 3;

export const SOURCES: Array<[string, string]> = [
	['CALL', 'Звонок'],
	['EMAIL', 'Электронная почта'],
	['WEB', 'Веб-сайт'],
	['ADVERTISING', 'Реклама'],
	['PARTNER', 'Существующий клиент'],
	['RECOMMENDATION', 'По рекомендации'],
	['TRADE_SHOW', 'Выставка'],
	['WEBFORM', 'CRM-форма'],
	['CALLBACK', 'Обратный звонок'],
	['RC_GENERATOR', 'Генератор продаж'],
	['STORE', 'Интернет-магазин'],
	['OTHER', 'Другое'],
	['UC_WEBINAR', 'Вебинар'],
];

const SIMPLE_LISTS: Record<string, Array<[string, string]>> = {
	SOURCE: SOURCES,
	DEAL_TYPE: [
		['SALE', 'Продажа'],
		['COMPLEX', 'Комплексная продажа'],
		['GOODS', 'Продажа товара'],
		['SERVICES', 'Продажа услуги'],
		['SERVICE', 'Сервисное обслуживание'],
	],
	CONTACT_TYPE: [
		['CLIENT', 'Клиенты'],
		['SUPPLIER', 'Поставщики'],
		['PARTNER', 'Партнеры'],
		['OTHER', 'Другое'],
	],
	HONORIFIC: [
		['HNR_RU_1', 'г-н'],
		['HNR_RU_2', 'г-жа'],
	],
};

const COLORS = { process: '#39A8EF', success: '#DBF199', failure: '#FF5752', apology: '#FFBEBD' };

export function statusRows(): StatusRow[] {
	const rows: StatusRow[] = [];
	let id = 100;
	const push = (
		entityId: string,
		categoryId: number | null,
		specs: StageSpec[],
		prefix: string,
	) => {
		specs.forEach(([statusId, name, semantics, extra], i) => {
			const kind =
				extra ?? (semantics === 'S' ? 'success' : semantics === 'F' ? 'failure' : 'process');
			rows.push({
				ID: ++id,
				ENTITY_ID: entityId,
				STATUS_ID: `${prefix}${statusId}`,
				NAME: name,
				NAME_INIT: /^UC_/.test(statusId) ? '' : name,
				SORT: (i + 1) * 10,
				SYSTEM: /^UC_/.test(statusId) ? 'N' : 'Y',
				CATEGORY_ID: categoryId,
				COLOR: COLORS[kind],
				SEMANTICS: semantics,
				EXTRA_SEMANTICS: kind,
			});
		});
	};
	push('STATUS', null, LEAD_STATUSES, '');
	for (const category of CATEGORIES) {
		push(
			category.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${category.id}`,
			category.id === 0 ? null : category.id,
			category.stages,
			category.id === 0 ? '' : `C${category.id}:`,
		);
	}
	for (const [entityId, items] of Object.entries(SIMPLE_LISTS)) {
		items.forEach(([statusId, name], i) => {
			rows.push({
				ID: ++id,
				ENTITY_ID: entityId,
				STATUS_ID: statusId,
				NAME: name,
				NAME_INIT: name,
				SORT: (i + 1) * 10,
				SYSTEM: statusId.startsWith('UC_') ? 'N' : 'Y',
				CATEGORY_ID: null,
				COLOR: '',
				SEMANTICS: null,
				EXTRA_SEMANTICS: 'process',
			});
		});
	}
	return rows;
}

export const TAGS = [
	'A',
	'B',
	'C',
	'Дубль',
	'КК',
	'Наталья',
	'Анна',
	'Вебинар',
	'Партнер',
	'Вакансия',
	'Не упала в CRM',
	'Мусор',
];

export function userFieldRows(nextEnumId: () => number, nextFieldId: () => number): UserField[] {
	const enumeration = (
		entity: string,
		name: string,
		label: string,
		multiple: boolean,
		values: string[],
		sort: number,
	): UserField => ({
		ID: nextFieldId(),
		ENTITY_ID: entity,
		FIELD_NAME: name,
		USER_TYPE_ID: 'enumeration',
		XML_ID: null,
		SORT: sort,
		MULTIPLE: multiple ? 'Y' : 'N',
		MANDATORY: 'N',
		SHOW_FILTER: 'E',
		EDIT_FORM_LABEL: { ru: label, en: label },
		LIST_COLUMN_LABEL: { ru: label, en: label },
		LIST: values.map((value, i) => {
			const id = nextEnumId();
			return { ID: id, VALUE: value, SORT: (i + 1) * 10, DEF: 'N' as const, XML_ID: `enum_${id}` };
		}),
	});
	const plain = (
		entity: string,
		name: string,
		label: string,
		type: UserField['USER_TYPE_ID'],
		sort: number,
	): UserField => ({
		ID: nextFieldId(),
		ENTITY_ID: entity,
		FIELD_NAME: name,
		USER_TYPE_ID: type,
		XML_ID: null,
		SORT: sort,
		MULTIPLE: 'N',
		MANDATORY: 'N',
		SHOW_FILTER: 'E',
		EDIT_FORM_LABEL: { ru: label, en: label },
		LIST_COLUMN_LABEL: { ru: label, en: label },
		LIST: [],
	});
	return [
		enumeration('CRM_LEAD', 'UF_CRM_TAGS', 'Теги', true, TAGS, 100),
		enumeration('CRM_DEAL', 'UF_CRM_TAGS', 'Теги', true, TAGS, 100),
		enumeration('CRM_DEAL', 'UF_CRM_LOSS_REASON', 'Причина отказа', false, LOSS_REASONS, 200),
		plain('CRM_DEAL', 'UF_CRM_WEBINAR_MINUTES', 'Минут на вебинаре', 'double', 300),
		plain('CRM_DEAL', 'UF_CRM_LAST_WEBINAR', 'Дата последнего вебинара', 'datetime', 400),
	];
}
