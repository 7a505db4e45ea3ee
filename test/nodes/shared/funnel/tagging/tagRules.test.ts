import {
	compileTagRules,
	decideTags,
	toNumber,
	type TagRule,
} from '../../../../../nodes/shared/funnel/tagging/tagRules';
import { mergeTags, parseTags } from '../../../../../nodes/shared/funnel/tagging/tags';

function tagsFor(record: unknown, rules: TagRule[], ignoreCase = true): string[] {
	const compiled = compileTagRules(rules, { ignoreCase });
	if (!compiled.ok) throw new Error(compiled.reason);
	return decideTags(record, compiled.rules).tags;
}

describe('tag rules', () => {
	const lead = {
		form: 'Вакансии — подвал сайта',
		utm: { source: 'Yandex', campaign: 'spring_promo' },
		raw: { budget: '150 000 ₽', city: 'Москва' },
		tags: ['Старый'],
		message: '',
	};

	test.each<[string, TagRule, boolean]>([
		[
			'equals ignores case',
			{ field: 'utm.source', condition: 'equals', value: 'yandex', tags: 'T' },
			true,
		],
		[
			'equals on a list compares each element',
			{ field: 'tags', condition: 'equals', value: 'старый', tags: 'T' },
			true,
		],
		[
			'not equals',
			{ field: 'utm.source', condition: 'notEquals', value: 'google', tags: 'T' },
			true,
		],
		['contains', { field: 'form', condition: 'contains', value: 'ВАКАНС', tags: 'T' }, true],
		[
			'does not contain',
			{ field: 'form', condition: 'notContains', value: 'акци', tags: 'T' },
			true,
		],
		[
			'starts with',
			{ field: 'utm.campaign', condition: 'startsWith', value: 'spring', tags: 'T' },
			true,
		],
		[
			'matches a regular expression',
			{ field: 'utm.campaign', condition: 'matchesRegex', value: 'promo|акци', tags: 'T' },
			true,
		],
		[
			'matches the /…/flags form',
			{ field: 'utm.campaign', condition: 'matchesRegex', value: '/^SPRING/', tags: 'T' },
			true,
		],
		['is empty: an empty string', { field: 'message', condition: 'isEmpty', tags: 'T' }, true],
		['is empty: a missing field', { field: 'raw.nothing', condition: 'isEmpty', tags: 'T' }, true],
		['is not empty', { field: 'raw.city', condition: 'isNotEmpty', tags: 'T' }, true],
		[
			'greater than reads "150 000 ₽"',
			{ field: 'raw.budget', condition: 'greaterThan', value: '100000', tags: 'T' },
			true,
		],
		[
			'less than',
			{ field: 'raw.budget', condition: 'lessThan', value: '100 000', tags: 'T' },
			false,
		],
		[
			'greater than is false for text',
			{ field: 'raw.city', condition: 'greaterThan', value: '1', tags: 'T' },
			false,
		],
		[
			'in list',
			{ field: 'raw.city', condition: 'inList', value: 'Санкт-Петербург, москва', tags: 'T' },
			true,
		],
	])('%s', (_title, rule, matches) => {
		expect(tagsFor(lead, [rule])).toEqual(matches ? ['T'] : []);
	});

	test('compares ё and е as one letter', () => {
		expect(
			tagsFor({ name: 'Петр' }, [{ field: 'name', condition: 'equals', value: 'Пётр', tags: 'T' }]),
		).toEqual(['T']);
	});

	test('case matters when the user says so', () => {
		const rule: TagRule = { field: 'utm.source', condition: 'equals', value: 'yandex', tags: 'T' };
		expect(tagsFor(lead, [rule], false)).toEqual([]);
	});

	test('every matching rule adds its tags, each tag once, in rule order', () => {
		const compiled = compileTagRules([
			{ field: 'form', condition: 'contains', value: 'ваканс', tags: 'Вакансия, HR' },
			{ field: 'utm.campaign', condition: 'contains', value: 'promo', tags: ['Акция', 'вакансия'] },
			{ field: 'raw.city', condition: 'equals', value: 'Казань', tags: 'Казань' },
		]);
		if (!compiled.ok) throw new Error(compiled.reason);
		expect(decideTags(lead, compiled.rules)).toEqual({
			tags: ['Вакансия', 'HR', 'Акция'],
			matched: [
				{ rule: 'form contains "ваканс"', tags: ['Вакансия', 'HR'] },
				{ rule: 'utm.campaign contains "promo"', tags: ['Акция', 'вакансия'] },
			],
		});
	});

	test.each<[TagRule, string]>([
		[{ field: '', condition: 'equals', value: 'x', tags: 'T' }, 'no field given'],
		[{ field: 'a', condition: 'equals', value: 'x', tags: ' , ' }, 'no tags given'],
		[
			{ field: 'a', condition: 'matchesRegex', value: '(unclosed', tags: 'T' },
			'not a valid regular expression',
		],
		[{ field: 'a', condition: 'greaterThan', value: 'много', tags: 'T' }, 'not a number'],
		[{ field: 'a', condition: 'inList', value: ' , ', tags: 'T' }, 'comma-separated list'],
		[{ field: 'a', condition: 'contains', value: '', tags: 'T' }, 'needs a value'],
	])('refuses a broken rule before tagging anything: %j', (rule, reason) => {
		const compiled = compileTagRules([{ field: 'ok', condition: 'isEmpty', tags: 'T' }, rule]);
		expect(compiled.ok).toBe(false);
		if (!compiled.ok) {
			expect(compiled.index).toBe(1);
			expect(compiled.reason).toContain(reason);
		}
	});

	test.each([
		['150 000', 150000],
		['1,5', 1.5],
		['12 000 ₽', 12000],
		['30%', 30],
		[42, 42],
		['-3', -3],
		['abc', null],
		['', null],
		[true, null],
	])('reads %j as the number %j', (input, expected) => {
		expect(toNumber(input)).toBe(expected);
	});
});

describe('tag lists', () => {
	test('never repeats a tag already there, whatever its case, and keeps the existing spelling', () => {
		expect(mergeTags(['Акция', 'A'], ['акция', 'a', 'Вакансия', ' Вакансия ', ''])).toEqual([
			'Акция',
			'A',
			'Вакансия',
		]);
	});

	test('reads comma-separated text, lists and amoCRM tag objects', () => {
		expect(parseTags('Вакансия, Акция;Дубль')).toEqual(['Вакансия', 'Акция', 'Дубль']);
		expect(parseTags([{ id: 1, name: 'A' }, 'B'])).toEqual(['A', 'B']);
		expect(parseTags(undefined)).toEqual([]);
	});
});
