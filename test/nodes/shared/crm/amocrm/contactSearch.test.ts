import { createAmoCrmFunnel, type AmoCrmFunnel } from '../../../../../nodes/shared/crm/amocrm';
import { start, type RunningEmulator } from '../../../../emulators/amocrm';
import { EmulatorClient } from '../../../../emulators/amocrm/testClient';
import { probeHarness, runProbe, sandboxCredentials } from './amoProbe';

/** Phones that are surely not in the seeded account. */
const strangers = (count: number) =>
	Array.from({ length: count }, (_, i) => `+7999${String(i).padStart(7, '0')}`);

describe('amoCRM contact search: per key or through an index of all contacts, whichever costs less', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;
	const harness = probeHarness();

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		api = new EmulatorClient(emulator);
		harness.setCredentials('amoCrmApi', sandboxCredentials(emulator), 'amo-cred');
	});
	afterAll(() => emulator.close());
	beforeEach(async () => {
		await api.control('POST', '/reset');
		await api.control('DELETE', '/requests');
	});

	const withCrm = <T>(fn: (crm: AmoCrmFunnel) => Promise<T>) =>
		runProbe(harness, (ctx) => fn(createAmoCrmFunnel(ctx)));
	const contactRequests = async () => {
		const log = await api.control('GET', '/requests');
		return (log.requests as Array<{ method: string; path: string; query: string }>)
			.filter((r) => r.path === '/api/v4/contacts')
			.map((r) => new URLSearchParams(r.query));
	};

	test('two keys are searched one by one with query=: two requests', async () => {
		const { matches, report } = await withCrm(async (crm) => ({
			matches: await crm.findContacts({
				phones: ['8 (916) 111-00-01'],
				emails: ['nobody@example.ru'],
			}),
			report: crm.contactSearch.lastReport,
		}));
		expect(matches.map((m) => m.contact.name)).toEqual(['Марина Ковалева']);
		expect(report).toEqual({ way: 'perKey', keys: 2, pagesRead: 0 });
		expect(await contactRequests()).toHaveLength(2);
	});

	test('1,000 keys against a 311-contact account read the account once, its two pages and nothing else (no probe: it ended long before 125 pages)', async () => {
		const phones = [...strangers(996), '+79161110001', '+79031110002', '+79161110009'];
		const { matches, report } = await withCrm(async (crm) => ({
			matches: await crm.findContacts({ phones, emails: ['SVETLANA.KRYLOVA@yandex.ru'] }),
			report: crm.contactSearch.lastReport,
		}));
		expect(report).toEqual({ way: 'index', keys: 1000, pagesRead: 2 });
		expect((await contactRequests()).map((q) => q.get('page'))).toEqual(['1', '2']);
		// The same answer the per-key search gives: exact keys, the 8… spelling found, both contacts of one email.
		expect(matches.map((m) => [m.key, m.contact.name])).toEqual([
			['+79161110001', 'Марина Ковалева'],
			['+79031110002', 'Олег Зайцев'],
			['+79161110009', 'Виктор Лебедев'],
			['svetlana.krylova@yandex.ru', 'Светлана Крылова'],
			['svetlana.krylova@yandex.ru', 'Светлана Крылова'],
		]);
		expect(matches[1].deals[0]).toMatchObject({
			id: '30000003',
			semantics: 'open',
			responsibleUserId: '1000004',
		});
	});

	test('the index does not take a contact whose unrelated field merely contains the digits', async () => {
		await api.post('/api/v4/contacts', [
			{ name: 'ИП Петров, ИНН 9995550101' },
			{
				name: 'Петров',
				custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '8 (999) 555-01-01' }] }],
			},
		]);
		const matches = await withCrm((crm) =>
			crm.findContacts({ phones: ['89995550101', ...strangers(5)] }),
		);
		expect(matches.map((m) => m.contact.name)).toEqual(['Петров']);
	});

	test('an account that outgrows an eighth of the keys in pages is probed once, and read whole when it is smaller than the keys', async () => {
		await api.control('POST', '/reset', {
			seed: { generate: { prng: 7, contacts: 2_000, leads: 50 } },
		});
		await api.control('DELETE', '/requests');
		// 40 keys: the probe is due after 5 pages; 2,000 contacts are 8 pages, fewer than 40, so the index wins.
		const { report } = await withCrm(async (crm) => ({
			matches: await crm.findContacts({ phones: strangers(40) }),
			report: crm.contactSearch.lastReport,
		}));
		// Page 8 is full, so it links a page 9, which answers 204.
		expect(report).toEqual({ way: 'index', keys: 40, pagesRead: 10 });
		const pages = (await contactRequests()).map((q) => (q.has('query') ? 'query' : q.get('page')));
		expect(pages).toEqual(['1', '2', '3', '4', '5', '40', '6', '7', '8', '9']);
	});

	test('when the account has more pages than there are keys, the probe says so and each key is searched instead', async () => {
		await api.control('POST', '/reset', {
			seed: { generate: { prng: 7, contacts: 2_000, leads: 50 } },
		});
		await api.control('DELETE', '/requests');
		const state = await api.state();
		const known = state.contacts.find(
			(c: {
				custom_fields_values?: Array<{ field_code: string; values: Array<{ value: string }> }>;
			}) =>
				c.custom_fields_values?.some(
					(f) => f.field_code === 'PHONE' && /^\+7 ?9/.test(f.values[0].value),
				),
		);
		const phone = known.custom_fields_values.find(
			(f: { field_code: string }) => f.field_code === 'PHONE',
		).values[0].value as string;
		const { matches, report } = await withCrm(async (crm) => ({
			matches: await crm.findContacts({ phones: [phone, ...strangers(3)] }),
			report: crm.contactSearch.lastReport,
		}));
		// 2,000 contacts are 8 pages: more than the 4 keys. Page 1 and the probe of page 4, then 4 searches.
		expect(report).toEqual({ way: 'perKey', keys: 4, pagesRead: 2 });
		const paths = (await contactRequests()).map((q) =>
			q.has('query') ? 'query' : `page ${q.get('page')}`,
		);
		expect(paths).toEqual(['page 1', 'page 4', 'query', 'query', 'query', 'query']);
		expect(matches.map((m) => m.contact.id)).toContain(String(known.id));
	});
});
