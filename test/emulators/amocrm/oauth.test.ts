import type { RunningEmulator } from './index';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URI } from './seed/generate';
import { EmulatorClient, startEmulator } from './testClient';

describe('amoCRM emulator: OAuth 2.0 with rotating refresh tokens', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;

	beforeAll(async () => {
		({ emulator, client: api } = await startEmulator({ limits: false }));
	});
	afterAll(() => emulator.close());
	beforeEach(() => api.control('POST', '/reset'));

	const client = {
		client_id: DEMO_CLIENT_ID,
		client_secret: DEMO_CLIENT_SECRET,
		redirect_uri: DEMO_REDIRECT_URI,
	};
	const refresh = (token: string, form = false) =>
		api.post(
			'/oauth2/access_token',
			{ ...client, grant_type: 'refresh_token', refresh_token: token },
			{ token: null, form },
		);

	async function connect() {
		const consent = await api.get(
			`/oauth?client_id=${DEMO_CLIENT_ID}&state=xyz&mode=post_message`,
			{ token: null },
		);
		expect(consent.status).toBe(302);
		const location = new URL(consent.headers.get('location')!);
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(location.searchParams.get('referer')).toBe('salesfunnel.amocrm.ru');
		const code = location.searchParams.get('code')!;
		const answer = await api.post(
			'/oauth2/access_token',
			{ ...client, grant_type: 'authorization_code', code },
			{ token: null },
		);
		expect(answer.status).toBe(200);
		return { code, ...answer.body };
	}

	test('exchanges a code once for a 24-hour JWT access token and a refresh token', async () => {
		const pair = await connect();
		expect(pair).toMatchObject({
			token_type: 'Bearer',
			expires_in: 86400,
			server_time: expect.any(Number),
			refresh_token: expect.any(String),
		});
		const claims = JSON.parse(Buffer.from(pair.access_token.split('.')[1], 'base64url').toString());
		expect(claims).toMatchObject({
			aud: DEMO_CLIENT_ID,
			account_id: 31_234_567,
			api_domain: expect.any(String),
		});
		expect(claims.exp - claims.iat).toBe(86400);
		expect((await api.get('/api/v4/account', { token: pair.access_token })).status).toBe(200);
		const again = await api.post(
			'/oauth2/access_token',
			{ ...client, grant_type: 'authorization_code', code: pair.code },
			{ token: null },
		);
		expect(again.status).toBe(401);
	});

	test("each refresh rotates the refresh token; form bodies (n8n's client) work like JSON", async () => {
		const first = await connect();
		const second = await refresh(first.refresh_token, true);
		expect(second.status).toBe(200);
		expect(second.body.refresh_token).not.toBe(first.refresh_token);
		const third = await refresh(second.body.refresh_token);
		expect(third.status).toBe(200);
	});

	test('the previous refresh token keeps working until the new one is used (a lost answer is survivable)', async () => {
		const first = await connect();
		const lostAnswer = await refresh(first.refresh_token);
		const retried = await refresh(first.refresh_token);
		expect(retried.status).toBe(200);
		// The token of the lost answer was replaced by the retry's.
		expect((await refresh(lostAnswer.body.refresh_token)).status).toBe(401);
		const next = await refresh(retried.body.refresh_token);
		expect(next.status).toBe(200);
		const reuse = await refresh(first.refresh_token);
		expect(reuse.status).toBe(401);
		expect(reuse.body).toEqual({
			hint: 'Token has been revoked',
			title: 'Некорректный запрос',
			type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
			status: 401,
			detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
		});
	});

	test("an access token stops working after 24 hours on the emulator's clock", async () => {
		const pair = await connect();
		await api.control('POST', '/clock', { offsetMs: 25 * 3600 * 1000 });
		expect((await api.get('/api/v4/account', { token: pair.access_token })).status).toBe(401);
		const renewed = await refresh(pair.refresh_token);
		expect((await api.get('/api/v4/account', { token: renewed.body.access_token })).status).toBe(
			200,
		);
	});

	test('a wrong client secret or redirect URI is refused', async () => {
		const pair = await connect();
		const badSecret = await api.post(
			'/oauth2/access_token',
			{
				...client,
				client_secret: 'nope',
				grant_type: 'refresh_token',
				refresh_token: pair.refresh_token,
			},
			{ token: null },
		);
		expect(badSecret.status).toBe(401);
		const badRedirect = await api.post(
			'/oauth2/access_token',
			{
				...client,
				redirect_uri: 'https://evil.example',
				grant_type: 'refresh_token',
				refresh_token: pair.refresh_token,
			},
			{ token: null },
		);
		expect(badRedirect.status).toBe(400);
	});
});
