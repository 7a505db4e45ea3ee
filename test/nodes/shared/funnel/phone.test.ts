import {
	isPlusSevenPhone,
	isRussianPhone,
	normalizePhone,
	splitPhones,
} from '../../../../nodes/shared/funnel/phone';

describe('normalizePhone: one number however it is written', () => {
	test.each([
		// [input, default country, E.164, country, type]
		['8 (916) 123-45-67', 'RU', '+79161234567', 'RU', 'mobile'],
		['+7 916 123 45 67', 'RU', '+79161234567', 'RU', 'mobile'],
		['79161234567', 'RU', '+79161234567', 'RU', 'mobile'],
		['9161234567', 'RU', '+79161234567', 'RU', 'mobile'],
		['89161234567', 'RU', '+79161234567', 'RU', 'mobile'],
		['+7(916)1234567', 'RU', '+79161234567', 'RU', 'mobile'],
		['8-916-123-45-67', 'RU', '+79161234567', 'RU', 'mobile'],
		['+7 916 123–45–67', 'RU', '+79161234567', 'RU', 'mobile'],
		['\u00a0+7\u00a0916\u00a0123\u00a045\u00a067 ', 'RU', '+79161234567', 'RU', 'mobile'],
		['тел: +7(916)1234567', 'RU', '+79161234567', 'RU', 'mobile'],
		['tel:+79161234567', 'RU', '+79161234567', 'RU', 'mobile'],
		['sip:79161234567@pbx.example.ru', 'RU', '+79161234567', 'RU', 'mobile'],
		['79161234567@c.us', 'RU', '+79161234567', 'RU', 'mobile'],
		['810 7 916 123 4567', 'RU', '+79161234567', 'RU', 'mobile'],
		['8 800 555-35-35', 'RU', '+78005553535', 'RU', 'toll_free'],
		['8 (495) 123-45-67', 'RU', '+74951234567', 'RU', 'fixed_line'],
		['87011234567', 'RU', '+77011234567', 'KZ', 'mobile'],
		['77011234567', 'RU', '+77011234567', 'KZ', 'mobile'],
		['7011234567', 'RU', '+77011234567', 'KZ', 'mobile'],
		['+7 701 123 45 67', 'KZ', '+77011234567', 'KZ', 'mobile'],
		['8 (727) 312-34-56', 'KZ', '+77273123456', 'KZ', 'fixed_line'],
		['+375 29 123 45 67', 'RU', '+375291234567', 'BY', 'mobile'],
		['375291234567', 'RU', '+375291234567', 'BY', 'mobile'],
		['00375291234567', 'RU', '+375291234567', 'BY', 'mobile'],
		['+49 170 1234567', 'RU', '+491701234567', 'DE', 'mobile'],
		['+998 90 123 45 67', 'RU', '+998901234567', 'UZ', 'mobile'],
		['+380 50 123 4567', 'RU', '+380501234567', 'UA', 'mobile'],
		['+1 (212) 555-0123', 'RU', '+12125550123', 'US', 'fixed_line_or_mobile'],
	])('%s (default %s) → %s', (input, country, e164, expectedCountry, type) => {
		const result = normalizePhone(input, { defaultCountry: country });
		expect(result).toMatchObject({ ok: true, e164, country: expectedCountry, type, raw: input });
	});

	test.each([
		['+79161234567 доб. 12', '12'],
		['8 916 123-45-67 доб 345', '345'],
		['+7 495 123 45 67 ext. 101', '101'],
		['+74951234567#404812', '404812'],
	])('keeps the extension of %s apart from the number', (input, extension) => {
		const result = normalizePhone(input, { defaultCountry: 'RU' });
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.extension).toBe(extension);
	});

	test.each([
		['', 'no phone given'],
		['   ', 'no phone given'],
		['нет', 'contains no digits'],
		['123', 'internal extension'],
		['505', 'internal extension'],
		['+7 916 123 456', 'wrong length'],
		['+7 (600) 123-45-67', 'not an assigned number range'],
		['00791612345678', 'wrong length'],
		['8916l234567', 'letters among its digits'],
		['123456789012345678901', 'too many digits'],
	])('rejects %j with a reason (%s)', (input, reason) => {
		const result = normalizePhone(input, { defaultCountry: 'RU' });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toContain(reason);
	});

	test('treats null and undefined as no phone', () => {
		expect(normalizePhone(null)).toEqual({ ok: false, reason: 'no phone given', raw: '' });
		expect(normalizePhone(undefined)).toEqual({ ok: false, reason: 'no phone given', raw: '' });
	});

	test('reads numbers given as numbers', () => {
		expect(normalizePhone(79161234567)).toMatchObject({ ok: true, e164: '+79161234567' });
	});
});

describe('phone helpers', () => {
	test('splits a field holding two numbers but not a number with its extension', () => {
		expect(splitPhones('+7 916 123-45-67, 8 903 765-43-21')).toEqual([
			'+7 916 123-45-67',
			'8 903 765-43-21',
		]);
		expect(splitPhones('+7 916 123-45-67; 8 903 765-43-21')).toEqual([
			'+7 916 123-45-67',
			'8 903 765-43-21',
		]);
		expect(splitPhones('+7 916 123-45-67, доб. 12')).toEqual(['+7 916 123-45-67, доб. 12']);
		expect(splitPhones(['89161234567', '89031234567'])).toEqual(['89161234567', '89031234567']);
		expect(splitPhones('')).toEqual([]);
	});

	test('tells Russian numbers from Kazakh ones in the shared +7 plan', () => {
		expect(isRussianPhone('+79161234567')).toBe(true);
		expect(isRussianPhone('+77011234567')).toBe(false);
		expect(isPlusSevenPhone('+77011234567')).toBe(true);
		expect(isPlusSevenPhone('+375291234567')).toBe(false);
	});
});
