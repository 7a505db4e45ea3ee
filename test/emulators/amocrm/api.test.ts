import http from 'node:http';

import type { RunningEmulator } from './index';
import { EmulatorClient, startEmulator } from './testClient';

function rawGet(url: string, headers: Record<string, string>): Promise<string> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve(text));
			})
			.on('error', reject);
	});
}

const AGENCY = 7_100_001;
const WEBINAR = 7_100_002;

describe('amoCRM emulator: the documented API behaviour', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;

	beforeAll(async () => {
		({ emulator, client: api } = await startEmulator({ limits: false }));
	});
	afterAll(() => emulator.close());
	beforeEach(() => api.control('POST', '/reset'));

	describe('pipelines and the account', () => {
		test('every pipeline has an incoming stage and the shared won 142 / lost 143 stages', async () => {
			const answer = await api.get('/api/v4/leads/pipelines');
			expect(answer.status).toBe(200);
			// Exactly the documented type: a client comparing the string must recognise it.
			expect(answer.headers.get('content-type')).toBe('application/hal+json');
			const pipelines = answer.body._embedded.pipelines;
			expect(pipelines.map((p: { name: string }) => p.name)).toEqual([
				'Воронка агентства',
				'Вебинар',
			]);
			for (const pipeline of pipelines) {
				const statuses = pipeline._embedded.statuses;
				expect(statuses[0]).toMatchObject({ name: 'Неразобранное', type: 1 });
				expect(statuses.map((s: { id: number }) => s.id)).toEqual(
					expect.arrayContaining([142, 143]),
				);
			}
			const webinar = pipelines[1]._embedded.statuses.map((s: { name: string }) => s.name);
			expect(webinar).toEqual(
				expect.arrayContaining([
					'Был на вебинаре более часа',
					'Проявил активность на вебинаре',
					'Был на вебинаре менее часа',
					'Думает(поговорили)',
					'Недозвонились до клиента. Европа',
				]),
			);
		});

		test('the seed has the loss reasons of seed 001, five managers plus the head of sales, a leaver and a free seat', async () => {
			const reasons = await api.get('/api/v4/leads/loss_reasons');
			expect(reasons.body._embedded.loss_reasons.map((r: { name: string }) => r.name)).toEqual(
				expect.arrayContaining([
					'Дорого',
					'Не дозвонились более 3-х раз',
					'Недозвон. Европа',
					'Без причины',
				]),
			);
			const users = await api.get('/api/v4/users');
			expect(users.body._total_items).toBe(8);
			type Rights = { rights: { is_admin: boolean; is_active: boolean; is_free: boolean } };
			const list: Rights[] = users.body._embedded.users;
			expect(list.filter((u) => u.rights.is_admin)).toHaveLength(1);
			expect(list.filter((u) => !u.rights.is_active)).toHaveLength(1);
			expect(list.filter((u) => u.rights.is_free)).toHaveLength(1);
		});

		test('the account tells the current user and, when asked, its task types', async () => {
			const answer = await api.get('/api/v4/account?with=task_types,is_api_filter_enabled');
			expect(answer.body).toMatchObject({
				subdomain: 'salesfunnel',
				current_user_id: 1_000_001,
				is_api_filter_enabled: false,
			});
			expect(answer.body._embedded.task_types.map((t: { id: number }) => t.id)).toEqual(
				expect.arrayContaining([1, 2]),
			);
		});
	});

	describe('lists', () => {
		test('an empty list answers 204 with no body', async () => {
			const answer = await api.get('/api/v4/contacts?query=nobody-has-this-text');
			expect(answer.status).toBe(204);
			expect(answer.text).toBe('');
		});

		test('pages follow _links.next and stop when it is gone', async () => {
			const seen = new Set<number>();
			let path: string | undefined = '/api/v4/leads?limit=250';
			let pages = 0;
			while (path) {
				const answer = await api.get(path);
				pages++;
				for (const lead of answer.body._embedded.leads) seen.add(lead.id);
				path = answer.body._links.next?.href.replace(emulator.url, '');
			}
			const state = await api.state();
			expect(seen.size).toBe(state.counts.leads);
			expect(pages).toBe(Math.ceil(state.counts.leads / 250));
		});

		test('a limit above 250 answers 422 "Limit 250 per page"', async () => {
			const answer = await api.get('/api/v4/leads?limit=500');
			expect(answer.status).toBe(422);
			expect(answer.headers.get('content-type')).toBe('application/problem+json');
			expect(answer.body).toMatchObject({
				title: 'Unprocessable Entity',
				status: 422,
				detail: 'Limit 250 per page',
			});
		});

		test('filters by pipeline and stage pairs, responsible user and creation time', async () => {
			const state = await api.state();
			const thinking = state.pipelines[1].statuses.find(
				(s: { name: string }) => s.name === 'Думает(поговорили)',
			).id;
			const answer = await api.get(
				`/api/v4/leads?filter[statuses][0][pipeline_id]=${WEBINAR}&filter[statuses][0][status_id]=${thinking}&limit=250`,
			);
			const expected = state.leads.filter(
				(l: { pipeline_id: number; status_id: number }) =>
					l.pipeline_id === WEBINAR && l.status_id === thinking,
			);
			expect(answer.body._embedded.leads.map((l: { id: number }) => l.id).sort()).toEqual(
				expected.map((l: { id: number }) => l.id).sort(),
			);
			const irina = await api.get('/api/v4/leads?filter[responsible_user_id][]=1000003&limit=250');
			expect(
				irina.body._embedded.leads.every(
					(l: { responsible_user_id: number }) => l.responsible_user_id === 1_000_003,
				),
			).toBe(true);
		});

		test('custom-field filters are silently ignored unless API filtering is on', async () => {
			const all = await api.get(
				'/api/v4/leads?limit=1&filter[custom_fields_values][1200101][]=Никогда',
			);
			expect(all.status).toBe(200);
			await api.control('POST', '/limits', { apiFilter: true });
			const filtered = await api.get(
				'/api/v4/leads?limit=1&filter[custom_fields_values][1200101][]=Никогда',
			);
			expect(filtered.status).toBe(204);
		});
	});

	describe('writes', () => {
		test('a lead without a stage lands in the first stage of the main pipeline', async () => {
			const answer = await api.post('/api/v4/leads', [{ name: 'Новая заявка', request_id: 'r-1' }]);
			expect(answer.status).toBe(200);
			expect(answer.body._embedded.leads[0]).toMatchObject({ request_id: 'r-1' });
			const lead = await api.get(`/api/v4/leads/${answer.body._embedded.leads[0].id}`);
			expect(lead.body).toMatchObject({
				pipeline_id: AGENCY,
				status_id: 58_100_002,
				responsible_user_id: 1_000_001,
			});
		});

		test('an empty write answers 400 "Request data can not be empty"; more than 250 items 422', async () => {
			const empty = await api.post('/api/v4/leads', []);
			expect(empty.status).toBe(400);
			expect(empty.body.detail).toBe('Request data can not be empty');
			const tooMany = await api.post(
				'/api/v4/leads',
				Array.from({ length: 251 }, (_, i) => ({ name: `L${i}` })),
			);
			expect(tooMany.status).toBe(422);
			expect(tooMany.body.detail).toBe('Limit 250 per page');
		});

		test('one invalid item rejects the whole batch with validation-errors naming it by request_id', async () => {
			const answer = await api.post('/api/v4/leads', [
				{ name: 'Good', request_id: 'a' },
				{ name: 'Bad', status_id: 999, pipeline_id: AGENCY, request_id: 'b' },
				{ name: 42 },
			]);
			expect(answer.status).toBe(400);
			expect(answer.body).toMatchObject({
				title: 'Bad Request',
				status: 400,
				detail: 'Request validation failed',
			});
			expect(answer.body['validation-errors']).toEqual([
				{
					request_id: 'b',
					errors: [
						{
							code: 'NotSupportedChoice',
							path: 'status_id',
							detail: 'The value you selected is not a valid choice.',
						},
					],
				},
				{
					request_id: '2',
					errors: [
						{ code: 'InvalidType', path: 'name', detail: 'This value should be of type string.' },
					],
				},
			]);
			const created = await api.get('/api/v4/leads?filter[name]=Good');
			expect(created.status).toBe(204);
		});

		test('there is no DELETE for leads or contacts', async () => {
			expect((await api.call('DELETE', '/api/v4/leads', { body: [{ id: 1 }] })).status).toBe(405);
			expect((await api.call('DELETE', '/api/v4/contacts/40000001')).status).toBe(405);
		});

		test('a loss reason is kept only in the lost stage and cleared when the lead is reopened', async () => {
			const created = await api.post('/api/v4/leads', [{ name: 'Потеряна', pipeline_id: WEBINAR }]);
			const id = created.body._embedded.leads[0].id;
			await api.patch(`/api/v4/leads/${id}`, { loss_reason_id: 21_400_001 });
			expect((await api.get(`/api/v4/leads/${id}`)).body.loss_reason_id).toBeNull();
			await api.patch(`/api/v4/leads/${id}`, { status_id: 143, loss_reason_id: 21_400_001 });
			const lost = await api.get(`/api/v4/leads/${id}?with=loss_reason`);
			expect(lost.body).toMatchObject({
				status_id: 143,
				pipeline_id: WEBINAR,
				loss_reason_id: 21_400_001,
			});
			expect(lost.body._embedded.loss_reason[0].name).toBe('Дорого');
			expect(lost.body.closed_at).toEqual(expect.any(Number));
			await api.patch(`/api/v4/leads/${id}`, { status_id: 58_200_002 });
			expect((await api.get(`/api/v4/leads/${id}`)).body).toMatchObject({
				loss_reason_id: null,
				closed_at: null,
			});
		});

		test('a stage whose field is required refuses a lead with the field empty', async () => {
			const created = await api.post('/api/v4/leads', [{ name: 'КП' }]);
			const id = created.body._embedded.leads[0].id;
			const refused = await api.patch('/api/v4/leads', [{ id, status_id: 58_100_011 }]);
			expect(refused.status).toBe(400);
			expect(refused.body['validation-errors'][0].errors[0]).toMatchObject({
				code: 'FieldRequired',
				path: 'custom_fields_values',
			});
			const accepted = await api.patch('/api/v4/leads', [
				{
					id,
					status_id: 58_100_011,
					custom_fields_values: [{ field_id: 1_200_108, values: [{ value: 15000 }] }],
				},
			]);
			expect(accepted.status).toBe(200);
		});
	});

	describe('tags', () => {
		async function leadWithTags(tags: string[]) {
			const created = await api.post('/api/v4/leads', [
				{ name: 'T', _embedded: { tags: tags.map((name) => ({ name })) } },
			]);
			return created.body._embedded.leads[0].id as number;
		}
		const tagNames = async (id: number) =>
			(await api.get(`/api/v4/leads/${id}`)).body._embedded.tags.map(
				(t: { name: string }) => t.name,
			);

		test('_embedded.tags replaces the whole set; null detaches every tag', async () => {
			const id = await leadWithTags(['A', 'Наталья']);
			await api.patch(`/api/v4/leads/${id}`, { _embedded: { tags: [{ name: 'КК' }] } });
			expect(await tagNames(id)).toEqual(['КК']);
			await api.patch(`/api/v4/leads/${id}`, { _embedded: { tags: null } });
			expect(await tagNames(id)).toEqual([]);
		});

		test('tags_to_add and tags_to_delete keep the other tags; _embedded.tags wins when both are sent', async () => {
			const id = await leadWithTags(['A', 'Наталья']);
			await api.patch('/api/v4/leads', [
				{ id, tags_to_add: [{ name: 'Дубль' }], tags_to_delete: [{ name: 'a' }] },
			]);
			expect(await tagNames(id)).toEqual(['Наталья', 'Дубль']);
			await api.patch('/api/v4/leads', [
				{ id, tags_to_add: [{ name: 'C' }], _embedded: { tags: [{ name: 'B' }] } },
			]);
			expect(await tagNames(id)).toEqual(['B']);
		});

		test("new tag names are created in the entity type's own dictionary", async () => {
			await leadWithTags(['Совсем новый тег']);
			const leadTags = await api.get(
				`/api/v4/leads/tags?filter[name]=${encodeURIComponent('Совсем новый тег')}`,
			);
			expect(leadTags.status).toBe(200);
			const contactTags = await api.get(
				`/api/v4/contacts/tags?filter[name]=${encodeURIComponent('Совсем новый тег')}`,
			);
			expect(contactTags.status).toBe(204);
		});
	});

	describe('contacts, phones and the loose query', () => {
		test('one PHONE value on update replaces every phone of the contact', async () => {
			const created = await api.post('/api/v4/contacts', [
				{
					name: 'Два номера',
					custom_fields_values: [
						{
							field_code: 'PHONE',
							values: [
								{ value: '+79990000001', enum_code: 'WORK' },
								{ value: '+79990000002', enum_code: 'MOB' },
							],
						},
						{ field_code: 'EMAIL', values: [{ value: 'two@numbers.ru' }] },
					],
				},
			]);
			const id = created.body._embedded.contacts[0].id;
			await api.patch(`/api/v4/contacts/${id}`, {
				custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79990000003' }] }],
			});
			const contact = (await api.get(`/api/v4/contacts/${id}`)).body;
			const phone = contact.custom_fields_values.find(
				(f: { field_code: string }) => f.field_code === 'PHONE',
			);
			expect(phone.values).toEqual([
				{ value: '+79990000003', enum_id: 1_300_001, enum_code: 'WORK' },
			]);
			expect(
				contact.custom_fields_values.find((f: { field_code: string }) => f.field_code === 'EMAIL')
					.values[0].value,
			).toBe('two@numbers.ru');
		});

		test('query is a loose substring: +7… does not find 8…, the last ten digits find both spellings', async () => {
			const plus = await api.get('/api/v4/contacts?query=%2B79161110009');
			expect(plus.status).toBe(204);
			const tail = await api.get('/api/v4/contacts?query=9161110009');
			expect(tail.body._embedded.contacts.map((c: { name: string }) => c.name)).toContain(
				'Виктор Лебедев',
			);
			const formatted = await api.get('/api/v4/contacts?query=9051110003');
			expect(formatted.body._embedded.contacts.map((c: { name: string }) => c.name)).toContain(
				'Галина Орлова',
			);
		});

		test('query also matches digits in unrelated fields and email case-insensitively', async () => {
			await api.post('/api/v4/contacts', [
				{
					name: 'Настоящая',
					custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79995550101' }] }],
				},
				{ name: 'ИП 9995550101 (реквизиты)' },
			]);
			const hits = await api.get('/api/v4/contacts?query=9995550101');
			expect(hits.body._embedded.contacts.map((c: { name: string }) => c.name).sort()).toEqual([
				'ИП 9995550101 (реквизиты)',
				'Настоящая',
			]);
			const email = await api.get('/api/v4/contacts?query=SVETLANA.KRYLOVA%40yandex.ru');
			expect(email.body._embedded.contacts).toHaveLength(2);
		});

		test("with=leads lists a contact's leads", async () => {
			const answer = await api.get('/api/v4/contacts?query=ang5350%40yandex.ru&with=leads');
			const [angelika] = answer.body._embedded.contacts;
			expect(angelika.name).toBe('Анжелика');
			expect(angelika._embedded.leads).toHaveLength(1);
		});
	});

	describe('complex create', () => {
		test('creates up to 50 leads with one contact each and answers a bare array', async () => {
			const batch = Array.from({ length: 50 }, (_, i) => ({
				name: `Complex ${i}`,
				request_id: `c${i}`,
				_embedded: {
					contacts: [
						{
							first_name: `Client ${i}`,
							custom_fields_values: [
								{
									field_code: 'PHONE',
									values: [{ value: `+7999100${String(i).padStart(4, '0')}` }],
								},
							],
						},
					],
					tags: [{ name: 'A' }],
				},
			}));
			const answer = await api.post('/api/v4/leads/complex', batch);
			expect(answer.status).toBe(200);
			expect(Array.isArray(answer.body)).toBe(true);
			expect(answer.body).toHaveLength(50);
			expect(answer.body[0]).toEqual({
				id: expect.any(Number),
				contact_id: expect.any(Number),
				company_id: null,
				request_id: ['c0'],
				merged: false,
			});
			const lead = await api.get(`/api/v4/leads/${answer.body[7].id}?with=contacts`);
			expect(lead.body._embedded.contacts[0]).toMatchObject({
				id: answer.body[7].contact_id,
				is_main: true,
			});
			expect(lead.body._embedded.tags[0].name).toBe('A');
		});

		test('refuses 51 leads and a second contact on one lead', async () => {
			const tooMany = await api.post(
				'/api/v4/leads/complex',
				Array.from({ length: 51 }, () => ({ name: 'x' })),
			);
			expect(tooMany.status).toBe(422);
			const twoContacts = await api.post('/api/v4/leads/complex', [
				{ name: 'x', _embedded: { contacts: [{ name: 'a' }, { name: 'b' }] } },
			]);
			expect(twoContacts.status).toBe(400);
			expect(twoContacts.body['validation-errors'][0].errors[0].path).toBe('_embedded.contacts');
		});
	});

	describe('tasks, notes, links, unsorted', () => {
		test('creates a task, completes it with a result and filters open tasks of a lead', async () => {
			const till = Math.floor(Date.now() / 1000) + 3600;
			const created = await api.post('/api/v4/tasks', [
				{
					text: 'Перезвонить',
					complete_till: till,
					entity_id: 30_000_001,
					entity_type: 'leads',
					task_type_id: 1,
					request_id: 't1',
				},
			]);
			expect(created.body._embedded.tasks[0].request_id).toBe('t1');
			const taskId = created.body._embedded.tasks[0].id;
			const open = await api.get(
				'/api/v4/tasks?filter[entity_type]=leads&filter[entity_id][]=30000001&filter[is_completed]=0',
			);
			expect(open.body._embedded.tasks.map((t: { id: number }) => t.id)).toContain(taskId);
			await api.patch(`/api/v4/tasks/${taskId}`, {
				is_completed: true,
				result: { text: 'Дозвонились' },
			});
			const done = await api.get(`/api/v4/tasks/${taskId}`);
			expect(done.body).toMatchObject({ is_completed: true, result: { text: 'Дозвонились' } });
			const missing = await api.post('/api/v4/tasks', [{ text: 'Без срока' }]);
			expect(missing.body['validation-errors'][0].errors[0]).toMatchObject({
				path: 'complete_till',
				code: 'NotBlank',
			});
		});

		test('call notes need call_status 1–8 and can be filtered by note type', async () => {
			const call = { uniq: 'abc-1', duration: 0, source: 'onlinePBX', phone: '+79161110001' };
			const bad = await api.post('/api/v4/leads/30000002/notes', [
				{ note_type: 'call_out', params: { ...call, call_status: 9 } },
			]);
			expect(bad.body['validation-errors'][0].errors[0]).toMatchObject({
				path: 'params.call_status',
				code: 'NotSupportedChoice',
			});
			const good = await api.post('/api/v4/leads/notes', [
				{ entity_id: 30_000_002, note_type: 'call_out', params: { ...call, call_status: 6 } },
			]);
			expect(good.status).toBe(200);
			const calls = await api.get('/api/v4/leads/30000002/notes?filter[note_type][]=call_out');
			expect(
				calls.body._embedded.notes.map(
					(n: { params: { call_status: number } }) => n.params.call_status,
				),
			).toEqual([6]);
		});

		test('links a contact to a lead and lists the link from both sides', async () => {
			const answer = await api.post('/api/v4/leads/30000003/link', [
				{ to_entity_id: 40_000_001, to_entity_type: 'contacts', metadata: { is_main: false } },
			]);
			expect(answer.status).toBe(200);
			const fromLead = await api.get('/api/v4/leads/30000003/links');
			expect(
				fromLead.body._embedded.links.map((l: { to_entity_id: number }) => l.to_entity_id),
			).toContain(40_000_001);
			const fromContact = await api.get(
				'/api/v4/contacts/40000001/links?filter[to_entity_type]=leads',
			);
			expect(
				fromContact.body._embedded.links.map((l: { to_entity_id: number }) => l.to_entity_id),
			).toContain(30_000_003);
		});

		test('an unsorted form lead waits in the incoming stage until accepted', async () => {
			const created = await api.post('/api/v4/leads/unsorted/forms', [
				{
					source_name: 'Сайт',
					source_uid: 'site-form',
					pipeline_id: WEBINAR,
					metadata: {
						form_id: 'f1',
						form_name: 'Заявка',
						form_page: 'https://example.ru',
						ip: '1.2.3.4',
						form_sent_at: 1_700_000_000,
					},
					_embedded: { leads: [{ name: 'С формы' }], contacts: [{ name: 'Посетитель' }] },
				},
			]);
			const uid = created.body._embedded.unsorted[0].uid;
			const leadId = created.body._embedded.unsorted[0]._embedded.leads[0].id;
			expect((await api.get(`/api/v4/leads/${leadId}`)).body.status_id).toBe(58_200_001);
			await api.post(`/api/v4/leads/unsorted/${uid}/accept`, {});
			expect((await api.get(`/api/v4/leads/${leadId}`)).body.status_id).toBe(58_200_002);
		});
	});

	describe('accounts and authorization', () => {
		test('no token or a forged one answers 401; an unknown subdomain says "Account not found"', async () => {
			const none = await api.get('/api/v4/leads', { token: null });
			expect(none.status).toBe(401);
			expect(none.body).toMatchObject({
				title: 'Unauthorized',
				detail: 'Invalid user name or password',
			});
			expect(
				(await api.get('/api/v4/leads', { token: `${api.token.slice(0, -2)}xx` })).status,
			).toBe(401);
			const unknown = await api.get('/a/nosuchaccount/api/v4/account');
			expect(unknown.status).toBe(401);
			expect(unknown.headers.get('x-error')).toBe('Account not found');
		});

		test('a second account is addressed by path prefix or by Host header and keeps its own data', async () => {
			const other = await api.control('POST', '/accounts', { subdomain: 'otherclient' });
			const viaPrefix = await api.post(
				'/a/otherclient/api/v4/leads',
				[{ name: 'Только у другого' }],
				{ token: other.token },
			);
			expect(viaPrefix.status).toBe(200);
			// fetch() may not set Host, so this request goes out through node:http as a proxy-less client would.
			const viaHost = await rawGet(
				`${emulator.url}/api/v4/leads?filter[name]=${encodeURIComponent('Только у другого')}`,
				{
					Host: 'otherclient.kommo.com',
					Authorization: `Bearer ${other.token}`,
				},
			);
			expect(JSON.parse(viaHost)._embedded.leads).toHaveLength(1);
			expect((await api.get('/a/otherclient/api/v4/leads', { token: api.token })).status).toBe(401);
			expect(
				(await api.get(`/api/v4/leads?filter[name]=${encodeURIComponent('Только у другого')}`))
					.status,
			).toBe(204);
		});

		test('a lapsed subscription answers 402 to writes and still serves reads', async () => {
			await api.control('POST', '/limits', { paymentRequired: true });
			const write = await api.post('/api/v4/leads', [{ name: 'x' }]);
			expect(write.status).toBe(402);
			expect(write.body).toMatchObject({ title: 'Payment Required', detail: 'Payment required' });
			expect((await api.get('/api/v4/leads?limit=1')).status).toBe(200);
		});
	});

	describe('webhook subscriptions', () => {
		test('subscribes, lists by destination, updates settings in place and unsubscribes', async () => {
			const destination = 'https://n8n.example/webhook/abc?secret=1';
			const first = await api.post('/api/v4/webhooks', { destination, settings: ['add_lead'] });
			expect(first.body).toMatchObject({ destination, settings: ['add_lead'], disabled: false });
			await api.post('/api/v4/webhooks', { destination, settings: ['add_lead', 'status_lead'] });
			const listed = await api.get(
				`/api/v4/webhooks?filter[destination]=${encodeURIComponent(destination)}`,
			);
			expect(listed.body._embedded.webhooks).toEqual([
				expect.objectContaining({ id: first.body.id, settings: ['add_lead', 'status_lead'] }),
			]);
			expect((await api.call('DELETE', '/api/v4/webhooks', { body: { destination } })).status).toBe(
				204,
			);
			expect((await api.get('/api/v4/webhooks')).status).toBe(204);
		});

		test('refuses unknown events and more than 100 webhooks', async () => {
			const bad = await api.post('/api/v4/webhooks', {
				destination: 'https://x.example/h',
				settings: ['explode_lead'],
			});
			expect(bad.status).toBe(400);
			for (let i = 0; i < 100; i++)
				await api.post('/api/v4/webhooks', {
					destination: `https://x.example/h${i}`,
					settings: ['add_lead'],
				});
			const over = await api.post('/api/v4/webhooks', {
				destination: 'https://x.example/one-too-many',
				settings: ['add_lead'],
			});
			expect(over.status).toBe(400);
			expect(over.body['validation-errors'][0].errors[0].code).toBe('LimitExceeded');
		});
	});

	describe('content types', () => {
		test('JSON answers carry exactly the documented types: hal+json for data, problem+json for errors', async () => {
			const type = async (answer: Promise<{ headers: Headers; status: number }>) => {
				const { headers, status } = await answer;
				return `${status} ${headers.get('content-type')}`;
			};
			expect(await type(api.get('/api/v4/leads?limit=1'))).toBe('200 application/hal+json');
			expect(await type(api.post('/api/v4/leads', [{ name: 'Тип ответа' }]))).toBe(
				'200 application/hal+json',
			);
			expect(await type(api.post('/api/v4/leads', [{ name: 7 }]))).toBe(
				'400 application/problem+json',
			);
			expect(await type(api.post('/api/v4/leads', []))).toBe('400 application/problem+json');
			expect(await type(api.get('/api/v4/leads', { token: 'wrong' }))).toBe(
				'401 application/problem+json',
			);
			expect(await type(api.get('/api/v4/no-such-thing'))).toBe('404 application/problem+json');
			expect(await type(api.call('DELETE', '/api/v4/leads/30000001'))).toBe(
				'405 application/problem+json',
			);
			// An empty list is 204 with no body and no type.
			expect(await type(api.get('/api/v4/leads?filter[name]=nobody-at-all'))).toBe('204 null');
		});

		test('every answer carries an X-Request-Id and a Date on the emulator clock; a 500 is problem+json with a trace_id', async () => {
			await api.control('POST', '/clock', { offsetMs: 3 * 86_400_000 });
			const answer = await api.get('/api/v4/account');
			expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
			const date = Date.parse(answer.headers.get('date') ?? '');
			expect(date - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
			await api.control('POST', '/faults', { seed: 1, error5xxRate: 1 });
			let failed = await api.get('/api/v4/account');
			for (let i = 0; i < 20 && failed.status !== 500; i++)
				failed = await api.get('/api/v4/account');
			expect(failed.headers.get('content-type')).toBe('application/problem+json');
			expect(failed.body).toMatchObject({
				title: 'ErrInternalServer',
				status: 500,
				trace_id: expect.any(String),
			});
		});
	});
});
