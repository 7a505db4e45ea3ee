import { normalizeEmail } from '../../../../../nodes/shared/funnel/email';
import { normalizeName } from '../../../../../nodes/shared/funnel/name';
import { normalizePhone } from '../../../../../nodes/shared/funnel/phone';
import { ContactReader } from '../../../../../nodes/shared/funnel/webinar/contacts';

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
	let state = seed;
	return (below: number) => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state % below;
	};
}

describe("ContactReader reads viewers' phones and emails like the package's normalisers", () => {
	test('gives the same E.164 as normalizePhone for every valid +7 number, in every plain spelling', () => {
		const next = random(7);
		const reader = new ContactReader('RU');
		let compared = 0;
		for (let i = 0; i < 5000; i++) {
			const national = `${[3, 4, 7, 8, 9][next(5)]}${String(next(1e9)).padStart(9, '0')}`;
			const spellings = [
				`8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`,
				`+7 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6, 8)} ${national.slice(8)}`,
				`7${national}`,
				national,
			];
			for (const spelling of spellings) {
				const full = normalizePhone(spelling, { defaultCountry: 'RU' });
				if (!full.ok) continue;
				expect([spelling, reader.phone(spelling)]).toEqual([spelling, full.e164]);
				compared++;
			}
		}
		expect(compared).toBeGreaterThan(5000);
	});

	test('a number in an unassigned +7 range is the one difference: kept, where Lead Normalize rejects it', () => {
		expect(normalizePhone('+79300016945').ok).toBe(false);
		expect(new ContactReader('RU').phone('+79300016945')).toBe('+79300016945');
	});

	test('leaves other phones to normalizePhone', () => {
		const reader = new ContactReader('RU');
		expect(reader.phone('+49 30 1234567')).toBe(
			normalizePhone('+49 30 1234567').ok ? '+49301234567' : null,
		);
		expect(reader.phone('+7 916 123-45-67 доб. 12')).toBe('+79161234567');
		expect(reader.phone('105')).toBeNull();
		expect(reader.phone('+7 600 123 45 67')).toBeNull();
		expect(reader.phone('')).toBeNull();
	});

	test('ten bare digits are Russian only when Russia is the default country', () => {
		expect(new ContactReader('RU').phone('9161234567')).toBe('+79161234567');
		expect(new ContactReader('BY').phone('9161234567')).toBe(
			(() => {
				const r = normalizePhone('9161234567', { defaultCountry: 'BY' });
				return r.ok ? r.e164 : null;
			})(),
		);
	});

	test('gives the same address as normalizeEmail', () => {
		const reader = new ContactReader();
		for (const raw of [
			'Ang5350@Yandex.RU',
			'a.b+c@mail.ru',
			'гость',
			'x@y',
			'Иван <ivan@mail.ru>',
			'mailto:IVAN@MAIL.RU',
			'a..b@mail.ru',
			'почта@почта.рф',
			'-a-@-b-.ru',
		]) {
			const full = normalizeEmail(raw);
			expect([raw, reader.email(raw)]).toEqual([raw, full.ok ? full.address : null]);
		}
	});
});

describe('ContactReader reads names like normalizeName', () => {
	test.each([
		['Анжелика'],
		['Ирина Ковалёва (Irina K)'],
		['  Иван   Петров '],
		['Иван\tПетров'],
		['Jos\u0065\u0301'],
		['Ёжик'],
		['A\u200BB'],
		[''],
		['x'],
	])('%p', (raw) => {
		expect(new ContactReader().name(raw)).toBe(normalizeName(raw));
	});
});
