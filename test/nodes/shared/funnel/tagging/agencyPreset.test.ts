import { AGENCY_TAG_PRESET } from '../../../../../nodes/shared/funnel/tagging/agencyPreset';
import { compileTagRules, decideTags } from '../../../../../nodes/shared/funnel/tagging/tagRules';

const compiled = compileTagRules(AGENCY_TAG_PRESET);
if (!compiled.ok) throw new Error(compiled.reason);
const rules = compiled.rules;

function lead(fields: Record<string, unknown>) {
	return {
		name: 'Иван',
		form: '',
		source: 'site form',
		message: '',
		utm: { source: '', medium: '', campaign: '' },
		...fields,
	};
}

describe('the tag preset of seed 000 (agency)', () => {
	test.each([
		['a request from the vacancies form gets «Вакансия»', lead({ form: 'Вакансии' }), ['Вакансия']],
		['a promo campaign gets «Акция»', lead({ utm: { campaign: 'black_friday_sale' } }), ['Акция']],
		['a request from Tagline gets «Таглайн»', lead({ utm: { source: 'tagline.ru' } }), ['Таглайн']],
		[
			"a request from the founder's conference gets «От Антона»",
			lead({ utm: { source: 'site', medium: 'conference' } }),
			['От Антона'],
		],
		['a partner referral gets «Партнер»', lead({ source: 'partner' }), ['Партнер']],
		['a course request gets «УЦ»', lead({ form: 'Запись на курс по контексту' }), ['УЦ']],
		['a keyboard-mash name gets «Мусор»', lead({ name: 'asdf' }), ['Мусор']],
		[
			'a normal request from search gets no tag',
			lead({ form: 'Заказать аудит', utm: { source: 'yandex', medium: 'cpc', campaign: 'audit' } }),
			[],
		],
		[
			'tags combine',
			lead({ form: 'Вакансии', utm: { source: 'tagline', campaign: 'promo' } }),
			['Вакансия', 'Акция', 'Таглайн'],
		],
	])('%s', (_title, record, tags) => {
		expect(decideTags(record, rules).tags).toEqual(tags);
	});
});
