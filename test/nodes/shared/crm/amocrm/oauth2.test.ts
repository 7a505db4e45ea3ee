import { AmoTransport } from '../../../../../nodes/shared/crm/amocrm';
import { start, type RunningEmulator } from '../../../../emulators/amocrm';
import { EmulatorClient } from '../../../../emulators/amocrm/testClient';
import { probeHarness, runProbe } from './amoProbe';

/**
 * n8n refreshes OAuth2 tokens itself: `requestOAuth2` retries a request that got 401 after refreshing, one
 * refresh per credential at a time (a single-flight lease), re-reading the stored token first so a refresh
 * someone else just made is reused. amoCRM rotates the refresh token on every refresh, so a lost or doubled
 * refresh would disconnect the credential. These tests run n8n-core's real refresh against the emulator.
 */
describe('amoCRM OAuth2 credential: refresh through n8n with rotating refresh tokens', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;

	beforeAll(async () => {
		emulator = await start({ port: 0, limits: false });
		api = new EmulatorClient(emulator);
	});
	afterAll(() => emulator.close());
	beforeEach(() => api.control('POST', '/reset'));

	async function connectedHarness() {
		const grant = await api.control('POST', '/oauth/grant');
		const harness = probeHarness();
		harness.setCredentials(
			'amoCrmOAuth2Api',
			{
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
			},
			'oauth-cred',
		);
		return harness;
	}
	const accountId = (harness: ReturnType<typeof probeHarness>) =>
		runProbe(
			harness,
			(ctx) => new AmoTransport(ctx).get<{ id: number }>('/api/v4/account').then((a) => a?.id),
			{ type: 'amoCrmOAuth2Api', id: 'oauth-cred' },
		);
	const stored = (harness: ReturnType<typeof probeHarness>) =>
		harness.credentials.current('amoCrmOAuth2Api', 'oauth-cred')!.oauthTokenData as {
			access_token: string;
			refresh_token: string;
		};

	test('an expired access token is refreshed once and the rotated refresh token is stored', async () => {
		const harness = await connectedHarness();
		const before = stored(harness);
		await api.control('POST', '/clock', { offsetMs: 25 * 3600 * 1000 });
		expect(await accountId(harness)).toBe(31_234_567);
		const after = stored(harness);
		expect(after.refresh_token).not.toBe(before.refresh_token);
		const { refreshLog } = await api.control('GET', '/oauth');
		expect(refreshLog).toEqual([
			{ token: before.refresh_token, accepted: true, reason: 'current' },
		]);
	});

	test('five executions hitting the expiry together make one refresh, and the chain keeps working', async () => {
		const harness = await connectedHarness();
		await api.control('POST', '/clock', { offsetMs: 25 * 3600 * 1000 });
		const ids = await Promise.all(Array.from({ length: 5 }, () => accountId(harness)));
		expect(ids).toEqual(Array(5).fill(31_234_567));
		let { refreshLog } = await api.control('GET', '/oauth');
		expect(refreshLog.filter((r: { accepted: boolean }) => r.accepted)).toHaveLength(1);
		// A day later the stored refresh token is the newest one: the next refresh is accepted too.
		await api.control('POST', '/clock', { offsetMs: 50 * 3600 * 1000 });
		expect(await accountId(harness)).toBe(31_234_567);
		({ refreshLog } = await api.control('GET', '/oauth'));
		expect(
			refreshLog.map((r: { accepted: boolean; reason: string }) => [r.accepted, r.reason]),
		).toEqual([
			[true, 'current'],
			[true, 'current'],
		]);
	});

	test('a revoked grant surfaces amoCRM\'s "Token has been revoked" and asks to reconnect', async () => {
		const harness = await connectedHarness();
		const { refresh_token: refreshToken } = stored(harness);
		// Another n8n (or a copy of this credential) used the refresh token twice over: this chain is gone.
		const other = {
			client_id: (await api.control('GET', '/oauth')).integrations[0].client_id,
			client_secret: (await api.control('GET', '/oauth')).integrations[0].client_secret,
		};
		const first = await api.post(
			'/oauth2/access_token',
			{ ...other, grant_type: 'refresh_token', refresh_token: refreshToken },
			{ token: null },
		);
		await api.post(
			'/oauth2/access_token',
			{ ...other, grant_type: 'refresh_token', refresh_token: first.body.refresh_token },
			{ token: null },
		);
		await api.control('POST', '/clock', { offsetMs: 25 * 3600 * 1000 });
		const error = (await accountId(harness).catch((e) => e)) as Error & { description?: string };
		expect(error.message).toContain('Token has been revoked');
		expect(error.description).toContain('Reconnect the credential');
	});

	test('if amoCRM demanded redirect_uri on refresh (n8n does not send it), the node says so instead of failing silently', async () => {
		const harness = await connectedHarness();
		await api.control('POST', '/oauth', { requireRedirectUriOnRefresh: true });
		await api.control('POST', '/clock', { offsetMs: 25 * 3600 * 1000 });
		const error = (await accountId(harness).catch((e) => e)) as Error & { description?: string };
		expect(error.message).toContain('Redirect URI is required');
		expect(error.description).toContain('use a long-lived token instead');
	});
});
