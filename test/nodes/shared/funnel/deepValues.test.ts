/**
 * Items from anywhere (n8n's own Webhook node keeps a request body as it came) reach the funnel core: a value
 * nested thousands of levels deep must give a result or a bad-value problem, never a stack overflow.
 */
import { normalizeLead } from '../../../../nodes/shared/funnel/lead';
import { splitPhones } from '../../../../nodes/shared/funnel/phone';
import {
	compileTagRules,
	decideTags,
	isEmptyValue,
	type TagRule,
} from '../../../../nodes/shared/funnel/tagging/tagRules';

const LEVELS = 50_000;
/** `[[[…"+7 916 123-45-67"…]]]`, built by JSON.parse (which does not recurse), like a request body. */
const deepList = (leaf: string) =>
	JSON.parse(`${'['.repeat(LEVELS)}${JSON.stringify(leaf)}${']'.repeat(LEVELS)}`);
const deepObject = () => JSON.parse(`${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}`);
const deepNames = () => JSON.parse(`${'{"name":'.repeat(LEVELS)}"Партнер"${'}'.repeat(LEVELS)}`);

function tagsFor(record: unknown, rule: TagRule): string[] {
	const compiled = compileTagRules([rule], { ignoreCase: true });
	if (!compiled.ok) throw new Error(compiled.reason);
	return decideTags(record, compiled.rules).tags;
}

describe('values nested thousands of levels deep', () => {
	test('a phone inside 50,000 nested lists is still the phone', () => {
		expect(splitPhones(deepList('+7 916 123-45-67'))).toEqual(['+7 916 123-45-67']);
		const { lead, valid } = normalizeLead({ phone: deepList('8 916 123 45 67') });
		expect(valid).toBe(true);
		expect(lead.phone).toBe('+79161234567');
	});

	test('a message that is a deep object becomes its JSON text, cut short', () => {
		const { lead } = normalizeLead({ phone: '89161234567', message: [deepObject()] });
		expect(lead.message.startsWith('{"a":{"a":')).toBe(true);
		expect(lead.message.length).toBeLessThanOrEqual(2001);
	});

	test('tag rules read deep lists, deep objects and names of names without overflowing', () => {
		expect(
			tagsFor(
				{ tags: deepList('Партнер') },
				{ field: 'tags', condition: 'equals', value: 'партнер', tags: 'P' },
			),
		).toEqual(['P']);
		expect(
			tagsFor(
				{ tags: deepNames() },
				{ field: 'tags', condition: 'contains', value: 'партн', tags: 'P' },
			),
		).toEqual([]);
		expect(
			tagsFor({ x: deepObject() }, { field: 'x', condition: 'contains', value: '"a"', tags: 'X' }),
		).toEqual(['X']);
		expect(isEmptyValue(deepList(''))).toBe(true);
		expect(isEmptyValue(deepList('x'))).toBe(false);
	});
});
