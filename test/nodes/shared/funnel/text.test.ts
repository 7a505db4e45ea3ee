import { normalizeLead } from '../../../../nodes/shared/funnel/lead';
import { normalizePhone } from '../../../../nodes/shared/funnel/phone';
import { plainText } from '../../../../nodes/shared/funnel/text';

describe('plainText: payload values as text, never a throw', () => {
	test('strings, numbers and booleans as they are; null and undefined as empty', () => {
		expect([
			plainText('Иван'),
			plainText(79161234567),
			plainText(false),
			plainText(null),
			plainText(undefined),
		]).toEqual(['Иван', '79161234567', 'false', '', '']);
	});

	test('an object from JSON with its own "toString" key (String() of it throws) becomes its JSON', () => {
		const hostile = JSON.parse('{"toString": "x", "valueOf": 1}');
		expect(() => String(hostile)).toThrow();
		expect(plainText(hostile)).toBe('{"toString":"x","valueOf":1}');
	});

	test('a lead whose phone is such an object is invalid with a reason, not a crash', () => {
		const result = normalizeLead({ name: 'Иван', phone: JSON.parse('{"toString": "звоните"}') });
		expect(result.valid).toBe(false);
		expect(result.reason).toContain('phone');
	});
});

test("a number longer than E.164's 15 digits is refused even where a national plan would take it", () => {
	const result = normalizePhone('8 (916) 123-45-678901', { defaultCountry: 'DE' });
	expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('too many digits') });
});
