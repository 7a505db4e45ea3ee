import { start, type RunningEmulator } from '.';
import { callForm, callGet, callJson } from './testClient';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await start({ limits: false });
});
afterAll(() => emu.close());

describe('routes and envelope', () => {
	test('answers with the documented envelope: result plus a time block with operating data', async () => {
		const { status, body } = await callJson(emu.webhook, 'profile.json');
		expect(status).toBe(200);
		expect(body.result).toMatchObject({ ID: '1', ADMIN: true });
		expect(Object.keys(body.time).sort()).toEqual(
			[
				'date_finish',
				'date_start',
				'duration',
				'finish',
				'operating',
				'operating_reset_at',
				'processing',
				'start',
			].sort(),
		);
		expect(body.time.date_start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
	});

	test('takes the method with or without .json and in any letter case', async () => {
		const a = await callJson(emu.webhook, 'CRM.Category.List', { entityTypeId: 2 });
		const b = await callJson(emu.webhook, 'crm.category.list.json', { entityTypeId: 2 });
		expect(a.body.result).toEqual(b.body.result);
	});

	test('refuses a wrong secret with NO_AUTH_FOUND at 401', async () => {
		const wrong = emu.webhook.replace(/\/rest\/1\/[^/]+\//, '/rest/1/wrongsecret123456/');
		const { status, body } = await callJson(wrong, 'profile');
		expect(status).toBe(401);
		expect(body).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
	});

	test('answers an unknown method with 404 ERROR_METHOD_NOT_FOUND and event.bind with WRONG_AUTH_TYPE', async () => {
		expect(await callJson(emu.webhook, 'crm.duplicate.merge')).toMatchObject({
			status: 404,
			body: { error: 'ERROR_METHOD_NOT_FOUND' },
		});
		expect(
			await callJson(emu.webhook, 'event.bind', { event: 'ONCRMLEADADD', handler: 'https://x' }),
		).toMatchObject({
			status: 403,
			body: { error: 'WRONG_AUTH_TYPE' },
		});
	});

	test('reads urlencoded bodies with PHP brackets, query strings, and FIELDS/fields, ID/id alike', async () => {
		const added = await callForm(
			emu.webhook,
			'crm.lead.add',
			'FIELDS[TITLE]=Form+lead&FIELDS[PHONE][0][VALUE]=%2B79160001122&FIELDS[PHONE][0][VALUE_TYPE]=WORK',
		);
		expect(added.status).toBe(200);
		const id = added.body.result;
		const got = await callGet(emu.webhook, `crm.lead.get?ID=${id}`);
		expect(got.body.result).toMatchObject({
			ID: String(id),
			TITLE: 'Form lead',
			PHONE: [{ VALUE: '+79160001122', VALUE_TYPE: 'WORK', TYPE_ID: 'PHONE' }],
		});
	});

	test('shows legacy types: numbers as strings, Y/N flags, ISO datetimes with offset', async () => {
		const { body } = await callJson(emu.webhook, 'crm.deal.add', {
			fields: { TITLE: 'Typed', OPPORTUNITY: 1500 },
		});
		const deal = (await callJson(emu.webhook, 'crm.deal.get', { id: body.result })).body.result;
		expect(deal).toMatchObject({
			ID: String(body.result),
			OPPORTUNITY: '1500.00',
			CATEGORY_ID: '0',
			STAGE_ID: 'NEW',
			CLOSED: 'N',
			OPENED: 'Y',
		});
		expect(deal.DATE_CREATE).toMatch(/\+03:00$/);
		// CLOSEDATE defaults to a week after creation
		expect(Date.parse(deal.CLOSEDATE) - Date.parse(deal.BEGINDATE)).toBe(7 * 86_400_000);
	});

	test('returns legacy errors with an empty code at HTTP 400', async () => {
		expect(await callJson(emu.webhook, 'crm.lead.get', { id: 99999999 })).toEqual(
			expect.objectContaining({ status: 400, body: { error: '', error_description: 'Not found' } }),
		);
		expect((await callJson(emu.webhook, 'crm.lead.update', { fields: {} })).body).toEqual({
			error: '',
			error_description: 'ID is not defined or invalid.',
		});
		expect((await callJson(emu.webhook, 'crm.lead.add', { fields: 'x' })).body).toEqual({
			error: '',
			error_description: "Parameter 'fields' must be array.",
		});
	});

	test('pages lists by 50 with next and total; start=-1 skips the count', async () => {
		const first = await callJson(emu.webhook, 'crm.contact.list', {
			order: { ID: 'ASC' },
			select: ['ID'],
		});
		expect(first.body.result).toHaveLength(50);
		expect(first.body.next).toBe(50);
		expect(first.body.total).toBeGreaterThan(300);
		const fast = await callJson(emu.webhook, 'crm.contact.list', {
			order: { ID: 'ASC' },
			filter: { '>ID': 300 },
			select: ['ID'],
			start: -1,
		});
		expect(fast.body.total).toBe(0);
		expect(fast.body.next).toBeUndefined();
		expect(fast.body.result[0].ID).toBe('301');
		const last = await callJson(emu.webhook, 'crm.contact.list', {
			select: ['ID'],
			start: Math.floor(first.body.total / 50) * 50,
		});
		expect(last.body.next).toBeUndefined();
	});

	test('leaves phones and e-mails out of "*" and includes them when named', async () => {
		const plain = await callJson(emu.webhook, 'crm.contact.list', {
			select: ['*'],
			filter: { ID: 1 },
		});
		expect(plain.body.result[0].PHONE).toBeUndefined();
		const named = await callJson(emu.webhook, 'crm.contact.list', {
			select: ['ID', 'PHONE'],
			filter: { ID: 1 },
		});
		expect(named.body.result[0]).toHaveProperty('PHONE');
	});

	test('matches multifield filters exactly, never loosely', async () => {
		const exact = await callJson(emu.webhook, 'crm.contact.list', {
			filter: { PHONE: '+7 903 555-01-01' },
			select: ['ID', 'NAME'],
		});
		expect(exact.body.result).toEqual([expect.objectContaining({ NAME: 'Мария' })]);
		const other = await callJson(emu.webhook, 'crm.contact.list', {
			filter: { PHONE: '+79035550101' },
			select: ['ID'],
		});
		expect(other.body.result).toEqual([]);
	});
});
