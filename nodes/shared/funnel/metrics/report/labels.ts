/** The report's words in Russian (the default) and English. */
export type ReportLanguage = 'ru' | 'en';

export interface ReportLabels {
	locale: string;
	title: string;
	period: string;
	crm: string;
	created: string;
	won: string;
	lost: string;
	wonOfClosed: string;
	wonOfCreated: string;
	revenue: string;
	averageCheck: string;
	cycleDays: string;
	unitsPerCheck: string;
	margin: string;
	funnel: (pipeline: string) => string;
	funnelNote: string;
	entered: string;
	stage: string;
	deals: string;
	conversion: string;
	movedOut: string;
	stillOpen: string;
	managers: string;
	manager: string;
	talkPerDay: string;
	daysOverLimit: (hours: string) => string;
	respondedIdeal: string;
	/** The managers table's column: chat messages answered within 5 minutes. */
	chatsWithinLimit: string;
	/** The total's line: answered within 5 minutes, of how many waits. */
	chatReplies: (within: string, waits: string, percent: string) => string;
	firstResponse: string;
	tiers: { ideal: string; normal: string; acceptable: string; undesirable: string; notYet: string };
	lossReasons: string;
	noReason: string;
	overLimit: (name: string, days: string, hours: string) => string;
	minutesShort: string;
	hoursShort: string;
	daysShort: string;
	nothing: string;
	footer: string;
	subject: (period: string) => string;
	truncated: string;
}

const RU: ReportLabels = {
	locale: 'ru',
	title: 'Воронка продаж',
	period: 'Период',
	crm: 'CRM',
	created: 'Новых сделок',
	won: 'Выиграно',
	lost: 'Проиграно',
	wonOfClosed: 'Конверсия (выиграно ÷ закрыто)',
	wonOfCreated: 'Выиграно ÷ новых',
	revenue: 'Выручка',
	averageCheck: 'Средний чек',
	cycleDays: 'Цикл сделки, дн.',
	unitsPerCheck: 'Единиц в чеке',
	margin: 'Маржа',
	funnel: (pipeline) => `Воронка «${pipeline}»`,
	funnelNote:
		'Сделки, пришедшие в воронку за период, и этапы, до которых они дошли к его концу; пропущенный этап считается пройденным.',
	entered: 'Вошли в воронку',
	stage: 'Этап',
	deals: 'Сделок',
	conversion: 'Конверсия',
	movedOut: 'ушли в другую воронку',
	stillOpen: 'в работе',
	managers: 'Менеджеры',
	manager: 'Менеджер',
	talkPerDay: 'Разговор, мин/день',
	daysOverLimit: (hours) => `Дней > ${hours}`,
	respondedIdeal: 'Ответ ≤ 20 мин',
	chatsWithinLimit: 'Чаты ≤ 5 мин',
	chatReplies: (within, waits, percent) =>
		`Чаты: ответили за 5 минут ${within} из ${waits} сообщений клиентов (${percent})`,
	firstResponse: 'Скорость первого ответа (новые сделки)',
	tiers: {
		ideal: '≤ 20 мин',
		normal: '≤ 3 ч',
		acceptable: '≤ 12 ч',
		undesirable: '> 12 ч',
		notYet: 'не ответили',
	},
	lossReasons: 'Причины отказа',
	noReason: 'Без причины',
	overLimit: (name, days, hours) => `${name}: больше ${hours} на телефоне — ${days}`,
	minutesShort: 'мин',
	hoursShort: 'ч',
	daysShort: 'дн.',
	nothing: 'нет данных',
	footer:
		'Выиграно и проиграно — сделки, закрытые за период; выручка и средний чек — по выигранным сделкам с бюджетом; разговоры — звонки с длительностью по дням.',
	subject: (period) => `Воронка продаж за ${period}`,
	truncated: '… (полный отчёт — в письме)',
};

const EN: ReportLabels = {
	locale: 'en',
	title: 'Sales funnel',
	period: 'Period',
	crm: 'CRM',
	created: 'New deals',
	won: 'Won',
	lost: 'Lost',
	wonOfClosed: 'Conversion (won ÷ closed)',
	wonOfCreated: 'Won ÷ new',
	revenue: 'Revenue',
	averageCheck: 'Average check',
	cycleDays: 'Deal cycle, days',
	unitsPerCheck: 'Units per check',
	margin: 'Margin',
	funnel: (pipeline) => `Pipeline “${pipeline}”`,
	funnelNote:
		'Deals that entered the pipeline in the period and the stages they reached by its end; a skipped stage counts as passed.',
	entered: 'Entered the pipeline',
	stage: 'Stage',
	deals: 'Deals',
	conversion: 'Conversion',
	movedOut: 'moved to another pipeline',
	stillOpen: 'still open',
	managers: 'Managers',
	manager: 'Manager',
	talkPerDay: 'Talk, min/day',
	daysOverLimit: (hours) => `Days > ${hours}`,
	respondedIdeal: 'Answered ≤ 20 min',
	chatsWithinLimit: 'Chats ≤ 5 min',
	chatReplies: (within, waits, percent) =>
		`Chats: ${within} of ${waits} client messages answered within 5 minutes (${percent})`,
	firstResponse: 'First response (new deals)',
	tiers: {
		ideal: '≤ 20 min',
		normal: '≤ 3 h',
		acceptable: '≤ 12 h',
		undesirable: '> 12 h',
		notYet: 'not yet',
	},
	lossReasons: 'Loss reasons',
	noReason: 'No reason',
	overLimit: (name, days, hours) => `${name}: more than ${hours} on the phone — ${days}`,
	minutesShort: 'min',
	hoursShort: 'h',
	daysShort: 'days',
	nothing: 'no data',
	footer:
		'Won and lost: deals closed in the period; revenue and average check: won deals with a price; talk: calls with a duration, by day.',
	subject: (period) => `Sales funnel, ${period}`,
	truncated: '… (the full report is in the e-mail)',
};

export function labelsFor(language: ReportLanguage): ReportLabels {
	return language === 'en' ? EN : RU;
}
