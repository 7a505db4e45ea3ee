import { parse as parseQueryString } from 'node:querystring';

import { callWebhook, type FakeRequest } from '../harness/webhooks';
import { startRedis } from '../../scripts/lib/services';
import * as payloads from '../fixtures/capture/payloads';
import { seededAccount, type SeededAccount } from '../support/crmFacts';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import { crmState, newSince } from '../support/crmState';
import { CAPTURE_SECRET, preparedTemplate, TEST_CREDENTIALS, withNode } from '../support/templates';

const CAPTURE = 'Website form or chat';

/** A Tilda POST as n8n's webhook server hands it over: urlencoded, parsed flat, the secret in the URL. */
function tildaPost(fields: Record<string, string>): FakeRequest {
	const text = new URLSearchParams(fields).toString();
	return {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		query: { secret: CAPTURE_SECRET },
		body: { ...parseQueryString(text) },
		rawBody: Buffer.from(text),
	};
}

const SETUP: Record<string, Record<string, string>> = {
	amocrm: { Managers: '1000002, 1000003, 1000004' },
	bitrix24: { Managers: '2, 3, 4' },
};

describe.each(CRMS)('template 1 «Lead capture → deal and first call» on %s (emulator with its real limits)', (crm) => {
	let world: CrmWorld;
	let seeded: SeededAccount;
	beforeAll(async () => {
		world = await startCrmWorld(crm);
		world.harness.setCredentials('leadCaptureSecretApi', { secret: CAPTURE_SECRET }, TEST_CREDENTIALS.leadCaptureSecretApi.id);
		seeded = await seededAccount(world);
	});
	afterAll(() => world.close());

	test('a Tilda request becomes a deal with its contact in the first stage, tagged, with a first call due in 20 minutes', async () => {
		const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
		const before = await crmState(world);
		const call = await callWebhook(world.harness, workflow, CAPTURE, tildaPost({ ...payloads.tildaForm, Phone: '8 (916) 700-11-22', Email: 'Olga.New@Example.RU', tranid: '900001:1' }));
		expect(call.response.status).toBe(200);
		expect(call.run?.status).toBe('success');
		const created = newSince(before, await crmState(world));
		expect(created.deals).toHaveLength(1);
		const deal = created.deals[0];
		expect(deal).toMatchObject({
			pipelineName: crm === 'amocrm' ? 'Воронка агентства' : 'Общая',
			stageName: crm === 'amocrm' ? 'Пришел новый лид' : 'Новая',
			semantics: 'open',
		});
		expect(SETUP[crm].Managers.split(', ')).toContain(deal.responsibleUserId);
		const contact = created.contacts.find((c) => deal.contactIds.includes(c.id))!;
		expect(contact.phones).toEqual(['+79167001122']);
		const [task] = created.tasks;
		expect(task).toMatchObject({ dealId: deal.id, responsibleUserId: deal.responsibleUserId, completed: false });
		expect(task.dueMs - task.createdMs).toBeGreaterThan(19 * 60_000);
		expect(task.dueMs - task.createdMs).toBeLessThanOrEqual(21 * 60_000);
		// Tags: the class (A/B/C: a form without budget or urgency is C) and the manager's first name.
		const manager = (await crmState(world)).users.find((u) => u.id === deal.responsibleUserId)!;
		expect(deal.tags.sort()).toEqual(['C', manager.name.split(' ')[0]].sort());
		expect(deal.name).toBe('Заявка на аудит: Иван Петров');
	});

	test('the same submission sent twice (a retried webhook) makes one deal', async () => {
		const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
		const before = await crmState(world);
		const request = tildaPost({ ...payloads.tildaForm, Phone: '8 (916) 700-22-33', Email: 'twice@example.ru', tranid: '900002:1' });
		const first = await callWebhook(world.harness, workflow, CAPTURE, request);
		const second = await callWebhook(world.harness, workflow, CAPTURE, request);
		expect(second.run!.items('Already received (same submission)')).toHaveLength(1);
		expect(first.run!.items('Already received (same submission)')).toHaveLength(0);
		expect(newSince(before, await crmState(world)).deals).toHaveLength(1);
	});

	test('a client with a deal in work gets «Дубль» and a note on that deal, and no second deal', async () => {
		const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
		const client = seeded.ownedByResponsible;
		const before = await crmState(world);
		const dealBefore = before.deals.find((d) => d.id === client.dealId)!;
		const call = await callWebhook(world.harness, workflow, CAPTURE, tildaPost({ Name: client.name, Phone: client.phone, Comments: 'Напомните цену', tranid: '900003:1', formname: 'Заявка на аудит' }));
		expect(call.run!.items('Client in work: deal tagged «Дубль» and noted')).toHaveLength(1);
		const after = await crmState(world);
		const changes = newSince(before, after);
		expect(changes.deals).toEqual([]);
		expect(after.deals.find((d) => d.id === client.dealId)!.tags.sort()).toEqual([...dealBefore.tags, 'Дубль'].sort());
		expect(changes.notes).toEqual([{ dealId: client.dealId, text: expect.stringContaining('Напомните цену') }]);
		expect(changes.tasks).toEqual([]);
	});

	test('a former client (deal closed as lost) gets a new deal on their own contact, given to a manager in turn', async () => {
		const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
		const client = seeded.formerClient;
		const before = await crmState(world);
		const call = await callWebhook(world.harness, workflow, CAPTURE, tildaPost({ Name: client.name, Phone: client.phone, tranid: '900004:1', formname: 'Повторная заявка' }));
		expect(call.run?.status).toBe('success');
		const changes = newSince(before, await crmState(world));
		expect(changes.contacts).toEqual([]);
		expect(changes.deals).toHaveLength(1);
		expect(changes.deals[0]).toMatchObject({ contactIds: [client.contactId], semantics: 'open', name: `Повторная заявка: ${client.name}` });
		expect(SETUP[crm].Managers.split(', ')).toContain(changes.deals[0].responsibleUserId);
		expect(changes.tasks.map((t) => t.dealId)).toEqual([changes.deals[0].id]);
	});

	test('a client whose deal was won writes again: the new deal goes to the manager who owns them', async () => {
		const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
		const before = await crmState(world);
		// A won client the CRM finds by phone, with no other deal: theirs is the only deal of the contact.
		const won = before.deals.find((d) => {
			if (d.semantics !== 'won' || d.contactIds.length !== 1) return false;
			const contact = before.contacts.find((c) => c.id === d.contactIds[0]);
			const phone = contact?.phones[0] ?? '';
			return /^\+79\d{9}$/.test(phone) && before.deals.filter((x) => x.contactIds.includes(contact!.id)).length === 1 && before.contacts.filter((c) => c.phones.some((p) => p.replace(/\D/g, '').endsWith(phone.slice(-10)))).length === 1;
		})!;
		const contact = before.contacts.find((c) => c.id === won.contactIds[0])!;
		const call = await callWebhook(world.harness, workflow, CAPTURE, tildaPost({ Name: contact.name, Phone: contact.phones[0], tranid: '900005:1', formname: 'Заявка на аудит' }));
		expect(call.run!.items('Keep the client\'s manager')).toHaveLength(1);
		const changes = newSince(before, await crmState(world));
		expect(changes.deals).toHaveLength(1);
		expect(changes.deals[0]).toMatchObject({ contactIds: [contact.id], responsibleUserId: won.responsibleUserId });
		expect(changes.tasks[0]).toMatchObject({ dealId: changes.deals[0].id, responsibleUserId: won.responsibleUserId });
	});

	test('a request without a phone or email goes to Invalid and writes nothing', async () => {
		const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
		await world.control('DELETE', 'requests');
		const call = await callWebhook(world.harness, workflow, CAPTURE, tildaPost({ Name: 'Без контактов', tranid: '900006:1' }));
		expect(call.run!.items('Invalid request (reason in the item)')).toEqual([expect.objectContaining({ invalidReason: expect.any(String) })]);
		expect(await world.requestCount()).toBe(0);
	});

	describe('the same person more than once: one contact, one deal', () => {
		const jsonPost = (body: unknown): FakeRequest => ({
			headers: { 'content-type': 'application/json', 'x-webhook-secret': CAPTURE_SECRET },
			body,
			rawBody: Buffer.from(JSON.stringify(body)),
		});
		/** What a manager reads on the deal: amoCRM notes; Bitrix24 the deal's comment and its timeline comments. */
		async function dealText(dealId: string): Promise<string> {
			const state = await crmState(world);
			const notes = state.notes.filter((n) => n.dealId === dealId).map((n) => n.text);
			if (crm === 'amocrm') return notes.join('\n');
			const raw = await world.control<{ deals: Array<{ ID: unknown; COMMENTS?: string }> }>('GET', 'state');
			return [raw.deals.find((d) => String(d.ID) === dealId)?.COMMENTS ?? '', ...notes].join('\n');
		}

		test('a JSON array with one new person three times (three spellings) makes one contact and one deal, noting the repeats', async () => {
			const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
			const before = await crmState(world);
			const call = await callWebhook(world.harness, workflow, CAPTURE, jsonPost([
				{ name: 'Тройной Клиент', phone: '+7 916 701-11-22', message: 'Первая заявка' },
				{ name: 'Тройной Клиент', phone: '89167011122', email: 'Triple@Example.ru', message: 'Вторая заявка' },
				{ name: 'Тройной', email: 'triple@example.ru', message: 'Третья заявка' },
				{ name: 'Другой Человек', phone: '+7 916 701-99-00' },
			]));
			expect(call.response.status).toBe(200);
			expect(call.run?.status).toBe('success');
			expect(call.run!.items("Repeat: joins the first request's deal")).toHaveLength(2);
			const changes = newSince(before, await crmState(world));
			expect(changes.contacts.filter((c) => c.phones.includes('+79167011122'))).toHaveLength(1);
			expect(changes.deals).toHaveLength(2);
			const deal = changes.deals.find((d) => d.name.includes('Тройной Клиент'))!;
			expect(deal.tags).toContain('Дубль');
			const text = await dealText(deal.id);
			expect(text).toContain('Первая заявка');
			expect(text).toContain('Вторая заявка');
			expect(text).toContain('Третья заявка');
			expect(changes.tasks.map((t) => t.dealId).sort()).toEqual(changes.deals.map((d) => d.id).sort());
		});

		test('a Wazzup24 delivery with several messages from one chat makes one deal with every message', async () => {
			const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
			const before = await crmState(world);
			const message = (id: string, text: string, minute: number) => ({
				...payloads.wazzupIncoming.messages[0],
				messageId: id,
				chatId: '79269870011',
				contact: { name: 'Вера Чат' },
				text,
				dateTime: `2025-11-23T09:1${minute}:00.000Z`,
			});
			const call = await callWebhook(world.harness, workflow, CAPTURE, jsonPost({
				messages: [message('wz-1', 'Здравствуйте', 0), message('wz-2', 'Сколько стоит курс?', 1), message('wz-3', 'Жду ответа', 2)],
			}));
			expect(call.run?.status).toBe('success');
			const changes = newSince(before, await crmState(world));
			expect(changes.deals).toHaveLength(1);
			expect(changes.contacts.filter((c) => c.phones.includes('+79269870011'))).toHaveLength(1);
			const text = await dealText(changes.deals[0].id);
			for (const said of ['Здравствуйте', 'Сколько стоит курс?', 'Жду ответа']) expect(text).toContain(said);
			expect(changes.tasks).toHaveLength(1);
		});

		test('a client with a deal in work, twice in one request: no new deal, the repeats noted on their deal', async () => {
			const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
			const client = seeded.ownedByResponsible;
			const before = await crmState(world);
			const call = await callWebhook(world.harness, workflow, CAPTURE, jsonPost([
				{ name: client.name, phone: client.phone, message: 'Перезвоните мне' },
				{ name: client.name, phone: client.phone, message: 'Ещё раз: перезвоните' },
			]));
			expect(call.run!.items('Client in work: deal tagged «Дубль» and noted')).toHaveLength(1);
			expect(call.run!.items("Repeat: joins the first request's deal")).toHaveLength(1);
			const changes = newSince(before, await crmState(world));
			expect(changes.deals).toEqual([]);
			expect(changes.contacts).toEqual([]);
			expect(changes.notes).toHaveLength(1);
			expect(changes.notes[0]).toMatchObject({ dealId: client.dealId });
			expect(changes.notes[0].text).toContain('Перезвоните мне');
			expect(changes.notes[0].text).toContain('Ещё раз: перезвоните');
		});

		test.each([
			['claimed in this n8n process (the template default)', 'process'],
			['claimed in Redis', 'redis'],
		])('the same new person posted twice at the same moment in two spellings makes one deal: %s', async (_how, store) => {
			let workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
			const redis = store === 'redis' ? await startRedis() : null;
			try {
				if (redis) {
					world.harness.setCredentials('redis', { host: redis.host, port: redis.port }, 'redis-claims');
					workflow = withNode(workflow, `Find the client in ${crm === 'amocrm' ? 'amoCRM' : 'Bitrix24'}`, (node) => {
						node.parameters.claimStore = 'redis';
						node.credentials = { ...node.credentials, redis: { id: 'redis-claims', name: 'Redis' } };
					});
				}
				const before = await crmState(world);
				const phone = store === 'redis' ? ['+7 916 702-33-44', '8 916 702 33 44'] : ['+7 916 702-55-66', '89167025566'];
				const calls = await Promise.all(
					phone.map((p, k) => callWebhook(world.harness, workflow, CAPTURE, jsonPost({ name: 'Двойной Клиент', phone: p, message: `Заявка ${k + 1}` }))),
				);
				expect(calls.map((c) => c.run?.status)).toEqual(['success', 'success']);
				const changes = newSince(before, await crmState(world));
				expect(changes.deals).toHaveLength(1);
				expect(changes.contacts).toHaveLength(1);
				const joined = calls.flatMap((c) => c.run!.items('Client in work: deal tagged «Дубль» and noted'));
				expect(joined).toHaveLength(1);
				expect((joined[0].duplicateOf as { dealId: string; concurrentExecutionId?: string })).toMatchObject({ dealId: changes.deals[0].id, concurrentExecutionId: expect.any(String) });
				expect(changes.deals[0].tags).toContain('Дубль');
			} finally {
				await redis?.stop();
			}
		});
	});

	describe('when the CRM refuses', () => {
		const table = crm === 'amocrm' ? 'Leads waiting for amoCRM' : 'Leads waiting for Bitrix24';
		const credentialType = crm === 'amocrm' ? 'amoCrmApi' : 'bitrix24WebhookApi';
		const retry = () => world.harness.run(prepareWith(preparedTemplate(world, '1-lead-capture', SETUP[crm]), () => false), { trigger: { node: 'Retry every 15 minutes' } });
		beforeAll(() => {
			const refused: Record<string, string | number> = crm === 'amocrm'
				? { zone: 'sandbox', sandboxUrl: world.url, accessToken: 'revoked-token', requestsPerSecond: 7 }
				: { environment: 'sandbox', webhookUrl: `${world.url}/rest/1/revokedsecret/` };
			world.harness.setCredentials(credentialType, refused, 'refused');
		});

		test('the request waits in the Data Table, and the retry creates it tagged «Не упала в CRM» and empties the table', async () => {
			const before = await crmState(world);
			const offline = prepareWith(preparedTemplate(world, '1-lead-capture', SETUP[crm]), () => true);
			const call = await callWebhook(world.harness, offline, CAPTURE, tildaPost({ ...payloads.tildaForm, Name: 'Ждущий Клиент', Phone: '+7 916 700-33-44', Email: 'waiting@example.ru', tranid: '900010:1' }));
			expect(call.run?.status).toBe('success');
			const waiting = world.harness.dataTables.rows(table);
			expect(waiting).toEqual([expect.objectContaining({ key: '+79167003344', name: 'Ждущий Клиент', phone: '+79167003344', email: 'waiting@example.ru', form: 'Заявка на аудит', externalId: '900010:1', utmSource: 'yandex', attempts: 1 })]);
			expect(waiting[0].lastError).toMatch(crm === 'amocrm' ? /401|authori[sz]/i : /NO_AUTH_FOUND|401|auth/i);
			expect(newSince(before, await crmState(world)).deals).toEqual([]);

			// Still refused at the next retry: the same row, one more attempt.
			const again = await world.harness.run(prepareWith(preparedTemplate(world, '1-lead-capture', SETUP[crm]), () => true), { trigger: { node: 'Retry every 15 minutes' } });
			expect(again.status).toBe('success');
			expect(world.harness.dataTables.rows(table)).toEqual([expect.objectContaining({ key: '+79167003344', attempts: 2 })]);

			const run = await retry();
			expect(run.status).toBe('success');
			expect(world.harness.dataTables.rows(table)).toEqual([]);
			const changes = newSince(before, await crmState(world));
			expect(changes.deals).toHaveLength(1);
			expect(changes.deals[0].tags).toEqual(expect.arrayContaining(['Не упала в CRM', 'C']));
			expect(changes.deals[0]).toMatchObject({ name: 'Заявка на аудит: Ждущий Клиент', semantics: 'open' });
			expect(changes.tasks.map((t) => t.dealId)).toEqual([changes.deals[0].id]);
		});

		test('a deal refused after its contact was made is created later on that contact, not on a second one', async () => {
			const before = await crmState(world);
			const dealNode = crm === 'amocrm' ? 'Create the deal with its contact' : 'Create the deal in Bitrix24';
			const flow = prepareWith(preparedTemplate(world, '1-lead-capture', SETUP[crm]), (name) => name === dealNode);
			await callWebhook(world.harness, flow, CAPTURE, tildaPost({ Name: 'Пол Дела', Phone: '+7 916 700-44-55', tranid: '900011:1', formname: 'Заявка на аудит' }));
			expect(world.harness.dataTables.rows(table)).toEqual([expect.objectContaining({ phone: '+79167004455', attempts: 1 })]);
			const madeContacts = newSince(before, await crmState(world)).contacts;
			// Bitrix24 makes the contact in its own step, before the deal; amoCRM makes both in one request.
			expect(madeContacts).toHaveLength(crm === 'bitrix24' ? 1 : 0);

			expect((await retry()).status).toBe('success');
			const changes = newSince(before, await crmState(world));
			expect(changes.contacts.filter((c) => c.phones.includes('+79167004455'))).toHaveLength(1);
			expect(changes.deals).toHaveLength(1);
			expect(changes.deals[0].contactIds).toEqual([changes.contacts[0].id]);
			expect(changes.deals[0].tags).toContain('Не упала в CRM');
			expect(world.harness.dataTables.rows(table)).toEqual([]);
		});

		if (crm === 'amocrm') {
			test('amoCRM refusing writes (402, unpaid account) keeps the lead waiting until it is paid', async () => {
				const before = await crmState(world);
				await world.control('POST', 'limits', { paymentRequired: true });
				try {
					await callWebhook(world.harness, preparedTemplate(world, '1-lead-capture', SETUP[crm]), CAPTURE, tildaPost({ Name: 'Неоплаченный', Phone: '+7 916 700-55-66', tranid: '900012:1' }));
					expect(world.harness.dataTables.rows(table)).toEqual([expect.objectContaining({ phone: '+79167005566', lastError: expect.stringMatching(/402|[Pp]ayment/) })]);
				} finally {
					await world.control('POST', 'limits', { paymentRequired: false });
				}
				await retry();
				expect(newSince(before, await crmState(world)).deals.map((d) => d.tags.includes('Не упала в CRM'))).toEqual([true]);
				expect(world.harness.dataTables.rows(table)).toEqual([]);
			});
		}

		/**
		 * The template with the chosen CRM nodes pointed at the refused credential. The retries here come at once, not 15
		 * minutes later: the claim of the refused execution (10 minutes) would hold them, so these runs claim nothing.
		 */
		function prepareWith(workflow: ReturnType<typeof preparedTemplate>, refused: (node: string) => boolean) {
			let flow = withNode(workflow, `Find the client in ${crm === 'amocrm' ? 'amoCRM' : 'Bitrix24'}`, (n) => (n.parameters.claimStore = 'none'));
			for (const node of workflow.nodes.filter((n) => n.credentials?.[credentialType] && refused(n.name))) {
				flow = withNode(flow, node.name, (n) => (n.credentials![credentialType] = { id: 'refused', name: 'revoked' }));
			}
			return flow;
		}
	});
});
