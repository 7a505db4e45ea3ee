import type { ContactMatch, CrmDeal } from '../../../../../nodes/shared/crm/types';
import { personDoubles } from '../../../../../nodes/shared/funnel/dedup/reconcile';

const deal = (
	id: string,
	createdAt: string,
	semantics: CrmDeal['semantics'] = 'open',
): CrmDeal => ({
	id,
	name: `Сделка ${id}`,
	pipelineId: 'p',
	stageId: 's',
	semantics,
	responsibleUserId: null,
	price: null,
	createdAt,
	updatedAt: createdAt,
	closedAt: null,
	stageChangedAt: null,
	tags: [],
	contactIds: [],
	lossReasonId: null,
	url: null,
});
const match = (contactId: string, createdAt: string, deals: CrmDeal[]): ContactMatch => ({
	key: '+79990001122',
	keyType: 'phone',
	entity: 'contact',
	contact: {
		id: contactId,
		name: 'Клиент',
		phones: [],
		emails: [],
		responsibleUserId: null,
		dealIds: deals.map((d) => d.id),
		createdAt,
	},
	deals: deals.map((d) => ({ ...d, contactIds: [contactId] })),
});

const SINCE = '2026-11-23T09:00:00.000Z';

describe('personDoubles: what reconciling one person decides', () => {
	test('two open deals written within the window: the oldest stays, the later is a double; the later contact too', () => {
		const doubles = personDoubles(
			[
				match('11', '2026-11-23T09:05:00.000Z', [deal('101', '2026-11-23T09:05:00.000Z')]),
				match('12', '2026-11-23T09:05:00.000Z', [deal('102', '2026-11-23T09:05:00.000Z')]),
			],
			SINCE,
		);
		expect(doubles).toMatchObject({
			keepDeal: { id: '101' },
			closeDeals: [{ id: '102' }],
			keepContactId: '11',
			mergeContactIds: ['12'],
		});
	});

	test('an older deal in work and one written now are not doubles: older deals are never touched', () => {
		expect(
			personDoubles(
				[
					match('11', '2026-01-01T00:00:00.000Z', [
						deal('90', '2026-01-01T00:00:00.000Z'),
						deal('101', '2026-11-23T09:05:00.000Z'),
					]),
				],
				SINCE,
			),
		).toBeNull();
	});

	test('closed deals do not count', () => {
		expect(
			personDoubles(
				[
					match('11', SINCE, [
						deal('101', '2026-11-23T09:05:00.000Z'),
						deal('102', '2026-11-23T09:06:00.000Z', 'lost'),
					]),
				],
				SINCE,
			),
		).toBeNull();
	});
});
