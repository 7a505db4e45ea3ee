import { applyCredentialDefaults } from '../../harness/credentialDefaults';
import { WorkflowHarness } from '../../harness/runWorkflow';
import { start, type RunningEmulator } from '../../emulators/amocrm';

describe('amoCRM credentials', () => {
	let emulator: RunningEmulator;
	let harness: WorkflowHarness;

	beforeAll(async () => {
		emulator = await start({ port: 0, limits: false });
		harness = new WorkflowHarness();
	});
	afterAll(() => emulator.close());

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const control = async (method: string, path: string, body?: unknown): Promise<any> =>
		(
			await fetch(`${emulator.url}/__emulator${path}`, {
				method,
				body: body ? JSON.stringify(body) : undefined,
			})
		).json();

	describe('long-lived token', () => {
		test('its test request succeeds against the sandbox', async () => {
			const result = await harness.testCredential('amoCrmApi', {
				zone: 'sandbox',
				sandboxUrl: emulator.url,
				accessToken: emulator.info.token,
			});
			expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		});

		test('a wrong token fails with a sentence saying what is wrong', async () => {
			const result = await harness.testCredential('amoCrmApi', {
				zone: 'sandbox',
				sandboxUrl: emulator.url,
				accessToken: 'not-a-token',
			});
			expect(result.status).toBe('Error');
			expect(result.message).toContain('refused the token');
		});

		test('an invalid subdomain is refused before any request is sent', async () => {
			await control('DELETE', '/requests');
			const result = await harness.testCredential('amoCrmApi', {
				zone: 'amocrm.ru',
				subdomain: 'evil.com/steal?',
				accessToken: emulator.info.token,
			});
			expect(result.status).toBe('Error');
			expect(result.message).toContain('not an address on amocrm.ru');
			expect((await control('GET', '/requests')).count).toBe(0);
		});
	});

	describe('OAuth2', () => {
		test('authorization and token URLs are on the account host, body authentication, popup mode', () => {
			const data = applyCredentialDefaults(harness.credentialTypes, 'amoCrmOAuth2Api', {
				zone: 'kommo.com',
				subdomain: 'mycompany',
				clientId: 'id',
				clientSecret: 's',
			});
			expect(data).toMatchObject({
				authUrl: 'https://mycompany.kommo.com/oauth',
				accessTokenUrl: 'https://mycompany.kommo.com/oauth2/access_token',
				authentication: 'body',
				grantType: 'authorizationCode',
				authQueryParameters: 'mode=popup',
			});
		});

		test('a subdomain that tries to name another host never becomes one', () => {
			for (const subdomain of ['evil.com/x?', 'https://evil.com', 'a b', '']) {
				const data = applyCredentialDefaults(harness.credentialTypes, 'amoCrmOAuth2Api', {
					zone: 'amocrm.ru',
					subdomain,
				});
				expect(new URL(String(data.accessTokenUrl)).hostname).toMatch(/(\.amocrm\.ru|\.invalid)$/);
			}
		});

		test('the sandbox points both URLs at the emulator', () => {
			const data = applyCredentialDefaults(harness.credentialTypes, 'amoCrmOAuth2Api', {
				zone: 'sandbox',
				sandboxUrl: `${emulator.url}/`,
			});
			expect(data.accessTokenUrl).toBe(`${emulator.url}/oauth2/access_token`);
			expect(data.authUrl).toBe(`${emulator.url}/oauth`);
		});

		test('its test request succeeds with connected tokens', async () => {
			const grant = await control('POST', '/oauth/grant');
			const result = await harness.testCredential('amoCrmOAuth2Api', {
				zone: 'sandbox',
				sandboxUrl: emulator.url,
				clientId: grant.client_id,
				clientSecret: grant.client_secret,
				oauthTokenData: {
					access_token: grant.access_token,
					refresh_token: grant.refresh_token,
					token_type: 'Bearer',
					expires_in: grant.expires_in,
				},
			});
			expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		});
	});
});
