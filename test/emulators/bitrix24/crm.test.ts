import { start, type RunningEmulator } from '.';
import { callJson, controlCall } from './testClient';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await start({ limits: false });
});
afterAll(() => emu.close());
const call = (method: string, params: unknown = {}) => callJson(emu.webhook, method, params);

describe('phones and e-mails (multifields)', () => {
	test('appends items without ID, overwrites with ID, deletes with DELETE=Y, empty VALUE or a bare ID', async () => {
		const id = (
			await call('crm.contact.add', {
				fields: {
					NAME: 'Multi',
					PHONE: [
						{ VALUE: '+79160000011' },
						{ VALUE: '+79160000012' },
						{ VALUE: '+79160000013' },
						{ VALUE: '+79160000014' },
					],
				},
			})
		).body.result;
		const phones = (await call('crm.contact.get', { id })).body.result.PHONE;
		await call('crm.contact.update', {
			id,
			fields: {
				PHONE: [
					{ ID: phones[0].ID, VALUE: '+79160000021', VALUE_TYPE: 'HOME' },
					{ ID: phones[1].ID, DELETE: 'Y' },
					{ ID: phones[2].ID, VALUE: '' },
					{ ID: phones[3].ID },
					{ VALUE: '+79160000022' },
				],
			},
		});
		const after = (await call('crm.contact.get', { id })).body.result.PHONE;
		expect(
			after.map((p: { VALUE: string; VALUE_TYPE: string }) => [p.VALUE, p.VALUE_TYPE]),
		).toEqual([
			['+79160000021', 'HOME'],
			['+79160000022', 'WORK'],
		]);
	});
});

describe('deals and funnels', () => {
	test('crm.category.list answers with lower-case keys and the default funnel id 0', async () => {
		const { body } = await call('crm.category.list', { entityTypeId: 2 });
		expect(body.result.categories).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: 0, isDefault: 'Y', name: 'Общая' }),
				expect.objectContaining({ id: 1 }),
			]),
		);
	});

	test('stages of funnel N carry the CN: prefix and SEMANTICS; entity types name funnels with their prefix', async () => {
		const { body } = await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_1' } });
		expect(body.result.map((s: { STATUS_ID: string }) => s.STATUS_ID)).toEqual([
			'C1:NEW',
			'C1:PREPARATION',
			'C1:EXECUTING',
			'C1:WON',
			'C1:LOSE',
		]);
		expect(body.result.at(-1)).toMatchObject({
			SEMANTICS: 'F',
			CATEGORY_ID: '1',
			EXTRA: { SEMANTICS: 'failure' },
		});
		const types = (await call('crm.status.entity.types')).body.result;
		expect(types.find((t: { ID: string }) => t.ID === 'DEAL_STAGE')).toMatchObject({
			CATEGORY_ID: 0,
		});
		expect(types.find((t: { ID: string }) => t.ID === 'DEAL_STAGE_1')).toMatchObject({
			CATEGORY_ID: '1',
			PREFIX: 'C1',
			SEMANTIC_INFO: { FINAL_SUCCESS_FIELD: 'C1:WON' },
		});
	});

	test('crm.deal.update silently ignores a stage of another funnel; crm.item.update moves the deal there', async () => {
		const id = (await call('crm.deal.add', { fields: { TITLE: 'Mover', CATEGORY_ID: 0 } })).body
			.result;
		expect(
			(
				await call('crm.deal.update', {
					id,
					fields: { STAGE_ID: 'C1:PREPARATION', CATEGORY_ID: 1 },
				})
			).body.result,
		).toBe(true);
		expect((await call('crm.deal.get', { id })).body.result).toMatchObject({
			CATEGORY_ID: '0',
			STAGE_ID: 'NEW',
		});
		const moved = await call('crm.item.update', {
			entityTypeId: 2,
			id,
			fields: { categoryId: 1, stageId: 'C1:PREPARATION' },
		});
		expect(moved.body.result.item).toMatchObject({
			id,
			categoryId: 1,
			stageId: 'C1:PREPARATION',
			entityTypeId: 2,
		});
		expect((await call('crm.deal.get', { id })).body.result).toMatchObject({
			CATEGORY_ID: '1',
			STAGE_ID: 'C1:PREPARATION',
			STAGE_SEMANTIC_ID: 'P',
		});
	});

	test('crm.item.update refuses «Закрыто и не реализовано» without a loss reason; the legacy update does not check', async () => {
		const id = (await call('crm.deal.add', { fields: { TITLE: 'Lost', CATEGORY_ID: 3 } })).body
			.result;
		const refused = await call('crm.item.update', {
			entityTypeId: 2,
			id,
			fields: { stageId: 'C3:LOSE' },
		});
		expect(refused).toMatchObject({
			status: 400,
			body: {
				error: 'CRM_FIELD_ERROR_REQUIRED',
				error_description: 'The field "Причина отказа" is required.',
			},
		});
		const fields = (await call('crm.deal.fields')).body.result;
		const reason = fields.UF_CRM_LOSS_REASON.items.find(
			(i: { VALUE: string }) => i.VALUE === 'Дорого',
		).ID;
		const ok = await call('crm.item.update', {
			entityTypeId: 2,
			id,
			useOriginalUfNames: 'Y',
			fields: { stageId: 'C3:LOSE', UF_CRM_LOSS_REASON: reason },
		});
		expect(ok.body.result.item).toMatchObject({
			stageId: 'C3:LOSE',
			stageSemanticId: 'F',
			closed: 'Y',
			UF_CRM_LOSS_REASON: Number(reason),
		});
		const legacy = (
			await call('crm.deal.add', { fields: { TITLE: 'Legacy lost', CATEGORY_ID: 3 } })
		).body.result;
		await call('crm.deal.update', { id: legacy, fields: { STAGE_ID: 'C3:LOSE' } });
		expect((await call('crm.deal.get', { id: legacy })).body.result.STAGE_SEMANTIC_ID).toBe('F');
	});

	test('crm.item.* answers camelCase with ints and real error codes', async () => {
		const { body } = await call('crm.item.list', {
			entityTypeId: 2,
			filter: { categoryId: 3 },
			select: ['id', 'stageId', 'contactIds', 'assignedById'],
		});
		expect(body.result.items[0]).toEqual({
			id: expect.any(Number),
			stageId: expect.stringMatching(/^C3:/),
			contactIds: expect.any(Array),
			assignedById: expect.any(Number),
			entityTypeId: 2,
		});
		expect(await call('crm.item.get', { entityTypeId: 2, id: 999999 })).toMatchObject({
			status: 400,
			body: { error: 'NOT_FOUND' },
		});
		expect(await call('crm.item.get', { entityTypeId: 5, id: 1 })).toMatchObject({
			body: { error: 'ENTITY_TYPE_NOT_SUPPORTED' },
		});
	});

	test('user fields: the tags field is a multiple enumeration; values are item ids; UF_* leaves it out', async () => {
		const list = (await call('crm.lead.userfield.list', { filter: { FIELD_NAME: 'UF_CRM_TAGS' } }))
			.body.result;
		expect(list[0]).toMatchObject({
			USER_TYPE_ID: 'enumeration',
			MULTIPLE: 'Y',
			EDIT_FORM_LABEL: 'Теги',
		});
		const [a, b] = list[0].LIST;
		const id = (
			await call('crm.lead.add', {
				fields: { TITLE: 'Tagged', UF_CRM_TAGS: [a.ID, b.ID, '999999'] },
			})
		).body.result;
		expect((await call('crm.lead.get', { id })).body.result.UF_CRM_TAGS).toEqual([a.ID, b.ID]);
		const star = (await call('crm.lead.list', { filter: { ID: id }, select: ['*', 'UF_*'] })).body
			.result[0];
		expect(star).not.toHaveProperty('UF_CRM_TAGS');
		await call('crm.lead.userfield.update', {
			id: list[0].ID,
			fields: { LIST: [{ VALUE: 'Новый тег' }] },
		});
		const after = (await call('crm.lead.userfield.get', { id: list[0].ID })).body.result.LIST;
		expect(after.map((i: { VALUE: string }) => i.VALUE)).toEqual([
			...list[0].LIST.map((i: { VALUE: string }) => i.VALUE),
			'Новый тег',
		]);
	});
});

describe("a deal's contacts and the fields of crm.item", () => {
	const twoContacts = async () => {
		const a = (await call('crm.contact.add', { fields: { NAME: 'Первый' } })).body.result;
		const b = (await call('crm.contact.add', { fields: { NAME: 'Второй' } })).body.result;
		const deal = (await call('crm.deal.add', { fields: { TITLE: 'Двое', CONTACT_IDS: [a, b] } }))
			.body.result;
		return { a: Number(a), b: Number(b), deal: Number(deal) };
	};

	test('crm.deal.list and crm.deal.get never answer CONTACT_IDS, even when it is selected or filtered on', async () => {
		const { a, deal } = await twoContacts();
		const listed = (
			await call('crm.deal.list', {
				filter: { ID: deal },
				select: ['ID', 'CONTACT_ID', 'CONTACT_IDS', '*'],
			})
		).body.result;
		expect(listed).toHaveLength(1);
		expect(listed[0]).not.toHaveProperty('CONTACT_IDS');
		expect(listed[0].CONTACT_ID).toBe(String(a));
		const got = (await call('crm.deal.get', { id: deal })).body.result;
		expect(got).not.toHaveProperty('CONTACT_IDS');
		expect(got.CONTACT_ID).toBe(String(a));
		// A filter on the field is ignored, as for any field the list does not know.
		const filtered = (
			await call('crm.deal.list', {
				filter: { CONTACT_IDS: [999_999] },
				select: ['ID'],
				start: -1,
			})
		).body.result;
		expect(filtered.length).toBeGreaterThan(1);
		const leads = (await call('crm.lead.list', { select: ['*'], start: -1 })).body.result;
		expect(leads.some((l: Record<string, unknown>) => 'CONTACT_IDS' in l)).toBe(false);
	});

	test('crm.deal.contact.items.get lists the contacts, primary first; crm.item.list answers contactIds', async () => {
		const { a, b, deal } = await twoContacts();
		const { body } = await call('batch', {
			halt: 0,
			cmd: {
				items: `crm.deal.contact.items.get?id=${deal}`,
				none: `crm.deal.contact.items.get?id=${(await call('crm.deal.add', { fields: { TITLE: 'Никого' } })).body.result}`,
				missing: 'crm.deal.contact.items.get?id=987654',
				item: `crm.item.list?entityTypeId=2&filter[id]=${deal}&select[]=id&select[]=contactIds`,
			},
		});
		expect(body.result.result.items).toEqual([
			{ CONTACT_ID: a, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
			{ CONTACT_ID: b, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
		]);
		expect(body.result.result.none).toEqual([]);
		expect(body.result.result_error.missing).toEqual({
			error: '',
			error_description: 'Not found.',
		});
		expect(body.result.result.item.items).toEqual([
			expect.objectContaining({ id: deal, contactIds: [a, b] }),
		]);
	});

	test('a filter on CONTACT_ID / contactId finds the primary contact only; crm.item.list filters by contactIds', async () => {
		const { a, b, deal } = await twoContacts();
		const ids = (rows: Array<{ ID?: string; id?: number }>) =>
			rows.map((r) => Number(r.ID ?? r.id));
		const legacy = async (contact: number) =>
			ids(
				(await call('crm.deal.list', { filter: { CONTACT_ID: contact }, select: ['ID'] })).body
					.result,
			);
		expect(await legacy(a)).toEqual([deal]);
		expect(await legacy(b)).toEqual([]);
		const items = async (filter: Record<string, unknown>) =>
			ids(
				(await call('crm.item.list', { entityTypeId: 2, filter, select: ['id'] })).body.result
					.items,
			);
		expect(await items({ '@contactId': [b] })).toEqual([]);
		expect(await items({ '@contactId': [a] })).toEqual([deal]);
		expect(await items({ '@contactIds': [b] })).toEqual([deal]);
	});

	test('crm.item.fields describes the fields under their crm.item names, user fields with their items', async () => {
		const { body } = await call('crm.item.fields', { entityTypeId: 2 });
		const fields = body.result.fields;
		expect(fields.id).toMatchObject({ type: 'integer', isReadOnly: true, upperName: 'ID' });
		expect(fields.stageId).toMatchObject({ type: 'crm_status', upperName: 'STAGE_ID' });
		expect(fields.contactIds).toMatchObject({ isMultiple: true, upperName: 'CONTACT_IDS' });
		const tags = Object.entries(fields).find(
			([, f]) => (f as { upperName: string }).upperName === 'UF_CRM_TAGS',
		);
		expect(tags?.[0]).toMatch(/^ufCrm/);
		expect(tags?.[1]).toMatchObject({
			type: 'enumeration',
			isMultiple: true,
			items: expect.arrayContaining([expect.objectContaining({ VALUE: 'Дубль' })]),
		});
		const original = (await call('crm.item.fields', { entityTypeId: 2, useOriginalUfNames: 'Y' }))
			.body.result.fields;
		expect(original.UF_CRM_TAGS).toMatchObject({ type: 'enumeration' });
		expect(original.stageId).toBeDefined();
		const contacts = (await call('crm.item.fields', { entityTypeId: 3 })).body.result.fields;
		expect(contacts.name).toBeDefined();
		expect(contacts).not.toHaveProperty('phone');
		const wrong = await call('crm.item.fields', { entityTypeId: 5 });
		expect(wrong.status).toBe(400);
		expect(wrong.body.error).toBe('ENTITY_TYPE_NOT_SUPPORTED');
	});
});

describe('activities and comments', () => {
	test('crm.activity.todo.add makes an open CRM_TODO; crm.activity.add needs communications', async () => {
		const deal = (await call('crm.deal.add', { fields: { TITLE: 'Todo owner' } })).body.result;
		const todo = await call('crm.activity.todo.add', {
			ownerTypeId: 2,
			ownerId: deal,
			deadline: '2030-01-01T10:00:00+03:00',
			title: 'Позвонить',
			responsibleId: 3,
		});
		expect(todo.body.result).toEqual({ id: expect.any(Number) });
		const rows = (await call('crm.activity.list', { filter: { OWNER_TYPE_ID: 2, OWNER_ID: deal } }))
			.body.result;
		expect(rows).toEqual([
			expect.objectContaining({
				PROVIDER_ID: 'CRM_TODO',
				COMPLETED: 'N',
				RESPONSIBLE_ID: '3',
				SUBJECT: 'Позвонить',
			}),
		]);
		expect(
			(
				await call('crm.activity.add', {
					fields: { OWNER_TYPE_ID: 2, OWNER_ID: deal, TYPE_ID: 2, SUBJECT: 'Call' },
				})
			).body,
		).toEqual({
			error: '',
			error_description: 'The field COMMUNICATIONS is not defined or invalid.',
		});
		expect(
			(
				await call('crm.activity.todo.add', {
					ownerTypeId: 2,
					ownerId: 999999,
					deadline: '2030-01-01T10:00:00',
				})
			).body.error,
		).toBe('OWNER_NOT_FOUND');
	});

	test('crm.timeline.comment.add reads only lower-case fields', async () => {
		const deal = (await call('crm.deal.add', { fields: { TITLE: 'Commented' } })).body.result;
		expect(
			(
				await call('crm.timeline.comment.add', {
					fields: { ENTITY_ID: deal, ENTITY_TYPE: 'deal', COMMENT: 'Hi' },
				})
			).body.result,
		).toEqual(expect.any(Number));
		expect(
			(
				await call('crm.timeline.comment.add', {
					FIELDS: { ENTITY_ID: deal, ENTITY_TYPE: 'deal', COMMENT: 'Hi' },
				})
			).status,
		).toBe(400);
	});
});

describe('control API', () => {
	test('reset brings back the seeded portal and the same webhook secret', async () => {
		await call('crm.lead.add', { fields: { TITLE: 'Temporary' } });
		const before = (await controlCall(emu.url, 'GET', 'state')).body.leads.length;
		await controlCall(emu.url, 'POST', 'reset');
		const state = (await controlCall(emu.url, 'GET', 'state')).body;
		expect(state.leads.length).toBeLessThan(before);
		expect(state.webhooks[0].secret).toBe(emu.webhook.split('/').at(-2));
		expect((await call('profile')).status).toBe(200);
	});

	test('the seeded portal has the funnels, users and clients the tests rely on', async () => {
		const state = (await controlCall(emu.url, 'GET', 'state')).body;
		expect(state.users).toHaveLength(7);
		expect(state.users.filter((u: { ACTIVE: boolean }) => !u.ACTIVE)).toHaveLength(1);
		expect(state.contacts.length).toBeGreaterThanOrEqual(300);
		expect(state.leads.length).toBeGreaterThanOrEqual(200);
		expect(
			state.statuses.filter(
				(s: { SEMANTICS: string | null; NAME: string }) =>
					s.SEMANTICS === 'F' && s.NAME === 'Не дозвонились более 3 раз',
			),
		).toHaveLength(2);
		const overdue = state.activities.filter(
			(a: { PROVIDER_ID: string; COMPLETED: string; DEADLINE: number }) =>
				a.PROVIDER_ID === 'CRM_TODO' && a.COMPLETED === 'N' && a.DEADLINE < Date.now(),
		);
		expect(overdue.length).toBeGreaterThan(0);
	});
});
