import { start, type RunningEmulator } from '../../emulators/bitrix24';
import { WorkflowHarness } from '../../harness/runWorkflow';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await start({ limits: false });
});
afterAll(() => emu.close());

describe('Bitrix24 inbound webhook credential', () => {
	const harness = new WorkflowHarness();

	test('the test request succeeds against the sandbox portal', async () => {
		expect(
			await harness.testCredential('bitrix24WebhookApi', {
				environment: 'sandbox',
				webhookUrl: emu.webhook,
			}),
		).toEqual({ status: 'OK', message: 'Connection tested successfully' });
	});

	test('a wrong secret is reported as an unknown webhook', async () => {
		const wrong = emu.webhook.replace(/\/rest\/1\/[^/]+\//, '/rest/1/wrongsecret12345/');
		expect(
			await harness.testCredential('bitrix24WebhookApi', {
				environment: 'sandbox',
				webhookUrl: wrong,
			}),
		).toEqual({ status: 'Error', message: expect.stringContaining('does not know this webhook') });
	});

	test('a webhook without the CRM permission is reported as such', async () => {
		const scoped = await start({
			limits: false,
			seed: { webhook: { secret: 'onlyuserscope123', scopes: ['user'] } },
		});
		try {
			expect(
				await harness.testCredential('bitrix24WebhookApi', {
					environment: 'sandbox',
					webhookUrl: scoped.webhook,
				}),
			).toEqual({ status: 'Error', message: expect.stringContaining('lacks the CRM permission') });
		} finally {
			await scoped.close();
		}
	});

	test("a real portal must use https: the emulator's http URL is refused outside the sandbox", async () => {
		const result = await harness.testCredential('bitrix24WebhookApi', {
			environment: 'portal',
			webhookUrl: emu.webhook,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('only https://');
	});

	test('a URL with a method name at the end says what to remove', async () => {
		const result = await harness.testCredential('bitrix24WebhookApi', {
			environment: 'portal',
			webhookUrl: 'https://acme.bitrix24.ru/rest/1/abc123def456gh78/profile.json',
		});
		expect(result.message).toContain('Remove the method name ("profile.json")');
	});
});
