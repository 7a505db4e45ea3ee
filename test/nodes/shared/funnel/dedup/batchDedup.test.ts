import {
	dedupWithinInput,
	matchHistory,
	storedKeysOf,
} from '../../../../../nodes/shared/funnel/dedup/batchDedup';
import {
	dedupKeysOf,
	KeyCache,
	type DedupSettings,
	type LeadIdentity,
} from '../../../../../nodes/shared/funnel/dedup/dedupKeys';
import { duplicateFromCrmMatch } from '../../../../../nodes/shared/funnel/dedup/duplicateOf';
import { syntheticLeads } from '../../../../fixtures/syntheticLeads';

const any: DedupSettings = { keys: ['phone', 'email'], match: 'any', byExternalId: true };

function dedup(leads: LeadIdentity[], settings = any) {
	const cache = new KeyCache(settings);
	return dedupWithinInput(leads.map((l) => dedupKeysOf(l, settings, cache)));
}

describe('dedup within one input', () => {
	test('the second lead with the same phone (another format) duplicates the first', () => {
		expect(
			dedup([{ phone: '+79161234567' }, { phone: '8 916 123-45-67' }, { phone: '+79031112233' }]),
		).toEqual([
			null,
			{ where: 'input', keyType: 'phone', key: '+79161234567', itemIndex: 0, firstItemIndex: 0 },
			null,
		]);
	});

	test('"any": a shared email is enough', () => {
		expect(
			dedup([
				{ phone: '+79161234567', email: 'a@b.ru' },
				{ phone: '+79031112233', email: 'A@B.RU' },
			])[1],
		).toEqual({
			where: 'input',
			keyType: 'email',
			key: 'a@b.ru',
			itemIndex: 0,
			firstItemIndex: 0,
		});
	});

	test('"any" follows chains: A —phone— B —email— C are one person, C points at B and the chain at A', () => {
		const result = dedup([
			{ phone: '+79161234567' },
			{ phone: '+79161234567', email: 'b@b.ru' },
			{ email: 'b@b.ru' },
		]);
		expect(result[2]).toEqual({
			where: 'input',
			keyType: 'email',
			key: 'b@b.ru',
			itemIndex: 1,
			firstItemIndex: 0,
		});
	});

	test('a lead joining two people links both chains under the earliest', () => {
		const result = dedup([
			{ phone: '+79161234567' },
			{ email: 'x@y.ru' },
			{ phone: '+79161234567', email: 'x@y.ru' },
			{ email: 'x@y.ru' },
		]);
		expect(result.slice(0, 2)).toEqual([null, null]);
		expect(result[2]).toMatchObject({ itemIndex: 0, firstItemIndex: 0, keyType: 'phone' });
		// Item 1 went out New before item 2 linked it; later leads of its chain now lead back to item 0.
		expect(result[3]).toMatchObject({ itemIndex: 1, firstItemIndex: 0, keyType: 'email' });
	});

	test('"all": the same phone with another email is a new lead', () => {
		const all = { ...any, match: 'all' as const };
		expect(
			dedup(
				[
					{ phone: '+79161234567', email: 'a@b.ru' },
					{ phone: '+79161234567', email: 'c@d.ru' },
					{ phone: '89161234567', email: 'A@b.ru' },
				],
				all,
			),
		).toEqual([
			null,
			null,
			{
				where: 'input',
				keyType: 'phone+email',
				key: '+79161234567|a@b.ru',
				itemIndex: 0,
				firstItemIndex: 0,
			},
		]);
	});

	test('a repeated submission (same tranid) is a duplicate even with other contacts', () => {
		expect(
			dedup([
				{ externalId: '1:1', channel: 'tilda', phone: '+79161234567' },
				{ externalId: '1:1', channel: 'tilda', email: 'other@b.ru' },
			])[1],
		).toEqual({
			where: 'input',
			keyType: 'externalId',
			key: 'tilda|1:1',
			itemIndex: 0,
			firstItemIndex: 0,
		});
	});

	test('leads without any key are never duplicates', () => {
		expect(dedup([{ phone: '' }, { phone: '' }])).toEqual([null, null]);
	});

	test('10,000 leads with 30% duplicates (mixed formats, upper-case emails): exactly the repeats are found', () => {
		const { leads, expected } = syntheticLeads(10_000, 0.3);
		const result = dedup(leads);
		expect(result.map((r) => (r ? r.firstItemIndex : null))).toEqual(expected);
		expect(result.filter(Boolean)).toHaveLength(3_000);
	});
});

describe('dedup against earlier executions', () => {
	test('lists every distinct key once for the store', () => {
		const keys = [
			{ phone: '+79161234567', email: 'a@b.ru', externalId: '7', channel: 'tilda' },
			{ phone: '89161234567' },
		].map((l) => dedupKeysOf(l, any));
		expect(storedKeysOf(keys)).toEqual([
			'externalId:tilda|7',
			'phone:+79161234567',
			'email:a@b.ru',
		]);
	});

	test('a lead is a history duplicate when the store knew one of its keys, the submission id first', () => {
		const keys = dedupKeysOf(
			{ phone: '+79161234567', email: 'a@b.ru', externalId: '7', channel: 'tilda' },
			any,
		);
		expect(matchHistory(keys, new Set(['email:a@b.ru']))).toEqual({
			where: 'history',
			keyType: 'email',
			key: 'a@b.ru',
		});
		expect(matchHistory(keys, new Set(['email:a@b.ru', 'externalId:tilda|7']))).toEqual({
			where: 'history',
			keyType: 'externalId',
			key: 'tilda|7',
		});
		expect(matchHistory(keys, new Set())).toBeNull();
	});
});

describe('the CRM duplicate a CRM adapter will report', () => {
	test('shows the open deal and its responsible', () => {
		const deal = (id: string, semantics: 'open' | 'won' | 'lost', responsibleUserId: string) => ({
			id,
			name: 'Сделка',
			pipelineId: 'p1',
			stageId: `s-${id}`,
			semantics,
			responsibleUserId,
			price: null,
			createdAt: '',
			updatedAt: '',
			closedAt: null,
			stageChangedAt: null,
			tags: [],
			contactIds: ['c1'],
			lossReasonId: null,
			url: `https://x/${id}`,
		});
		const duplicate = duplicateFromCrmMatch('amocrm', {
			key: '+79161234567',
			keyType: 'phone',
			entity: 'contact',
			contact: {
				id: 'c1',
				name: 'Иван',
				phones: ['8 916 123-45-67'],
				emails: [],
				responsibleUserId: 'u9',
				dealIds: ['d1', 'd2'],
				createdAt: null,
			},
			deals: [deal('d1', 'lost', 'u1'), deal('d2', 'open', 'u2')],
		});
		expect(duplicate).toEqual({
			where: 'crm',
			keyType: 'phone',
			key: '+79161234567',
			crm: 'amocrm',
			entity: 'contact',
			contactId: 'c1',
			contactName: 'Иван',
			contactIds: ['c1'],
			dealId: 'd2',
			dealName: 'Сделка',
			responsibleUserId: 'u2',
			pipelineId: 'p1',
			pipelineName: null,
			stageId: 's-d2',
			stageName: null,
			stageSemantics: 'open',
			dealUrl: 'https://x/d2',
		});
	});
});
