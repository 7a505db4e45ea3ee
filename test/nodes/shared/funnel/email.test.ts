import { normalizeEmail, providerKey } from '../../../../nodes/shared/funnel/email';

describe('normalizeEmail', () => {
	test.each([
		['Ivan.Petrov@Mail.RU', 'ivan.petrov@mail.ru'],
		['  anna@yandex.ru  ', 'anna@yandex.ru'],
		['mailto:Boss@Company.com', 'boss@company.com'],
		['Иван <Ivan@Example.COM>', 'ivan@example.com'],
		['ivan@example.com.', 'ivan@example.com'],
		['user+promo@gmail.com', 'user+promo@gmail.com'],
		['client@почта.рф', 'client@почта.рф'],
		["o'brien@example.ie", "o'brien@example.ie"],
	])('%j → %s', (input, address) => {
		const result = normalizeEmail(input);
		expect(result).toMatchObject({ ok: true, address, key: address, raw: input });
	});

	test.each([
		['', 'no email given'],
		['ivan.mail.ru', 'has no "@"'],
		['ivan@', 'has no "@"'],
		['@mail.ru', 'has no "@"'],
		['ivan@@mail.ru', 'more than one "@"'],
		['iv an@mail.ru', 'not a valid mailbox name'],
		['ivan@mail', 'not a valid domain'],
		['ivan@-mail.ru', 'not a valid domain'],
		['.ivan@mail.ru', 'not a valid mailbox name'],
		['iv..an@mail.ru', 'not a valid mailbox name'],
	])('rejects %j (%s)', (input, reason) => {
		const result = normalizeEmail(input);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toContain(reason);
	});

	test('does not rewrite providers unless asked', () => {
		expect(normalizeEmail('Ivan.Petrov+promo@GMAIL.com')).toMatchObject({
			key: 'ivan.petrov+promo@gmail.com',
		});
		expect(normalizeEmail('Ivan.Petrov+promo@GMAIL.com', { providerRules: true })).toMatchObject({
			address: 'ivan.petrov+promo@gmail.com',
			key: 'ivanpetrov@gmail.com',
		});
	});

	test.each([
		['ivan@ya.ru', 'ivan@yandex.ru'],
		['ivan@yandex.kz', 'ivan@yandex.ru'],
		['i.van@googlemail.com', 'ivan@gmail.com'],
		['ivan@bk.ru', 'ivan@bk.ru'],
		['ivan@inbox.ru', 'ivan@inbox.ru'],
		['ivan+x@yandex.ru', 'ivan+x@yandex.ru'],
	])('provider key of %s is %s (Mail.ru group domains stay apart)', (address, key) => {
		expect(providerKey(address)).toBe(key);
	});
});
