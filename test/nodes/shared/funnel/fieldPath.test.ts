import { readPath, splitPath } from '../../../../nodes/shared/funnel/fieldPath';

describe('reading a field by the path an ops person writes', () => {
	const lead = {
		name: 'Иван',
		utm: { source: 'yandex' },
		raw: { 'Ваше имя': 'Иван', 'utm.source': 'flat', list: [{ phone: '1' }, { phone: '2' }] },
		'a.b': 'dotted key',
	};

	test.each([
		['name', 'Иван'],
		['utm.source', 'yandex'],
		['raw["Ваше имя"]', 'Иван'],
		["raw['Ваше имя']", 'Иван'],
		['raw.list[1].phone', '2'],
		['raw.list.0.phone', '1'],
		['$json.utm.source', 'yandex'],
		['a.b', 'dotted key'],
		['utm.medium', undefined],
		['raw.list.x', undefined],
		['name.length', undefined],
		['', undefined],
	])('%s → %j', (path, expected) => {
		expect(readPath(lead, path)).toEqual(expected);
	});

	test('never walks into the prototype', () => {
		expect(readPath({}, '__proto__')).toBeUndefined();
		expect(readPath({ a: {} }, 'a.constructor.name')).toBeUndefined();
		expect(readPath({ a: {} }, 'a.toString')).toBeUndefined();
	});

	test('splits dots and brackets, quoted or not', () => {
		expect(splitPath('a.b[0]["c d"][e]')).toEqual(['a', 'b', '0', 'c d', 'e']);
	});
});
