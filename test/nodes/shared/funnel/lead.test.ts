import { detectLeadFields, keyOf } from '../../../../nodes/shared/funnel/fieldDetection';
import { normalizeLead } from '../../../../nodes/shared/funnel/lead';

const now = () => new Date('2026-11-23T09:00:00.000Z');

describe('detectLeadFields: common names of the lead fields', () => {
	test.each([
		[
			{ Name: 'Иван', Phone: '89161234567', Email: 'I@x.ru' },
			{ name: 'Иван', phone: '89161234567', email: 'I@x.ru' },
		],
		[
			{ name: 'Иван', phone: '1', email: 'e' },
			{ name: 'Иван', phone: '1', email: 'e' },
		],
		[
			{ Имя: 'Анна', Телефон: '+7 903', Почта: 'a@b.ru' },
			{ name: 'Анна', phone: '+7 903', email: 'a@b.ru' },
		],
		[
			{ ФИО: 'Петров Пётр', 'E-mail': 'p@b.ru' },
			{ name: 'Петров Пётр', email: 'p@b.ru' },
		],
		[
			{ first_name: 'Ivan', last_name: 'Petrov', phone_number: '79161234567' },
			{ firstName: 'Ivan', lastName: 'Petrov', phone: '79161234567' },
		],
		[
			{ Имя: 'Иван', Фамилия: 'Петров' },
			{ firstName: 'Иван', lastName: 'Петров' },
		],
		[
			{ Comments: 'Перезвоните', tranid: '467251:8442970', formid: 'form123' },
			{ message: 'Перезвоните', externalId: '467251:8442970', form: 'form123' },
		],
		[
			{ username: 'viewer', user_email: 'v@x.ru' },
			{ name: 'viewer', email: 'v@x.ru' },
		],
	])('finds the fields of %j', (record, expected) => {
		expect(detectLeadFields(record)).toMatchObject(expected);
	});

	test('collects utm_* and click ids whatever their case', () => {
		const draft = detectLeadFields({
			UTM_SOURCE: 'yandex',
			utm_medium: 'cpc',
			Utm_Campaign: 'x',
			yclid: '9',
			roistat_visit: '7',
		});
		expect(draft.utmFields).toEqual({
			utm_source: 'yandex',
			utm_medium: 'cpc',
			utm_campaign: 'x',
			yclid: '9',
			roistat_visit: '7',
		});
	});

	test('looks inside an n8n Webhook node output and takes UTM from its query', () => {
		const draft = detectLeadFields({
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			params: {},
			query: { utm_source: 'vk' },
			body: { Name: 'Ivan', Phone: '+79161234567' },
		});
		expect(draft).toMatchObject({
			name: 'Ivan',
			phone: '+79161234567',
			utmFields: { utm_source: 'vk' },
		});
	});

	test('prefers the more specific name when several are present', () => {
		expect(detectLeadFields({ name: 'Ivan', username: 'ivan77' }).name).toBe('Ivan');
		expect(detectLeadFields({ username: 'ivan77', name: 'Ivan' }).name).toBe('Ivan');
	});

	test('compares names ignoring case, separators and ё', () => {
		expect(keyOf('E-mail')).toBe('email');
		expect(keyOf('Phone Number')).toBe('phonenumber');
		expect(keyOf('Ваш_телефон')).toBe('ваштелефон');
		expect(keyOf('Ёлка')).toBe('елка');
	});
});

describe('normalizeLead: the canonical lead', () => {
	test('turns a Tilda submission into a canonical lead with UTM from its COOKIES', () => {
		const tilda = {
			Name: ' Иван  Петров ',
			Phone: '+7 (916) 123-45-67',
			Email: 'Ivan.Petrov@Mail.RU ',
			Comments: 'Хочу на курс',
			tranid: '467251:8442970',
			formid: 'form123456789',
			COOKIES:
				'_ym_uid=1; TILDAUTM=utm_source%3Dyandex%7C%7C%7Cutm_medium%3Dcpc%7C%7C%7Cutm_campaign%3Dautumn',
		};
		const { lead, valid, problems } = normalizeLead(
			{ ...detectLeadFields(tilda), source: 'site form', channel: 'tilda' },
			{ now },
		);
		expect(valid).toBe(true);
		expect(problems).toEqual([]);
		expect(lead).toEqual({
			name: 'Иван Петров',
			phone: '+79161234567',
			phoneRaw: '+7 (916) 123-45-67',
			phoneCountry: 'RU',
			phoneType: 'mobile',
			otherPhones: [],
			email: 'ivan.petrov@mail.ru',
			emailRaw: 'Ivan.Petrov@Mail.RU ',
			source: 'site form',
			channel: 'tilda',
			form: 'form123456789',
			utm: { source: 'yandex', medium: 'cpc', campaign: 'autumn', content: '', term: '' },
			clickIds: {},
			message: 'Хочу на курс',
			receivedAt: '2026-11-23T09:00:00.000Z',
			tags: [],
			score: null,
			class: null,
			externalId: '467251:8442970',
			raw: tilda,
		});
	});

	test('a lead with a bad phone but a good email is still valid and says what was wrong', () => {
		const result = normalizeLead({ phone: '123', email: 'a@b.ru' }, { now });
		expect(result.valid).toBe(true);
		expect(result.lead.phone).toBeNull();
		expect(result.lead.phoneRaw).toBe('123');
		expect(result.problems).toEqual([
			{
				field: 'phone',
				value: '123',
				reason: '"123" is an internal extension, not a client phone',
			},
		]);
	});

	test('a lead without any usable contact is invalid with a reason naming each problem', () => {
		const result = normalizeLead({ name: 'Иван', phone: '+7 916 123', email: 'ivan@' }, { now });
		expect(result.valid).toBe(false);
		expect(result.reason).toBe(
			'no valid phone or email to contact the client; phone "+7 916 123": wrong length for +7: 6 digits after the country code; email "ivan@": has no "@" between a name and a domain',
		);
	});

	test.each([
		['phone', { email: 'a@b.ru' }, false],
		['phone', { phone: '89161234567' }, true],
		['email', { phone: '89161234567' }, false],
		['both', { phone: '89161234567' }, false],
		['both', { phone: '89161234567', email: 'a@b.ru' }, true],
		['none', {}, true],
		['any', {}, false],
	] as const)('required contact "%s" with %j → valid %s', (requiredContact, draft, valid) => {
		expect(normalizeLead(draft, { requiredContact, now }).valid).toBe(valid);
	});

	test('keeps a second number of the phone field in otherPhones', () => {
		const { lead } = normalizeLead(
			{ phone: '8 916 123-45-67, +7 903 765-43-21, 89161234567' },
			{ now },
		);
		expect(lead.phone).toBe('+79161234567');
		expect(lead.otherPhones).toEqual(['+79037654321']);
	});

	test('reads the request date and falls back to now with a problem when it cannot', () => {
		expect(
			normalizeLead({ phone: '89161234567', receivedAt: 1763890200 }, { now }).lead.receivedAt,
		).toBe('2025-11-23T09:30:00.000Z');
		const bad = normalizeLead({ phone: '89161234567', receivedAt: 'вчера' }, { now });
		expect(bad.lead.receivedAt).toBe('2026-11-23T09:00:00.000Z');
		expect(bad.problems[0]).toMatchObject({ field: 'receivedAt' });
	});

	test('normalises tags given as a string, an array or CRM tag objects, without repeats', () => {
		expect(
			normalizeLead({ tags: 'A, Акция ,A' }, { requiredContact: 'none', now }).lead.tags,
		).toEqual(['A', 'Акция']);
		expect(
			normalizeLead({ tags: [{ id: 1, name: 'КК' }, 'Дубль'] }, { requiredContact: 'none', now })
				.lead.tags,
		).toEqual(['КК', 'Дубль']);
	});

	test('drops the raw payload when asked', () => {
		expect(
			normalizeLead({ phone: '89161234567', raw: { a: 1 } }, { keepRaw: false, now }).lead.raw,
		).toBeUndefined();
	});

	test('reads Kazakh numbers as KZ and national numbers with the default country', () => {
		expect(normalizeLead({ phone: '8 701 123 45 67' }, { now }).lead).toMatchObject({
			phone: '+77011234567',
			phoneCountry: 'KZ',
		});
		expect(
			normalizeLead({ phone: '029 123 45 67' }, { defaultCountry: 'BY', now }).lead,
		).toMatchObject({ phone: '+375291234567', phoneCountry: 'BY' });
	});
});
