import { runBitrix24 } from './nodeHarness';
import { testPortal } from './portal';

const portal = testPortal({ limits: false });

const contact = (id: unknown) => portal.emu.emulator.state.entities.CONTACT.get(Number(id))!;

describe('Bitrix24 node: contacts', () => {
	test('create, get, find by exact phone, update, assign, delete', async () => {
		const created = await runBitrix24(portal.harness, {
			resource: 'contact',
			operation: 'create',
			name: 'Анна',
			phone: '8 (926) 555-44-33',
			email: 'Anna@Example.ru',
			additionalFields: { lastName: 'Смирнова' },
		});
		const id = created.out[0].id as string;
		expect(contact(id)).toMatchObject({
			NAME: 'Анна',
			LAST_NAME: 'Смирнова',
			PHONE: [expect.objectContaining({ VALUE: '+79265554433' })],
		});
		const got = await runBitrix24(portal.harness, { resource: 'contact', operation: 'get', id });
		expect(got.out[0]).toMatchObject({
			ID: id,
			NAME: 'Анна',
			EMAIL: [expect.objectContaining({ VALUE: 'Anna@Example.ru' })],
		});
		const found = await runBitrix24(portal.harness, {
			resource: 'contact',
			operation: 'getMany',
			returnAll: true,
			filters: { phone: '+79265554433' },
		});
		expect(found.out.map((c) => c.ID)).toEqual([id]);
		await runBitrix24(portal.harness, {
			resource: 'contact',
			operation: 'update',
			id,
			updateFields: { addEmail: 'anna@work.ru', name: 'Анна-Мария' },
		});
		expect(contact(id).NAME).toBe('Анна-Мария');
		expect((contact(id).EMAIL as unknown[]).length).toBe(2);
		await runBitrix24(portal.harness, {
			resource: 'contact',
			operation: 'assign',
			id,
			responsible: { __rl: true, mode: 'id', value: '4' },
		});
		expect(contact(id).ASSIGNED_BY_ID).toBe(4);
		await runBitrix24(portal.harness, { resource: 'contact', operation: 'delete', id });
		expect(portal.emu.emulator.state.entities.CONTACT.has(Number(id))).toBe(false);
	});

	test('a contact without a name is refused before anything is sent', async () => {
		const { result } = await runBitrix24(portal.harness, {
			resource: 'contact',
			operation: 'create',
			phone: '+79265554433',
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('A contact needs a name');
	});
});
