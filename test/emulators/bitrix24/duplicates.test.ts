import { findByCommPhoneKey } from './phone';
import { start, type RunningEmulator } from '.';
import { callJson } from './testClient';

describe('findbycomm phone normalisation (reference §5.1)', () => {
	test.each([
		['+7 (912) 345-67-89', '79123456789'],
		['8 912 345 67 89', '79123456789'],
		['79123456789', '79123456789'],
		['+78129999331#404812', '78129999331'],
		['8 (812) 999-93-31;404', '78129999331'],
		['+49 170 1234567', '491701234567'],
		['0170 1234567', '1701234567'],
		['+1 800 555 1234', '18005551234'],
		['800-555-1234', '8005551234'],
		['84912345678', '74912345678'],
		['+86 10 1234 5678', '861012345678'],
		['8 10 49 170 1234567', '810491701234567'],
		['00 49 170 1234567', '491701234567'],
	])('%s → %s', (raw, key) => {
		expect(findByCommPhoneKey(raw)).toBe(key);
	});
});

describe('crm.duplicate.findbycomm and crm.entity.mergeBatch', () => {
	let emu: RunningEmulator;
	beforeAll(async () => {
		emu = await start({ limits: false });
	});
	afterAll(() => emu.close());
	const call = (method: string, params: unknown) => callJson(emu.webhook, method, params);

	test('finds a contact whatever the format: 8 becomes 7, extensions are ignored; IDs are ints', async () => {
		const { body } = await call('crm.duplicate.findbycomm', {
			type: 'PHONE',
			values: ['89035550101'],
			entity_type: 'CONTACT',
		});
		expect(body.result).toEqual({ CONTACT: [expect.any(Number)] });
		const both = await call('crm.duplicate.findbycomm', {
			type: 'PHONE',
			values: ['+7 903 555 01 01', '+7 (903) 555-01-02'],
		});
		expect(both.body.result.CONTACT).toHaveLength(2);
	});

	test('national and international forms of a foreign number do not match', async () => {
		expect(
			(await call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['+491705550104'] })).body
				.result,
		).toEqual({ CONTACT: [expect.any(Number)] });
		expect(
			(await call('crm.duplicate.findbycomm', { type: 'PHONE', values: ['01705550104'] })).body
				.result,
		).toEqual([]);
	});

	test('answers [] when nothing matches and reads only the first 20 values', async () => {
		const twenty = Array.from({ length: 20 }, (_, i) => `+7999000${String(i).padStart(4, '0')}`);
		expect(
			(
				await call('crm.duplicate.findbycomm', {
					type: 'PHONE',
					values: [...twenty, '+79035550101'],
				})
			).body.result,
		).toEqual([]);
	});

	test('matches e-mails without regard to case and spaces', async () => {
		const { body } = await call('crm.duplicate.findbycomm', {
			type: 'EMAIL',
			values: ['  Maria.Guseva@MAIL.ru '],
		});
		expect(body.result.CONTACT).toHaveLength(1);
	});

	test('refuses DEAL and a missing type with the legacy error shape', async () => {
		expect(
			(
				await call('crm.duplicate.findbycomm', {
					type: 'PHONE',
					values: ['1'],
					entity_type: 'DEAL',
				})
			).body,
		).toEqual({ error: '', error_description: 'Deal is not supported in current context.' });
		expect((await call('crm.duplicate.findbycomm', { values: ['1'] })).body).toEqual({
			error: '',
			error_description: 'Communication type is not defined.',
		});
		expect((await call('crm.duplicate.findbycomm', { type: 'PHONE', values: '1' })).body).toEqual({
			error: '',
			error_description: 'Communication values is not defined.',
		});
	});

	test('mergeBatch keeps the first id, deletes the rest, moves their phones and e-mails', async () => {
		const ids = (
			await call('crm.duplicate.findbycomm', {
				type: 'PHONE',
				values: ['+79165550106'],
				entity_type: 'CONTACT',
			})
		).body.result.CONTACT;
		expect(ids).toHaveLength(2);
		const { body } = await call('crm.entity.mergeBatch', {
			params: { entityTypeId: 3, entityIds: ids },
		});
		expect(body.result).toEqual({ STATUS: 'SUCCESS', ENTITY_IDS: [ids[1]] });
		const survivor = (await call('crm.contact.get', { id: ids[0] })).body.result;
		expect(survivor.EMAIL.map((e: { VALUE: string }) => e.VALUE).sort()).toEqual([
			'i.petrov@yandex.ru',
			'ivan.petrov@mail.ru',
		]);
		expect((await call('crm.contact.get', { id: ids[1] })).body).toEqual({
			error: '',
			error_description: 'Not found',
		});
	});

	test('mergeBatch reports CONFLICT when two filled fields differ, and errors with "error":0', async () => {
		const ids = (
			await call('crm.duplicate.findbycomm', {
				type: 'PHONE',
				values: ['+79165550107'],
				entity_type: 'CONTACT',
			})
		).body.result.CONTACT;
		expect(
			(await call('crm.entity.mergeBatch', { params: { entityTypeId: 3, entityIds: ids } })).body
				.result,
		).toEqual({ STATUS: 'CONFLICT', ENTITY_IDS: [] });
		expect(
			(await call('crm.entity.mergeBatch', { params: { entityTypeId: 3, entityIds: [ids[0]] } }))
				.body,
		).toEqual({
			error: 0,
			error_description: 'The parameter entityIds must contains at least two elements.',
		});
	});
});
