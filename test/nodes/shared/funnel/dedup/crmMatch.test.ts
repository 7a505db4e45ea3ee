import type {
	ContactMatch,
	CrmDeal,
	CrmPipeline,
	StageSemantics,
} from '../../../../../nodes/shared/crm/types';
import {
	crmDuplicateOf,
	crmLookupKeys,
	keysTheCrmLacks,
	matchesByKey,
	mergeGroups,
	repeatRequestNote,
} from '../../../../../nodes/shared/funnel/dedup/crmMatch';
import {
	dedupKeysOf,
	type DedupSettings,
} from '../../../../../nodes/shared/funnel/dedup/dedupKeys';

const any: DedupSettings = { keys: ['phone', 'email'], match: 'any', byExternalId: true };
const all: DedupSettings = { ...any, match: 'all' };

function deal(id: string, semantics: StageSemantics, updatedAt: string, stageId = 's1'): CrmDeal {
	return {
		id,
		name: `Сделка ${id}`,
		pipelineId: 'p1',
		stageId,
		semantics,
		responsibleUserId: `u-${id}`,
		price: null,
		createdAt: updatedAt,
		updatedAt,
		closedAt: null,
		stageChangedAt: null,
		tags: [],
		contactIds: [],
		lossReasonId: null,
		url: null,
	};
}

function match(
	key: string,
	contactId: string,
	deals: CrmDeal[],
	options: { keyType?: 'phone' | 'email'; createdAt?: string; entity?: 'contact' | 'lead' } = {},
): ContactMatch {
	return {
		key,
		keyType: options.keyType ?? (key.includes('@') ? 'email' : 'phone'),
		entity: options.entity ?? 'contact',
		deals,
		contact: {
			id: contactId,
			name: `Клиент ${contactId}`,
			phones: [],
			emails: [],
			responsibleUserId: 'u-contact',
			dealIds: deals.map((d) => d.id),
			createdAt: options.createdAt ?? `2024-01-0${contactId}T00:00:00Z`,
		},
	};
}

const pipelines: CrmPipeline[] = [
	{
		id: 'p1',
		name: 'Вебинар',
		isMain: true,
		stages: [
			{
				id: 's1',
				name: 'Думает(поговорили)',
				pipelineId: 'p1',
				sort: 1,
				semantics: 'open',
				isIncoming: false,
			},
		],
	},
];

describe('CRM duplicates of leads', () => {
	test('looks up every phone and email once; All Keys looks up the phone and the email apart', () => {
		const leads = [
			dedupKeysOf({ phone: '8 916 123-45-67', email: 'A@B.RU' }, any),
			dedupKeysOf({ phone: '+79161234567' }, any),
		];
		expect(crmLookupKeys(leads)).toEqual({ phones: ['+79161234567'], emails: ['a@b.ru'] });
		expect(crmLookupKeys([dedupKeysOf({ phone: '+79161234567', email: 'a@b.ru' }, all)])).toEqual({
			phones: ['+79161234567'],
			emails: ['a@b.ru'],
		});
	});

	test('names the contact with an open deal, its stage and responsible, and the key that matched', () => {
		const lead = dedupKeysOf({ phone: '+79161234567', email: 'a@b.ru' }, any);
		const byKey = matchesByKey([
			match('+79161234567', '1', [deal('d1', 'lost', '2024-05-01')]),
			match('+79161234567', '2', [deal('d2', 'open', '2024-03-01')]),
			match('a@b.ru', '3', []),
		]);
		expect(crmDuplicateOf(lead, byKey, 'amocrm', pipelines)).toMatchObject({
			where: 'crm',
			keyType: 'phone',
			key: '+79161234567',
			contactId: '2',
			dealId: 'd2',
			dealName: 'Сделка d2',
			responsibleUserId: 'u-d2',
			pipelineName: 'Вебинар',
			stageName: 'Думает(поговорили)',
			stageSemantics: 'open',
			contactIds: ['1', '2', '3'],
		});
	});

	test('without an open deal the most recently updated deal wins; without deals, the oldest contact', () => {
		const lead = dedupKeysOf({ phone: '+79161234567' }, any);
		expect(
			crmDuplicateOf(
				lead,
				matchesByKey([
					match('+79161234567', '1', [deal('d1', 'lost', '2024-01-01')]),
					match('+79161234567', '2', [deal('d2', 'won', '2024-06-01')]),
				]),
				'bitrix24',
			),
		).toMatchObject({ dealId: 'd2', stageSemantics: 'won' });
		expect(
			crmDuplicateOf(
				lead,
				matchesByKey([
					match('+79161234567', '5', [], { createdAt: '2024-02-01' }),
					match('+79161234567', '4', [], { createdAt: '2024-03-01' }),
				]),
				'bitrix24',
			),
		).toMatchObject({
			contactId: '5',
			dealId: null,
			responsibleUserId: 'u-contact',
			stageSemantics: null,
		});
	});

	test('an email match counts when the phone finds nothing', () => {
		const lead = dedupKeysOf({ phone: '+79161234567', email: 'a@b.ru' }, any);
		expect(crmDuplicateOf(lead, matchesByKey([match('a@b.ru', '3', [])]), 'amocrm')).toMatchObject({
			keyType: 'email',
			key: 'a@b.ru',
			contactId: '3',
		});
		expect(
			crmDuplicateOf(
				dedupKeysOf({ phone: '+79031112233' }, any),
				matchesByKey([match('a@b.ru', '3', [])]),
				'amocrm',
			),
		).toBeNull();
	});

	test('with All Keys one contact must hold both the phone and the email', () => {
		const lead = dedupKeysOf({ phone: '+79161234567', email: 'a@b.ru' }, all);
		expect(
			crmDuplicateOf(
				lead,
				matchesByKey([match('+79161234567', '1', []), match('a@b.ru', '2', [])]),
				'amocrm',
			),
		).toBeNull();
		expect(
			crmDuplicateOf(
				lead,
				matchesByKey([match('+79161234567', '1', []), match('a@b.ru', '1', [])]),
				'amocrm',
			),
		).toMatchObject({ keyType: 'phone+email', key: '+79161234567|a@b.ru', contactId: '1' });
	});

	test('a Bitrix24 lead is a duplicate too, but never a merge candidate', () => {
		const lead = dedupKeysOf({ phone: '+79161234567' }, any);
		const duplicate = crmDuplicateOf(
			lead,
			matchesByKey([match('+79161234567', '7', [], { entity: 'lead' })]),
			'bitrix24',
		);
		expect(duplicate).toMatchObject({ entity: 'lead', contactId: '7', contactIds: [] });
	});

	test('merges the contacts of one person into the oldest, once however many leads found them', () => {
		const byKey = matchesByKey([match('+79161234567', '2', []), match('+79161234567', '1', [])]);
		const lead = dedupKeysOf({ phone: '+79161234567' }, any);
		const duplicates = [
			crmDuplicateOf(lead, byKey, 'bitrix24'),
			null,
			crmDuplicateOf(lead, byKey, 'bitrix24'),
			crmDuplicateOf(dedupKeysOf({ phone: '+79035550000' }, any), byKey, 'bitrix24'),
		];
		expect(mergeGroups(duplicates)).toEqual([{ keepId: '1', mergeIds: ['2'], leads: [0, 2] }]);
	});

	test("the note on the existing deal tells the new request in the manager's words", () => {
		expect(
			repeatRequestNote({
				name: 'Иван',
				phone: '+79161234567',
				phoneRaw: '8 (916) 123-45-67',
				email: 'ivan@mail.ru',
				source: 'site form',
				form: 'Заявка на курс',
				utm: { source: 'yandex', campaign: 'toy' },
				message: 'Перезвоните',
				receivedAt: '2026-05-14T10:00:00.000Z',
			}),
		).toBe(
			'Повторная заявка от клиента\nИмя: Иван\nТелефон: 8 (916) 123-45-67\nEmail: ivan@mail.ru\nИсточник: site form\nФорма: Заявка на курс\nUTM: source=yandex, campaign=toy\nСообщение: Перезвоните\nПолучена: 2026-05-14T10:00:00.000Z',
		);
	});
});

describe('the deal named when a pipeline is preferred', () => {
	const inPipeline = (d: CrmDeal, pipelineId: string): CrmDeal => ({ ...d, pipelineId });

	test("the client's deal in the preferred pipeline wins over a newer open deal elsewhere", () => {
		const lead = dedupKeysOf({ phone: '+79161234567' }, any);
		const elsewhere = inPipeline(deal('d1', 'open', '2024-05-02T00:00:00Z'), 'agency');
		const webinarLost = inPipeline(deal('d2', 'lost', '2024-03-01T00:00:00Z'), 'webinar');
		const webinarOpen = inPipeline(deal('d3', 'open', '2024-04-01T00:00:00Z'), 'webinar');
		const byKey = matchesByKey([match('+79161234567', '1', [elsewhere, webinarOpen, webinarLost])]);
		expect(crmDuplicateOf(lead, byKey, 'amocrm')?.dealId).toBe('d1');
		expect(crmDuplicateOf(lead, byKey, 'amocrm', [], 'webinar')?.dealId).toBe('d3');
		// Only a closed deal there: still that one (the most recent), not the open deal elsewhere.
		const closedOnly = matchesByKey([match('+79161234567', '1', [elsewhere, webinarLost])]);
		expect(crmDuplicateOf(lead, closedOnly, 'amocrm', [], 'webinar')?.dealId).toBe('d2');
		// No deal there at all: as without a preference.
		const none = matchesByKey([match('+79161234567', '1', [elsewhere])]);
		expect(crmDuplicateOf(lead, none, 'amocrm', [], 'webinar')?.dealId).toBe('d1');
	});

	test('of two records, the one with a deal in the preferred pipeline is named', () => {
		const lead = dedupKeysOf({ phone: '+79161234567' }, any);
		const byKey = matchesByKey([
			match('+79161234567', '1', [
				inPipeline(deal('d1', 'open', '2024-05-02T00:00:00Z'), 'agency'),
			]),
			match('+79161234567', '2', [
				inPipeline(deal('d2', 'lost', '2024-01-02T00:00:00Z'), 'webinar'),
			]),
		]);
		expect(crmDuplicateOf(lead, byKey, 'amocrm', [], 'webinar')).toMatchObject({
			contactId: '2',
			dealId: 'd2',
		});
	});
});

describe("the lead's details the CRM lacks", () => {
	test('phones and emails no record holds; a key some record holds is not new', () => {
		const lead = dedupKeysOf(
			{ phone: '+79161234567', otherPhones: ['+79990001122'], email: 'new@example.ru' },
			any,
		);
		const byKey = matchesByKey([match('+79161234567', '1', [])]);
		expect(keysTheCrmLacks(lead, byKey)).toEqual({
			phones: ['+79990001122'],
			emails: ['new@example.ru'],
		});
		expect(
			keysTheCrmLacks(dedupKeysOf({ phone: '+79161234567', email: 'a@b.ru' }, all), byKey),
		).toEqual({ phones: [], emails: ['a@b.ru'] });
	});
});
