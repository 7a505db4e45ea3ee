import { mask, parseWebhookUrl } from '../../../../../nodes/shared/crm/bitrix24/webhookUrl';

describe('inbound webhook URL', () => {
	test.each([
		[
			'https://acme.bitrix24.ru/rest/1/abc123def456gh78/',
			'https://acme.bitrix24.ru/rest/1/abc123def456gh78/',
		],
		[
			'  https://Acme.Bitrix24.com/rest/12/abc123def456gh78  ',
			'https://acme.bitrix24.com/rest/12/abc123def456gh78/',
		],
		[
			'https://crm.example.org:8443/rest/7/Q1w2E3r4T5y6U7i8/',
			'https://crm.example.org:8443/rest/7/Q1w2E3r4T5y6U7i8/',
		],
	])('accepts %s', (input, base) => {
		expect(parseWebhookUrl(input)).toEqual({ ok: true, value: expect.objectContaining({ base }) });
	});

	test.each([
		['http://acme.bitrix24.ru/rest/1/abc123def456gh78/', /only https/],
		[
			'https://acme.bitrix24.ru/rest/1/abc123def456gh78/crm.lead.add.json',
			/Remove the method name \("crm.lead.add.json"\)/,
		],
		['https://acme.bitrix24.ru/rest/abc/abc123def456gh78/', /must be a number/],
		['https://acme.bitrix24.ru/rest/1/', /path must be \/rest\/USER_ID\/SECRET\//],
		[
			'https://acme.bitrix24.ru/rest/1/abc123def456gh78/?auth=x',
			/Remove everything after the secret/,
		],
		['https://localhost/rest/1/abc123def456gh78/', /not a portal host name/],
		['https://acme.bitrix24.ru/rest/1/sec-ret!/', /letters and digits/],
		['acme.bitrix24.ru/rest/1/abc', /not a URL/],
		['', /Enter the inbound webhook URL/],
	])('refuses %s with a reason the user can act on', (input, reason) => {
		const result = parseWebhookUrl(input);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toMatch(reason);
	});

	test('the sandbox accepts plain http and a local host, for the emulator only', () => {
		expect(
			parseWebhookUrl('http://127.0.0.1:3102/rest/1/z3orc24prn51xqlw/', { sandbox: true }),
		).toEqual({
			ok: true,
			value: {
				base: 'http://127.0.0.1:3102/rest/1/z3orc24prn51xqlw/',
				portal: '127.0.0.1:3102',
				userId: 1,
			},
		});
	});

	test('never repeats the secret in a message', () => {
		expect(mask('see https://acme.bitrix24.ru/rest/1/abc123def456gh78/profile')).toBe(
			'see https://acme.bitrix24.ru/rest/1/ab…/profile',
		);
		const refused = parseWebhookUrl('acme.bitrix24.ru/rest/1/q8w7e6r5t4y3u2i1');
		expect(refused.ok === false && refused.reason).not.toContain('q8w7e6r5t4y3u2i1');
	});
});
