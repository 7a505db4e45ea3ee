import { DateTime } from 'luxon';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../../harness/runWorkflow';
import { crmFacts, seededAccount, type SeededAccount } from '../../support/crmFacts';
import { crmState } from '../../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { onCrm } from '../../support/crmWorkflow';
import workflow from './leadTagger.workflow.json';

const fixture = workflow as unknown as WorkflowJson;

function taggerWriting(
	world: CrmWorld,
	parameters: INodeParameters = {},
	settings: { onError?: string } = {},
): WorkflowJson {
	return onCrm(
		fixture,
		'Lead Tagger',
		world,
		{ rules: {}, ...parameters },
		{ id: `tagger-crm-${world.crm}`, errorOutput: settings.onError === 'continueErrorOutput' },
	);
}

describe.each(CRMS)('Lead Tagger writing tags to %s (emulator with its real limits)', (crmKind) => {
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

	const dealTags = async (dealId: string) =>
		(await crmFacts(world)).deals.find((d) => d.id === dealId)!.tags;
	const manager = () => (crmKind === 'amocrm' ? 'Ирина' : 'Анна');

	test("adds the decided tags to each deal — from the item's dealId or the deal Lead Dedup found — and keeps the deal's own", async () => {
		const first = seeded.ownedByResponsible.dealId;
		const second = seeded.formerClient.dealId;
		const before = { first: await dealTags(first), second: await dealTags(second) };
		await world.control('DELETE', 'requests');
		const result = await world.harness.run(taggerWriting(world), {
			trigger: {
				items: [
					{ name: 'Вакансия', form: 'Вакансии', dealId: first, assignee: { name: manager() } },
					{
						name: 'Повторный',
						form: 'Заявка',
						duplicateOf: { where: 'crm', dealId: second },
						assignee: { name: manager() },
					},
					{ name: 'Без сделки', form: 'Вакансии' },
				],
			},
		});
		expect(result.status).toBe('success');
		const tagged = result.items('Lead Tagger');
		expect(tagged.map((l) => l.crmTags)).toEqual([
			{ dealId: first, tags: ['Вакансия', manager()] },
			{ dealId: second, tags: [manager()] },
			{ dealId: null, skipped: 'no deal ID' },
		]);
		expect((await dealTags(first)).sort()).toEqual(
			[...new Set([...before.first, 'Вакансия', manager()])].sort(),
		);
		expect((await dealTags(second)).sort()).toEqual(
			[...new Set([...before.second, manager()])].sort(),
		);
		// amoCRM: one PATCH with tags_to_add for both deals. Bitrix24: the deal fields, the deals' current tags, the writes.
		expect(await world.requestCount()).toBe(crmKind === 'amocrm' ? 1 : 3);
	});

	test('300 deals are tagged in a few requests, never one per deal', async () => {
		const deals = (await crmFacts(world)).deals.slice(0, 300);
		await world.control('DELETE', 'requests');
		const result = await world.harness.run(
			taggerWriting(world, {
				managerTag: '',
				rules: { rule: [{ field: 'name', condition: 'isNotEmpty', tags: 'B' }] },
			}),
			{
				trigger: { items: deals.map((d) => ({ name: d.name, dealId: d.id })) },
			},
		);
		expect(
			result.items('Lead Tagger').every((l) => (l.crmTags as IDataObject).tags !== undefined),
		).toBe(true);
		const after = await crmFacts(world);
		expect(deals.every((d) => after.deals.find((a) => a.id === d.id)!.tags.includes('B'))).toBe(
			true,
		);
		// amoCRM: PATCH 250 + 50. Bitrix24: fields; current tags (6 lists in one batch); the deals without B yet, 50 updates a batch.
		const written = deals.filter((d) => !d.tags.includes('B')).length;
		expect(await world.requestCount()).toBe(crmKind === 'amocrm' ? 2 : 2 + Math.ceil(written / 50));
	});

	test('"All the Lead\'s Tags" writes the tags the item came with too', async () => {
		const dealId = seeded.ownedByTask.dealId;
		const result = await world.harness.run(taggerWriting(world, { tagsToWrite: 'all' }), {
			trigger: { items: [{ name: 'Клиент', form: 'Вакансии', tags: ['Партнер'], dealId }] },
		});
		expect(result.items('Lead Tagger')[0].crmTags).toEqual({
			dealId,
			tags: ['Партнер', 'Вакансия'],
		});
		expect(await dealTags(dealId)).toEqual(expect.arrayContaining(['Партнер', 'Вакансия']));
	});

	test('a deal ID that is not a number fails that item alone, on the error output', async () => {
		const dealId = seeded.ownedByTask.dealId;
		const result = await world.harness.run(
			taggerWriting(world, {}, { onError: 'continueErrorOutput' }),
			{
				trigger: {
					items: [
						{ name: 'Плохой', form: 'Вакансии', dealId: 'сделка Ивана' },
						{ name: 'Хороший', form: 'Вакансии', dealId },
					],
				},
			},
		);
		expect(result.items('Lead Tagger', 0).map((l) => l.name)).toEqual(['Хороший']);
		expect(result.items('Lead Tagger', 1)).toEqual([
			expect.objectContaining({ name: 'Плохой', error: '"сделка Ивана" is not a deal ID' }),
		]);
	});

	test("fills the card's fields found by name — a lead field, else the contact's on amoCRM — and names the ones the account lacks", async () => {
		const client = seeded.ownedByResponsible;
		// The seeded accounts keep the webinar card differently: amoCRM on the contact, Bitrix24 on the deal.
		const names =
			crmKind === 'amocrm'
				? { date: 'дата последнего  вебинара', minutes: 'Время на вебинаре, мин' }
				: { date: 'Дата последнего вебинара', minutes: 'минут на вебинаре' };
		const result = await world.harness.run(
			taggerWriting(world, {
				managerTag: '',
				crmFields: {
					field: [
						{ name: names.date, value: '20.11.2026' },
						{ name: names.minutes, value: '75' },
						{ name: 'Нет такого поля', value: 'x' },
					],
				},
			}),
			{ trigger: { items: [{ name: client.name, dealId: client.dealId }] } },
		);
		expect(result.status).toBe('success');
		expect(result.items('Lead Tagger')[0].crmFields).toEqual({
			dealId: client.dealId,
			// Names are reported as given, spacing tidied.
			written: [names.date.replace(/\s+/g, ' '), names.minutes],
			missing: ['Нет такого поля'],
		});
		const state = await crmState(world);
		const deal = state.deals.find((d) => d.id === client.dealId)!;
		if (crmKind === 'amocrm') {
			const contact = state.contacts.find((c) => c.id === deal.contactIds[0])!;
			expect(contact.fields).toMatchObject({
				'Дата последнего вебинара': Math.floor(Date.UTC(2026, 10, 20, 12) / 1000),
				'Время на вебинаре, мин': '75',
			});
		} else {
			const stored = Number(deal.fields['Дата последнего вебинара']);
			expect(DateTime.fromMillis(stored, { zone: 'Europe/Moscow' }).toISODate()).toBe('2026-11-20');
			expect(Number(deal.fields['Минут на вебинаре'])).toBe(75);
		}
	});

	test('a value the field cannot take fails that item alone with the reason', async () => {
		const client = seeded.ownedByResponsible;
		const date = 'Дата последнего вебинара';
		const result = await world.harness.run(
			taggerWriting(
				world,
				{ managerTag: '', crmFields: { field: [{ name: date, value: 'вчера' }] } },
				{ onError: 'continueErrorOutput' },
			),
			{ trigger: { items: [{ name: client.name, dealId: client.dealId }] } },
		);
		const [failed] = result.items('Failed');
		expect(String(failed.error)).toContain('«Дата последнего вебинара»: "вчера" is not a date');
	});
});

describe('Lead Tagger on Bitrix24: a tag the tags list lacks', () => {
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld('bitrix24');
	});
	afterAll(() => world.close());
	beforeEach(() => world.control('POST', 'reset'));

	test("fails that item with Bitrix24's reason; the others are written", async () => {
		const [a, b] = (await crmFacts(world)).deals;
		const flow = taggerWriting(
			world,
			{ managerTag: '={{ $json.manager }}' },
			{ onError: 'continueErrorOutput' },
		);
		const result = await world.harness.run(flow, {
			trigger: {
				items: [
					{ name: 'Новый менеджер', dealId: a.id, manager: 'Евгений' },
					{ name: 'Анна', dealId: b.id, manager: 'Анна' },
				],
			},
		});
		expect(result.items('Lead Tagger', 0)).toEqual([
			expect.objectContaining({ name: 'Анна', crmTags: { dealId: b.id, tags: ['Анна'] } }),
		]);
		const [failed] = result.items('Lead Tagger', 1);
		expect(failed).toMatchObject({
			name: 'Новый менеджер',
			error: `Bitrix24: tagging deal ${a.id}: No tag "Евгений" in the field "Теги"; add the value in Bitrix24 or allow creating missing tags`,
		});
	});

	test('with "Create Missing Tag Values" the list gains the value and the deal gets it', async () => {
		const [a] = (await crmFacts(world)).deals;
		const result = await world.harness.run(
			taggerWriting(world, { managerTag: 'Евгений', options: { createMissingTags: true } }),
			{ trigger: { items: [{ name: 'X', dealId: a.id }] } },
		);
		expect(result.items('Lead Tagger')[0].crmTags).toEqual({ dealId: a.id, tags: ['Евгений'] });
		expect((await crmFacts(world)).deals.find((d) => d.id === a.id)!.tags).toContain('Евгений');
	});
});
