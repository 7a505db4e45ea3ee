import type { TagRule } from './tagRules';

/**
 * Source tags of an agency's amoCRM funnel («Как настроить воронку продаж AmoCRM», Convert Monster), as rules a
 * machine can apply on arrival. Only tags that follow from the request itself are here; the agency's others
 * are a manager's judgement after a call (Нет денег, Халявщик, Пробивало, Лояльный, Анриал, Просчитан,
 * РОП, КК) or come from other steps (A/B/C: qualification; Дубль: Lead Dedup; the manager's name: the
 * assigned manager; Не упала в CRM: the template's fallback branch).
 */
export const AGENCY_TAG_PRESET: readonly TagRule[] = [
	{
		label: 'Вакансия: the request came from the vacancies form',
		field: 'form',
		condition: 'matchesRegex',
		value: 'ваканс|vacanc|career|карьер|\\bjobs?\\b|резюме',
		tags: ['Вакансия'],
	},
	{
		label: 'Акция: a promo campaign in utm_campaign',
		field: 'utm.campaign',
		condition: 'matchesRegex',
		value: 'акци|promo|sale|скидк|discount|распродаж',
		tags: ['Акция'],
	},
	{
		label: 'Акция: a promo form',
		field: 'form',
		condition: 'matchesRegex',
		value: 'акци|promo|скидк|discount',
		tags: ['Акция'],
	},
	{
		label: 'Таглайн: came from the Tagline directory (utm_source)',
		field: 'utm.source',
		condition: 'matchesRegex',
		value: 'tagline|таглайн',
		tags: ['Таглайн'],
	},
	{
		label: 'Таглайн: came from the Tagline directory (source)',
		field: 'source',
		condition: 'matchesRegex',
		value: 'tagline|таглайн',
		tags: ['Таглайн'],
	},
	{
		label: "От Антона: from the founder's event, webinar or conference (utm_medium)",
		field: 'utm.medium',
		condition: 'matchesRegex',
		value: 'event|conferen|конференц|мероприят|meetup|webinar|вебинар',
		tags: ['От Антона'],
	},
	{
		label: "От Антона: from the founder's event, webinar or conference (utm_source)",
		field: 'utm.source',
		condition: 'matchesRegex',
		value: 'event|conferen|конференц|мероприят|meetup|webinar|вебинар',
		tags: ['От Антона'],
	},
	{
		label: 'Партнер: sent by a partner (source)',
		field: 'source',
		condition: 'matchesRegex',
		value: 'partner|партн[её]р|referral|реферал',
		tags: ['Партнер'],
	},
	{
		label: 'Партнер: sent by a partner (utm_source)',
		field: 'utm.source',
		condition: 'matchesRegex',
		value: 'partner|партн[её]р|referral|реферал',
		tags: ['Партнер'],
	},
	{
		label: 'УЦ: asks for the training centre (form)',
		field: 'form',
		condition: 'matchesRegex',
		value: 'обучени|курс|учебн|school|course|training|academy|академи',
		tags: ['УЦ'],
	},
	{
		label: 'УЦ: asks for the training centre (utm_campaign)',
		field: 'utm.campaign',
		condition: 'matchesRegex',
		value: 'обучени|курс|учебн|school|course|training|academy|академи',
		tags: ['УЦ'],
	},
	{
		label: 'Мусор: a test or keyboard-mash name',
		field: 'name',
		condition: 'matchesRegex',
		value: '^(test|тест|проверка|asd+f*|qwe+r*t*y*|йцу+к*е*н*|фыв+а*)$',
		tags: ['Мусор'],
	},
	{
		label: 'Мусор: a test message',
		field: 'message',
		condition: 'matchesRegex',
		value: '^(test|тест|проверка)$',
		tags: ['Мусор'],
	},
];
