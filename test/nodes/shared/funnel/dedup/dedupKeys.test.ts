import {
	dedupKeysOf,
	storedKey,
	type DedupSettings,
} from '../../../../../nodes/shared/funnel/dedup/dedupKeys';

const any: DedupSettings = { keys: ['phone', 'email'], match: 'any', byExternalId: true };

describe('dedup keys', () => {
	test('normalises mixed phone formats and upper-case emails into one key each', () => {
		const forms = ['8 (916) 123-45-67', '+7 916 123 45 67', '79161234567', '9161234567'];
		for (const phone of forms) {
			expect(dedupKeysOf({ phone, email: ' IVAN@Mail.RU ' }, any).keys).toEqual([
				{ type: 'phone', value: '+79161234567' },
				{ type: 'email', value: 'ivan@mail.ru' },
			]);
		}
	});

	test('every number of a lead is a key (one client, two numbers)', () => {
		expect(dedupKeysOf({ phone: '+79161234567', otherPhones: ['+79031112233'] }, any).keys).toEqual(
			[
				{ type: 'phone', value: '+79161234567' },
				{ type: 'phone', value: '+79031112233' },
			],
		);
	});

	test('an unusable phone or email gives no key', () => {
		expect(dedupKeysOf({ phone: '123', email: 'not-an-email' }, any).keys).toEqual([]);
	});

	test('"all" makes one compound key, and none when a contact is missing', () => {
		const all: DedupSettings = { ...any, match: 'all' };
		expect(dedupKeysOf({ phone: '89161234567', email: 'A@B.RU' }, all).keys).toEqual([
			{ type: 'phone+email', value: '+79161234567|a@b.ru' },
		]);
		expect(dedupKeysOf({ phone: '89161234567' }, all).keys).toEqual([]);
	});

	test('"all" with one key chosen is that key', () => {
		expect(
			dedupKeysOf(
				{ phone: '89161234567', email: 'a@b.ru' },
				{ ...any, match: 'all', keys: ['email'] },
			).keys,
		).toEqual([{ type: 'email', value: 'a@b.ru' }]);
	});

	test('provider rules merge Gmail dots and tags when asked', () => {
		const settings: DedupSettings = { ...any, emailProviderRules: true };
		expect(dedupKeysOf({ email: 'Ivan.Petrov+promo@gmail.com' }, settings).keys).toEqual([
			{ type: 'email', value: 'ivanpetrov@gmail.com' },
		]);
		expect(dedupKeysOf({ email: 'Ivan.Petrov+promo@gmail.com' }, any).keys).toEqual([
			{ type: 'email', value: 'ivan.petrov+promo@gmail.com' },
		]);
	});

	test('the submission id is scoped by channel', () => {
		const keys = dedupKeysOf({ externalId: '467251:8442970', channel: 'Tilda' }, any);
		expect(keys.external).toEqual({ type: 'externalId', value: 'tilda|467251:8442970' });
		expect(storedKey(keys.external!)).toBe('externalId:tilda|467251:8442970');
		expect(dedupKeysOf({ externalId: '1' }, { ...any, byExternalId: false }).external).toBeNull();
	});
});
