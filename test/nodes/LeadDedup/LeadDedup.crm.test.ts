import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../../harness/runWorkflow';
import { normalizePhone } from '../../../nodes/shared/funnel/phone';
import { syntheticLeads } from '../../fixtures/syntheticLeads';
import { crmFacts, seededAccount, type SeededAccount } from '../../support/crmFacts';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { onCrm } from '../../support/crmWorkflow';
import { callAttemptsWorkflow, zadarmaCallEnd } from '../CallAttempts/helpers';
import workflow from './leadDedup.workflow.json';

const fixture = workflow as unknown as WorkflowJson;

function dedupAgainst(
	world: CrmWorld,
	parameters: INodeParameters = {},
	settings: { onError?: string } = {},
): WorkflowJson {
	return onCrm(
		fixture,
		'Lead Dedup',
		world,
		{ scopes: ['input', 'crm'], ...parameters },
		{ id: `dedup-crm-${world.crm}`, errorOutput: settings.onError === 'continueErrorOutput' },
	);
}

const duplicateOf = (item: IDataObject) => item.duplicateOf as IDataObject;

describe.each(CRMS)('Lead Dedup against %s (emulator with its real limits)', (crmKind) => {
	let world: CrmWorld;
	let seeded: SeededAccount;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
		seeded = await seededAccount(world);
	});
	afterAll(() => world.close());
	beforeEach(async () => {
		await world.control('POST', 'reset');
	});

	test('a client already in the CRM is a Duplicate naming the contact, the deal, its responsible and stage, and the key', async () => {
		const client = seeded.ownedByResponsible;
		const result = await world.harness.run(dedupAgainst(world), {
			trigger: {
				items: [
					{ name: 'Новый', phone: '+79990001122' },
					{ name: client.name, phone: client.phone },
				],
			},
		});
		expect(result.status).toBe('success');
		const [fresh, duplicates] = result.outputs('Lead Dedup');
		expect(fresh.map((l) => l.name)).toEqual(['Новый']);
		expect(duplicateOf(duplicates[0])).toMatchObject({
			where: 'crm',
			crm: crmKind,
			keyType: 'phone',
			entity: 'contact',
			contactId: client.contactId,
			contactName: client.name,
			dealId: client.dealId,
			responsibleUserId: client.responsibleUserId,
			stageName: client.stageName,
			stageSemantics: 'open',
		});
		expect(String(duplicateOf(duplicates[0]).dealUrl)).toContain(client.dealId);
	});

	test('a client closed as lost is still a duplicate, with the lost stage', async () => {
		const client = seeded.formerClient;
		const result = await world.harness.run(dedupAgainst(world), {
			trigger: { items: [{ name: client.name, phone: client.phone }] },
		});
		expect(duplicateOf(result.items('Lead Dedup', 1)[0])).toMatchObject({
			dealId: client.dealId,
			stageSemantics: 'lost',
			stageName: client.stageName,
		});
	});

	test('tags the existing deal «Дубль» keeping its tags, and notes the new request on it', async () => {
		const client = seeded.ownedByResponsible;
		const before = (await crmFacts(world)).deals.find((d) => d.id === client.dealId)!;
		const result = await world.harness.run(
			dedupAgainst(world, { tagExistingDeal: true, duplicateTag: 'Дубль', noteExistingDeal: true }),
			{
				trigger: {
					items: [
						{
							name: client.name,
							phone: client.phone,
							form: 'Заявка на курс',
							message: 'Перезвоните вечером',
						},
					],
				},
			},
		);
		expect(duplicateOf(result.items('Lead Dedup', 1)[0]).actions).toMatchObject({
			tagged: ['Дубль'],
			noteId: expect.any(String),
		});
		const after = await crmFacts(world);
		const deal = after.deals.find((d) => d.id === client.dealId)!;
		expect(deal.tags.sort()).toEqual([...before.tags, 'Дубль'].sort());
		expect(after.notes.filter((n) => n.dealId === client.dealId).map((n) => n.text)).toContainEqual(
			expect.stringContaining('Повторная заявка от клиента\nИмя: '),
		);
		expect(
			after.notes.find((n) => n.dealId === client.dealId && n.text.includes('Перезвоните вечером'))
				?.text,
		).toContain('Форма: Заявка на курс');
	});

	/** A seeded person with one phone and one email, neither shared with anyone, and exactly one deal. */
	async function oneOfAKind(skip: string[] = []) {
		const facts = await crmFacts(world);
		const e164 = (p: string) => (normalizePhone(p) as { e164?: string }).e164 ?? p;
		const count = (values: string[]) =>
			values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());
		const phones = count(facts.contacts.flatMap((c) => c.phones.map(e164)));
		const emails = count(facts.contacts.flatMap((c) => c.emails.map((e) => e.toLowerCase())));
		const contact = facts.contacts.find(
			(c) =>
				!skip.includes(c.id) &&
				c.phones.length === 1 &&
				c.emails.length === 1 &&
				/^\+79\d{9}$/.test(e164(c.phones[0])) &&
				phones.get(e164(c.phones[0])) === 1 &&
				emails.get(c.emails[0].toLowerCase()) === 1 &&
				facts.deals.filter((d) => d.contactIds.includes(c.id)).length === 1,
		)!;
		expect(contact).toBeDefined();
		const deal = facts.deals.find((d) => d.contactIds.includes(contact.id))!;
		return { contact, deal };
	}

	test("a returning client found by email brings a new phone: it joins the contact's numbers, and a call from it then finds the deal", async () => {
		const { contact, deal } = await oneOfAKind();
		const newPhone = '+79997771234';
		await world.control('DELETE', 'requests');
		const result = await world.harness.run(dedupAgainst(world), {
			trigger: {
				items: [{ name: contact.name, email: contact.emails[0], phone: '8 999 777-12-34' }],
			},
		});
		expect(result.status).toBe('success');
		const [duplicate] = result.items('Lead Dedup', 1);
		expect(duplicateOf(duplicate)).toMatchObject({ contactId: contact.id, dealId: deal.id });
		expect(duplicateOf(duplicate).actions).toEqual({
			contactDetailsAdded: { phones: [newPhone], emails: [] },
		});
		// The lookup (amoCRM: the phone and the email searched, the contact's deals, the pipelines naming their stages;
		// Bitrix24: two batches), then the contact read once and written once (its stored phone and email kept).
		expect(await world.requestCount()).toBe(crmKind === 'amocrm' ? 4 + 2 : 2 + 2);
		const after = (await crmFacts(world)).contacts.find((c) => c.id === contact.id)!;
		expect(after.phones).toEqual([...contact.phones, newPhone]);
		expect(after.emails).toEqual(contact.emails);

		// The number alone now finds the client and their deal…
		const again = await world.harness.run(dedupAgainst(world), {
			trigger: { items: [{ name: 'Звонок', phone: newPhone }] },
		});
		expect(duplicateOf(again.items('Lead Dedup', 1)[0])).toMatchObject({
			keyType: 'phone',
			contactId: contact.id,
			dealId: deal.id,
		});
		expect(duplicateOf(again.items('Lead Dedup', 1)[0]).actions).toBeUndefined();
		// …and so does a call from it.
		const call = await world.harness.run(
			callAttemptsWorkflow(world, { dealLookup: 'phone', createTask: false }, `calls-${crmKind}`),
			{
				trigger: {
					items: [
						zadarmaCallEnd({
							callId: `new-${crmKind}-${Date.now()}`,
							phone: newPhone,
							disposition: 'busy',
						}),
					],
				},
			},
		);
		expect(call.status).toBe('success');
		const handled = [0, 1, 2, 3].flatMap((o) => call.items('Call Attempts', o));
		expect(handled).toHaveLength(1);
		expect((handled[0].deal as IDataObject).id).toBe(deal.id);
	});

	test('a returning client found by phone brings a new email: it is added; switched off, nothing is', async () => {
		const { contact } = await oneOfAKind();
		const lead = {
			name: contact.name,
			phone: contact.phones[0],
			email: 'Second.Address@Example.ru',
		};
		const off = await world.harness.run(dedupAgainst(world, { addContactDetails: false }), {
			trigger: { items: [lead] },
		});
		expect(duplicateOf(off.items('Lead Dedup', 1)[0]).actions).toBeUndefined();
		expect((await crmFacts(world)).contacts.find((c) => c.id === contact.id)!.emails).toEqual(
			contact.emails,
		);

		const on = await world.harness.run(dedupAgainst(world), { trigger: { items: [lead, lead] } });
		const [first, second] = on.items('Lead Dedup', 1);
		expect(duplicateOf(first).actions).toEqual({
			contactDetailsAdded: { phones: [], emails: ['second.address@example.ru'] },
		});
		// The second lead repeats the first within the input: nothing of it goes to the CRM.
		expect(duplicateOf(second).where).toBe('input');
		const after = (await crmFacts(world)).contacts.find((c) => c.id === contact.id)!;
		expect(after.emails).toEqual([...contact.emails, 'second.address@example.ru']);
		expect(after.phones).toEqual(contact.phones);

		// Run again: the address is known now, so nothing is written.
		const repeat = await world.harness.run(dedupAgainst(world), { trigger: { items: [lead] } });
		expect(duplicateOf(repeat.items('Lead Dedup', 1)[0]).actions).toBeUndefined();
		expect((await crmFacts(world)).contacts.find((c) => c.id === contact.id)!.emails).toHaveLength(
			2,
		);
	});

	test('a note marked with a text is written once: run again, the deal already has it and the duplicate says so', async () => {
		const client = seeded.ownedByResponsible;
		const marked = dedupAgainst(world, {
			noteExistingDeal: true,
			noteText: '=Вебинар 20.11.2026: {{ $json.name }} смотрел 75 мин',
			options: { noteMarker: '=Вебинар 20.11.2026' },
		});
		const lead = { name: client.name, phone: client.phone };
		const first = await world.harness.run(marked, { trigger: { items: [lead] } });
		expect(duplicateOf(first.items('Lead Dedup', 1)[0]).actions).toMatchObject({
			noteId: expect.any(String),
		});
		const second = await world.harness.run(marked, { trigger: { items: [lead] } });
		const actions = duplicateOf(second.items('Lead Dedup', 1)[0]).actions as IDataObject;
		expect(actions.noteId).toBeUndefined();
		expect(actions.noteFound).toMatchObject({
			dealId: client.dealId,
			noteId: (duplicateOf(first.items('Lead Dedup', 1)[0]).actions as IDataObject).noteId,
		});
		const notes = (await crmFacts(world)).notes.filter(
			(n) => n.dealId === client.dealId && n.text.includes('Вебинар 20.11.2026'),
		);
		expect(notes).toHaveLength(1);
	});

	test("1,000 leads (30% repeats within the input, 100 people already in the CRM): the right split, and the CRM check's request count", async () => {
		const facts = await crmFacts(world);
		const { leads, expected } = syntheticLeads(1_000, 0.3);
		// 100 people who write once get the phone of a contact the CRM has, in the CRM's own spelling.
		const repeated = new Set(expected.filter((e): e is number => e !== null));
		const once = leads
			.map((_, i) => i)
			.filter((i) => expected[i] === null && !repeated.has(i))
			.slice(0, 100);
		const taken = new Set<string>();
		const known = facts.contacts.filter((c) => {
			const phone = c.phones.length === 1 ? normalizePhone(c.phones[0]) : null;
			if (!phone?.ok || !phone.e164.startsWith('+79') || taken.has(phone.e164)) return false;
			taken.add(phone.e164);
			return true;
		});
		const shared = new Set(
			facts.contacts
				.flatMap((c) => c.phones.map((p) => (normalizePhone(p) as { e164?: string }).e164))
				.filter((p, i, all) => all.indexOf(p) !== i),
		);
		const planted = known
			.filter((c) => !shared.has((normalizePhone(c.phones[0]) as { e164: string }).e164))
			.slice(0, 100);
		once.forEach((i, k) => {
			leads[i].phone = planted[k].phones[0];
		});
		const national = planted.filter((c) => /^9\d{9}$/.test(c.phones[0]));
		await world.control('DELETE', 'requests');
		// The check alone is measured: the planted clients' new emails would be added to their contacts otherwise.
		const wide = {
			addContactDetails: false,
			...(crmKind === 'bitrix24' ? { options: { nationalPhoneLookups: true } } : {}),
		};
		const result = await world.harness.run(dedupAgainst(world, wide), {
			trigger: { items: leads as IDataObject[] },
		});
		expect(result.status).toBe('success');
		const [fresh, duplicates] = result.outputs('Lead Dedup');
		expect(fresh.length + duplicates.length).toBe(1_000);
		const where = duplicates.reduce<Record<string, number>>(
			(acc, d) => ({
				...acc,
				[String(duplicateOf(d).where)]: (acc[String(duplicateOf(d).where)] ?? 0) + 1,
			}),
			{},
		);
		expect(where.input).toBe(300);
		// Every planted client is found (the ones typed without +7 too), none of the made-up numbers is.
		expect(
			new Set(duplicates.filter((d) => duplicateOf(d).where === 'crm').map((d) => d.phone)),
		).toEqual(new Set(planted.map((c) => c.phones[0])));
		expect(fresh).toHaveLength(600);
		const requests = await world.requestCount();
		if (crmKind === 'bitrix24') {
			// With "Find Numbers Stored Without +7": 700 phones in two forms and 700 emails are 105 findbycomm commands,
			// three batches; the contacts, deals and stage lists ride along with the last two.
			expect(requests).toBe(3);
			expect(national.length).toBeGreaterThan(0);
			// By default (Bitrix24's own notion of a duplicate): 70 commands, two requests — the issue's acceptance —
			// and the clients stored without +7 are not found, as Bitrix24 itself would not find them.
			await world.control('DELETE', 'requests');
			const lean = await world.harness.run(dedupAgainst(world, { addContactDetails: false }), {
				trigger: { items: leads as IDataObject[] },
			});
			expect(await world.requestCount()).toBeLessThanOrEqual(2);
			expect(
				lean.items('Lead Dedup', 1).filter((d) => duplicateOf(d).where === 'crm'),
			).toHaveLength(100 - national.length);
		} else {
			// 1,400 keys against a 311-contact account: the index (its two pages; no probe, it ended long before 175
			// pages), the deals of the 100 contacts found (up to 250 ids a request), and the pipelines that name their stages.
			expect(requests).toBe(4);
		}
	});

	test('a CRM that refuses the credential sends the unchecked leads to the error output with its words; known repeats stay Duplicate', async () => {
		const broken: Record<string, string | number> =
			crmKind === 'amocrm'
				? {
						zone: 'sandbox',
						sandboxUrl: world.url,
						accessToken: 'not-a-token',
						requestsPerSecond: 7,
					}
				: { environment: 'sandbox', webhookUrl: `${world.url}/rest/1/wrongsecret/` };
		const credentialType = Object.keys(world.credentials)[0];
		world.harness.setCredentials(credentialType, broken, 'broken');
		const flow = dedupAgainst(world, {}, { onError: 'continueErrorOutput' });
		flow.nodes.find((n) => n.name === 'Lead Dedup')!.credentials = {
			[credentialType]: { id: 'broken', name: 'broken' },
		};
		const result = await world.harness.run(flow, {
			trigger: {
				items: [
					{ name: 'А', phone: '+79990001122' },
					{ name: 'А снова', phone: '8 999 000-11-22' },
				],
			},
		});
		expect(result.status).toBe('success');
		expect(result.items('Lead Dedup', 0)).toEqual([]);
		expect(result.items('Lead Dedup', 1).map((l) => l.name)).toEqual(['А снова']);
		const failed = result.items('Lead Dedup', 2);
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({ name: 'А', phone: '+79990001122' });
		expect(result.rawItems('Lead Dedup', 2)[0].pairedItem).toEqual({ item: 0 });
		expect(String(failed[0].error)).toMatch(crmKind === 'amocrm' ? /^amoCRM: / : /^Bitrix24: /);
	});
});

describe("Lead Dedup merges a Bitrix24 client's contacts", () => {
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld('bitrix24');
	});
	afterAll(() => world.close());

	test('two contacts of one person merge into the oldest; two different people on one number are a conflict', async () => {
		const result = await world.harness.run(dedupAgainst(world, { mergeContacts: true }), {
			trigger: {
				items: [
					{ name: 'Иван Петров', phone: '+79165550106' },
					{ name: 'Пётр', phone: '+79165550107' },
				],
			},
		});
		const [ivan, petr] = result.items('Lead Dedup', 1).map(duplicateOf);
		expect(ivan.actions).toMatchObject({
			merge: { status: 'merged', mergedContactIds: [expect.any(String)] },
		});
		expect(ivan.contactIds).toEqual([
			(ivan.actions as IDataObject & { merge: { keptContactId: string } }).merge.keptContactId,
		]);
		expect(petr.actions).toMatchObject({ merge: { status: 'conflict' } });
		const contacts = (await crmFacts(world)).contacts;
		const holding = (tail: string) =>
			contacts.filter((c) => c.phones.some((p) => p.replace(/\D/g, '').endsWith(tail)));
		expect(holding('5550106')).toEqual([
			expect.objectContaining({
				id: (ivan.actions as { merge: { keptContactId: string } }).merge.keptContactId,
				emails: ['ivan.petrov@mail.ru', 'i.petrov@yandex.ru'],
			}),
		]);
		expect(
			holding('5550107')
				.map((c) => c.name)
				.sort(),
		).toEqual(['Пётр Сидоров', 'Пётр Смирнов']);
	});

	test("a tag the portal's list lacks fails that lead alone, with Bitrix24's reason", async () => {
		const flow = dedupAgainst(
			world,
			{ tagExistingDeal: true, duplicateTag: 'Несуществующий тег' },
			{ onError: 'continueErrorOutput' },
		);
		const result = await world.harness.run(flow, {
			trigger: {
				items: [
					{ name: 'Мария', phone: '+79035550101' },
					{ name: 'Новая', phone: '+79990001133' },
				],
			},
		});
		expect(result.items('Lead Dedup', 0).map((l) => l.name)).toEqual(['Новая']);
		const [failed] = result.items('Lead Dedup', 2);
		expect(failed).toMatchObject({ name: 'Мария', phone: '+79035550101' });
		expect(String(failed.error)).toBe(
			'Bitrix24: tagging the existing deal: No tag "Несуществующий тег" in the field "Теги"; add the value in Bitrix24 or allow creating missing tags',
		);
	});
});

describe.each(CRMS)('Lead Dedup against %s with a claim store', (crmKind) => {
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
	});
	afterAll(() => world.close());

	const claimed = (id: string, claimOptions: INodeParameters = {}) =>
		onCrm(
			fixture,
			'Lead Dedup',
			world,
			{ scopes: ['input', 'history', 'crm'], claimStore: 'process', claimOptions },
			{ id, errorOutput: true },
		);

	test('a person another execution holds, of whom nothing reaches the CRM in the wait, fails with the reason and is never New', async () => {
		const flow = claimed(`claims-wait-${crmKind}`, { waitSeconds: 0 });
		const lead = {
			name: 'Занятый',
			phone: '+79990003344',
			receivedAt: '2026-11-23T09:00:00.000Z',
		};
		const first = await world.harness.run(flow, { trigger: { items: [lead] } });
		expect(first.items('New leads')).toHaveLength(1);
		const second = await world.harness.run(flow, {
			trigger: { items: [{ ...lead, phone: '8 999 000-33-44' }] },
		});
		expect(second.items('New leads')).toEqual([]);
		expect(second.items('Failed')).toEqual([
			expect.objectContaining({
				error: expect.stringMatching(
					/^Another execution \(.+\) is handling this person .* within 0 s$/,
				),
			}),
		]);
	});

	test('a person the history saw but the CRM does not have (their execution failed before the deal) is New again, not lost', async () => {
		const lead = { name: 'Потерянный', phone: '+79990005566', email: 'lost@example.ru' };
		const unclaimed = onCrm(
			fixture,
			'Lead Dedup',
			world,
			{ scopes: ['input', 'history', 'crm'], claimStore: 'none' },
			{ id: `claims-history-${crmKind}` },
		);
		expect(
			(await world.harness.run(unclaimed, { trigger: { items: [lead] } })).items('New leads'),
		).toHaveLength(1);
		// The same workflow (same history) now claims: the earlier execution wrote nothing, so this lead goes on.
		const withClaims = onCrm(
			fixture,
			'Lead Dedup',
			world,
			{ scopes: ['input', 'history', 'crm'], claimStore: 'process', claimOptions: {} },
			{ id: `claims-history-${crmKind}` },
		);
		const again = await world.harness.run(withClaims, { trigger: { items: [lead] } });
		expect(again.items('New leads')).toEqual([expect.objectContaining({ phone: '+79990005566' })]);
		expect(again.items('Duplicates')).toEqual([]);
	});
});
