import { parse as parseQueryString } from 'node:querystring';

import type { INodeParameters } from 'n8n-workflow';

import { LeadCapture } from '../../../nodes/LeadCapture/LeadCapture.node';
import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import { callWebhook, runWebhookLifecycle, type FakeRequest } from '../../harness/webhooks';
import * as payloads from '../../fixtures/capture/payloads';
import workflow from './leadCapture.workflow.json';

const SECRET = 'k3y-4-tests-9f8e7d6c5b4a3210';
const fixture = workflow as unknown as WorkflowJson;

function withParameters(parameters: INodeParameters): WorkflowJson {
	const copy = structuredClone(fixture);
	const node = copy.nodes.find((n) => n.name === 'Lead Capture')!;
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

/** A POST as n8n's webhook server hands it to a node: urlencoded parsed flat by Node's querystring. */
function urlencoded(text: string, extra: Partial<FakeRequest> = {}): FakeRequest {
	return {
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': String(Buffer.byteLength(text)),
		},
		body: { ...parseQueryString(text) },
		rawBody: Buffer.from(text),
		...extra,
	};
}

function jsonRequest(body: unknown, extra: Partial<FakeRequest> = {}): FakeRequest {
	const text = JSON.stringify(body);
	return {
		headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET },
		body,
		rawBody: Buffer.from(text),
		...extra,
	};
}

/** A JSON body as n8n parses it (JSON.parse does not recurse; JSON.stringify would overflow on these). */
function jsonText(text: string): FakeRequest {
	return {
		headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET },
		body: JSON.parse(text),
		rawBody: Buffer.from(text),
	};
}

describe('Lead Capture trigger (webhook run by n8n-core WebhookContext, then the workflow)', () => {
	const harness = new WorkflowHarness().setCredentials(
		'leadCaptureSecretApi',
		{ secret: SECRET },
		'secret-1',
	);

	test('a Tilda POST (urlencoded, capitalised fields, COOKIES) becomes a canonical lead with UTM tags', async () => {
		const call = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			urlencoded(payloads.tildaFormUrlencoded, { query: { secret: SECRET } }),
		);
		expect(call.response.status).toBe(200);
		expect(call.response.body).toEqual({ ok: true, leads: 1, invalid: 0 });
		expect(call.run?.status).toBe('success');
		const [lead] = call.run!.items('Leads');
		expect(lead).toMatchObject({
			name: 'Иван Петров',
			phone: '+79161234567',
			phoneCountry: 'RU',
			email: 'ivan.petrov@mail.ru',
			externalId: '467251:8442970',
			form: 'Заявка на аудит',
			source: 'site form',
			channel: 'tilda',
			utm: { source: 'yandex', medium: 'cpc', campaign: 'audit_spring', content: '', term: '' },
			message: 'Хочу аудит рекламы',
		});
		expect(Date.parse(String(lead.receivedAt))).not.toBeNaN();
		expect(call.run!.items('Invalid requests')).toEqual([]);
	});

	test('the secret never reaches the execution data', async () => {
		const call = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			urlencoded('Name=A&Phone=89161234567', { query: { secret: SECRET, utm_source: 'site2' } }),
		);
		const everything = JSON.stringify(call.run!.run.data);
		expect(everything).not.toContain(SECRET);
		expect(call.run!.items('Leads')[0]).toMatchObject({ utm: { source: 'site2' } });
	});

	test("Tilda's test=test ping gets 200 and starts nothing", async () => {
		const call = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			urlencoded('test=test', { query: { secret: SECRET } }),
		);
		expect(call.response.status).toBe(200);
		expect(call.response.body).toEqual({ ok: true, test: 'Tilda' });
		expect(call.workflowData).toBeUndefined();
		expect(call.run).toBeUndefined();
	});

	test('a POST without the secret gets 401 and starts nothing', async () => {
		const call = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			urlencoded(payloads.tildaFormUrlencoded),
		);
		expect(call.response.status).toBe(401);
		expect(call.run).toBeUndefined();
		expect(JSON.stringify(call.response.body)).not.toContain('Иван');
	});

	test('a wrong secret, in the header or the URL, gets 401', async () => {
		for (const request of [
			jsonRequest(
				{ name: 'A', phone: '89161234567' },
				{ headers: { 'content-type': 'application/json', 'x-webhook-secret': `${SECRET}x` } },
			),
			jsonRequest(
				{ name: 'A', phone: '89161234567' },
				{ headers: { 'content-type': 'application/json' }, query: { secret: SECRET.slice(0, -1) } },
			),
		]) {
			const call = await callWebhook(harness, fixture, 'Lead Capture', request);
			expect(call.response.status).toBe(401);
			expect(call.run).toBeUndefined();
		}
	});

	test('the secret is accepted as "Authorization: Bearer" (how Wazzup24 sends its key)', async () => {
		const call = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			jsonRequest(payloads.wazzupIncoming, {
				headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
			}),
		);
		expect(call.response.status).toBe(200);
		expect(call.run!.items('Leads')).toEqual([
			expect.objectContaining({
				name: 'Вера',
				phone: '+79269876543',
				messenger: expect.objectContaining({ platform: 'wazzup' }),
			}),
		]);
	});

	test('with authentication switched off a request without the secret is accepted', async () => {
		const open = withParameters({ authentication: 'none' });
		delete open.nodes[0].credentials;
		const call = await callWebhook(
			harness,
			open,
			'Lead Capture',
			jsonRequest(
				{ name: 'A', phone: '89161234567' },
				{ headers: { 'content-type': 'application/json' } },
			),
		);
		expect(call.response.status).toBe(200);
		expect(call.run!.items('Leads')).toHaveLength(1);
	});

	test('with the secret required but no credential chosen, the request fails with "No shared secret is set"', async () => {
		const unset = structuredClone(fixture);
		delete unset.nodes.find((n) => n.name === 'Lead Capture')!.credentials;
		const failure = await callWebhook(
			harness,
			unset,
			'Lead Capture',
			jsonRequest({ name: 'A', phone: '89161234567' }),
		).catch((e: Error) => e);
		expect((failure as Error).message).toBe('No shared secret is set');
	});

	test('a chosen credential n8n cannot load (its database busy) fails with n8n\'s own error, not "No shared secret is set"', async () => {
		// Seen in queue mode under a burst: PostgreSQL's pool timed out while the webhook read the credential.
		const unreadable = new WorkflowHarness();
		const failure = await callWebhook(
			unreadable,
			fixture,
			'Lead Capture',
			jsonRequest({ name: 'A', phone: '89161234567' }),
		).catch((e: Error) => e);
		expect(failure).toBeInstanceOf(Error);
		expect((failure as Error).message).not.toBe('No shared secret is set');
	});

	test('an oversized body is refused with 413, never echoed, and starts nothing', async () => {
		const big = { name: 'A', phone: '89161234567', message: 'x'.repeat(200 * 1024) };
		const call = await callWebhook(harness, fixture, 'Lead Capture', jsonRequest(big));
		expect(call.response.status).toBe(413);
		expect(JSON.stringify(call.response.body)).not.toContain('xxxx');
		expect(call.run).toBeUndefined();
		const allowed = await callWebhook(
			harness,
			withParameters({ options: { maxBodyKb: 300 } }),
			'Lead Capture',
			jsonRequest(big),
		);
		expect(allowed.response.status).toBe(200);
	});

	test('a multipart form is read from the fields n8n puts in body.data; its size comes from Content-Length', async () => {
		const multipart = {
			data: { Name: 'Пётр', Phone: '8 903 111-22-33', utm_source: 'vk' },
			files: {},
		};
		const call = await callWebhook(harness, fixture, 'Lead Capture', {
			headers: {
				'content-type': 'multipart/form-data; boundary=----x',
				'content-length': '512',
				'x-webhook-secret': SECRET,
			},
			body: multipart,
			rawBody: Buffer.alloc(0),
		});
		expect(call.run!.items('Leads')).toEqual([
			expect.objectContaining({
				name: 'Пётр',
				phone: '+79031112233',
				utm: expect.objectContaining({ source: 'vk' }),
			}),
		]);
		const tooBig = await callWebhook(harness, fixture, 'Lead Capture', {
			headers: {
				'content-type': 'multipart/form-data; boundary=----x',
				'content-length': String(5 * 1024 * 1024),
				'x-webhook-secret': SECRET,
			},
			body: multipart,
			rawBody: Buffer.alloc(0),
		});
		expect(tooBig.response.status).toBe(413);
	});

	test('a malformed body comes out on Invalid with the reason and the raw payload', async () => {
		const text = '{"Name": "Иван", "Phone": ';
		const call = await callWebhook(harness, fixture, 'Lead Capture', {
			headers: { 'content-type': 'text/plain', 'x-webhook-secret': SECRET },
			body: text,
			rawBody: Buffer.from(text),
		});
		expect(call.response.status).toBe(200);
		expect(call.run!.items('Leads')).toEqual([]);
		expect(call.run!.items('Invalid requests')).toEqual([
			expect.objectContaining({
				invalidReason: 'the body looks like JSON but is not valid JSON',
				raw: text,
				contentType: 'text/plain',
			}),
		]);
	});

	test('a request without a usable contact comes out on Invalid, the lead on Lead, in one request', async () => {
		const call = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			jsonRequest([{ name: 'Без телефона' }, { name: 'С телефоном', phone: '+7 916 123 45 67' }]),
		);
		expect(call.response.body).toEqual({ ok: true, leads: 1, invalid: 1 });
		expect(call.run!.items('Leads').map((l) => l.name)).toEqual(['С телефоном']);
		expect(call.run!.items('Invalid requests')).toEqual([
			expect.objectContaining({
				invalidReason: 'no valid phone or email to contact the client',
				raw: { name: 'Без телефона' },
			}),
		]);
	});

	test('messenger webhooks: a Telegram contact is a lead; a WhatsApp delivery status is answered and ignored', async () => {
		const telegram = await callWebhook(
			harness,
			withParameters({ preset: 'messenger' }),
			'Lead Capture',
			jsonRequest(payloads.telegramContactUpdate),
		);
		expect(telegram.run!.items('Leads')).toEqual([
			expect.objectContaining({ phone: '+79161234567', channel: 'telegram' }),
		]);
		const status = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			jsonRequest(payloads.whatsAppCloudStatus),
		);
		expect(status.response).toMatchObject({
			status: 200,
			body: { ok: true, ignored: ['a WhatsApp delivery status'] },
		});
		expect(status.run).toBeUndefined();
	});

	test('custom field mapping reads nested fields', async () => {
		const mapped = withParameters({
			preset: 'custom',
			mapping: {
				fields: [
					{ field: 'phone', path: 'client.tel' },
					{ field: 'name', path: 'client.fio' },
					{ field: 'form', path: 'query.form' },
				],
			},
		});
		const call = await callWebhook(
			harness,
			mapped,
			'Lead Capture',
			jsonRequest(
				{ client: { tel: '8 916 123 45 67', fio: 'Иван' } },
				{ query: { form: 'Партнёры' } },
			),
		);
		expect(call.run!.items('Leads')).toEqual([
			expect.objectContaining({ name: 'Иван', phone: '+79161234567', form: 'Партнёры' }),
		]);
	});

	test('answers the sender before the workflow runs (responseMode onReceived)', () => {
		expect(new LeadCapture().description.webhooks).toEqual([
			expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived' }),
		]);
	});

	test('the credential test refuses a short or URL-unsafe secret', async () => {
		const test = new LeadCapture().methods.credentialTest.leadCaptureSecretTest;
		const check = (secret: string) =>
			test.call({} as never, {
				id: '1',
				name: 's',
				type: 'leadCaptureSecretApi',
				data: { secret },
			});
		expect(await check('short')).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('at least 16'),
		});
		expect(await check('long enough but has spaces')).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('letters, digits'),
		});
		expect(await check(SECRET)).toMatchObject({ status: 'OK' });
	});

	test('a chunked multipart upload (no Content-Length) is measured by the files received: 3 MB gets 413', async () => {
		const call = await callWebhook(harness, fixture, 'Lead Capture', {
			headers: {
				'content-type': 'multipart/form-data; boundary=----x',
				'transfer-encoding': 'chunked',
				'x-webhook-secret': SECRET,
			},
			body: {
				data: { Name: 'Пётр', Phone: '8 903 111-22-33' },
				// What n8n's formidable hands over: file descriptions, the bytes already on disk.
				files: {
					upload: { size: 3 * 1024 * 1024, originalFilename: 'big.bin', filepath: '/tmp/x' },
				},
			},
		});
		expect(call.response.status).toBe(413);
		expect(call.workflowData).toBeUndefined();
	});

	test.each<[string, Partial<FakeRequest>]>([
		['no body', { body: undefined }],
		['a JSON null', { body: null, headers: { 'content-type': 'application/json' } }],
		['a number', { body: 7, headers: { 'content-type': 'application/json' } }],
		[
			'a bracket key 5,000 levels deep',
			{
				body: { [`f${'[a]'.repeat(5000)}`]: '1' },
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			},
		],
		[
			'a same-length secret with a 2-byte character',
			{
				body: { Phone: '89031112233' },
				headers: { 'x-webhook-secret': `${SECRET.slice(0, -1)}я` },
			},
		],
	])('without the secret, %s gets 401 and starts nothing', async (_what, request) => {
		const call = await callWebhook(harness, fixture, 'Lead Capture', {
			rawBody: Buffer.alloc(0),
			...request,
		});
		expect(call.response.status).toBe(401);
		expect(call.workflowData).toBeUndefined();
	});

	test('a lead with a JSON extra field 10,000 levels deep comes out on Lead, the deep part kept as text', async () => {
		const text = `{"name":"Анна","phone":"89031112233","extra":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
		const call = await callWebhook(harness, fixture, 'Lead Capture', jsonText(text));
		expect(call.response.body).toEqual({ ok: true, leads: 1, invalid: 0 });
		const [lead] = call.run!.items('Leads');
		expect(lead).toMatchObject({ name: 'Анна', phone: '+79031112233' });
		expect(lead.warnings).toEqual([
			`raw.extra${'.a'.repeat(31)}: nested deeper than 32 levels, kept as text`,
		]);
		expect(() => structuredClone(lead)).not.toThrow();
		expect(JSON.stringify(lead).length).toBeLessThan(5_000);
	});

	test('a form lead with a bracket key 5,000 levels deep comes out on Lead; the key past 32 levels is kept as one key', async () => {
		const text = `Phone=89031112233&fields${'%5Ba%5D'.repeat(5000)}=x`;
		const call = await callWebhook(
			harness,
			fixture,
			'Lead Capture',
			urlencoded(text, { query: { secret: SECRET } }),
		);
		expect(call.response.status).toBe(200);
		const [lead] = call.run!.items('Leads');
		expect(lead.phone).toBe('+79031112233');
		expect(lead.warnings).toEqual([
			expect.stringMatching(/^the key "fields\[a\]\[a\].*nests deeper than 32 levels/),
		]);
		expect(() => structuredClone(lead)).not.toThrow();
	});

	test('an invalid request nested too deep still comes out on Invalid, JSON-serialisable', async () => {
		const text = `{"note":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
		const call = await callWebhook(harness, fixture, 'Lead Capture', jsonText(text));
		const [invalid] = call.run!.items('Invalid requests');
		expect(invalid.invalidReason).toBe('no valid phone or email to contact the client');
		expect(invalid.warnings).toEqual([
			`raw.note${'[0]'.repeat(31)}: nested deeper than 32 levels, kept as text`,
		]);
		expect(() => JSON.stringify(invalid)).not.toThrow();
	});

	test('publishing registers nothing and refuses a shared secret that is empty; with Authentication None it passes', async () => {
		expect(await runWebhookLifecycle(harness, fixture, 'Lead Capture', 'activate')).toMatchObject({
			existed: false,
			created: true,
		});
		expect(await runWebhookLifecycle(harness, fixture, 'Lead Capture', 'deactivate')).toMatchObject(
			{ deleted: true },
		);
		const empty = new WorkflowHarness().setCredentials(
			'leadCaptureSecretApi',
			{ secret: '' },
			'secret-1',
		);
		await expect(runWebhookLifecycle(empty, fixture, 'Lead Capture', 'activate')).rejects.toThrow(
			'No shared secret is set',
		);
		expect(
			await runWebhookLifecycle(
				empty,
				withParameters({ authentication: 'none' }),
				'Lead Capture',
				'activate',
			),
		).toMatchObject({ created: true });
	});
});
