import { accountAddress } from '../../../../../nodes/shared/crm/amocrm/accountAddress';

describe('amoCRM account address', () => {
	test.each([
		['mycompany', 'amocrm.ru', 'https://mycompany.amocrm.ru'],
		['  MyCompany ', 'kommo.com', 'https://mycompany.kommo.com'],
		['https://mycompany.amocrm.com/leads/pipeline/1', 'amocrm.com', 'https://mycompany.amocrm.com'],
		['my-company2', 'amocrm.ru', 'https://my-company2.amocrm.ru'],
	])('"%s" on %s is %s', (subdomain, zone, baseUrl) => {
		expect(accountAddress({ subdomain, zone })).toMatchObject({ ok: true, baseUrl });
	});

	test.each([
		['', 'amocrm.ru', 'not a valid subdomain'],
		['evil.com/x', 'amocrm.ru', 'not an address on amocrm.ru'],
		['mycompany.kommo.com', 'amocrm.ru', 'pick the matching zone'],
		['my company', 'amocrm.ru', 'not a valid subdomain'],
		['-bad', 'amocrm.ru', 'not a valid subdomain'],
		['a@b', 'kommo.com', 'not a valid subdomain'],
		['mycompany', 'example.com', 'unknown zone'],
	])('refuses "%s" on %s: %s', (subdomain, zone, reason) => {
		const address = accountAddress({ subdomain, zone });
		expect(address.ok).toBe(false);
		expect(!address.ok && address.reason).toContain(reason);
	});

	test('the sandbox takes an http(s) emulator URL and nothing with credentials or a query', () => {
		expect(accountAddress({ zone: 'sandbox', sandboxUrl: 'http://127.0.0.1:3101/' })).toMatchObject(
			{ ok: true, baseUrl: 'http://127.0.0.1:3101', subdomain: null },
		);
		expect(
			accountAddress({ zone: 'sandbox', sandboxUrl: 'http://localhost:3101/a/otherclient' }),
		).toMatchObject({ ok: true, baseUrl: 'http://localhost:3101/a/otherclient' });
		expect(
			accountAddress({ zone: 'sandbox', sandboxUrl: 'http://user:pw@127.0.0.1:3101' }).ok,
		).toBe(false);
		expect(
			accountAddress({ zone: 'sandbox', sandboxUrl: 'http://127.0.0.1:3101/?token=x' }).ok,
		).toBe(false);
		expect(accountAddress({ zone: 'sandbox', sandboxUrl: 'ftp://127.0.0.1' }).ok).toBe(false);
	});
});
