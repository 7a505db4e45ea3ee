import {
	checkOwnership,
	clientFromCrm,
	stageSemanticsOf,
} from '../../../../../nodes/shared/funnel/distribution/ownershipGuard';

describe('ownership guard of seed 001', () => {
	test("a client with another manager's open task is owned by that manager", () => {
		expect(
			checkOwnership({
				tasks: [
					{ responsibleUserId: '7', completed: true },
					{ responsibleUserId: '8', completed: false },
				],
			}),
		).toEqual({
			owned: true,
			ownerId: '8',
			rule: 'openTask',
			reason: 'has an open task of manager 8',
		});
	});

	test('a client whose responsible is another manager, in any stage but closed-lost, is owned', () => {
		expect(checkOwnership({ responsibleUserId: '7', stage: 'open' })).toMatchObject({
			owned: true,
			ownerId: '7',
			rule: 'responsible',
		});
		expect(checkOwnership({ responsibleUserId: '7', stage: 'won' })).toMatchObject({
			owned: true,
			reason: expect.stringContaining('a won deal'),
		});
	});

	test('a client closed as «Закрыто и не реализовано» is free to take', () => {
		expect(checkOwnership({ responsibleUserId: '7', stage: 'lost' })).toEqual({ owned: false });
	});

	test('a client with no deal and no open task is free, even with a responsible on the contact', () => {
		expect(checkOwnership({ responsibleUserId: '7' })).toEqual({ owned: false });
	});

	test('deals one by one: one open deal of a manager is enough', () => {
		expect(
			checkOwnership({
				deals: [
					{ responsibleUserId: '7', semantics: 'lost' },
					{ responsibleUserId: '9', semantics: 'open' },
				],
			}),
		).toMatchObject({ owned: true, ownerId: '9' });
		expect(checkOwnership({ deals: [{ responsibleUserId: '7', semantics: 'lost' }] })).toEqual({
			owned: false,
		});
	});

	test("the claimant's own task or deal does not block them", () => {
		expect(
			checkOwnership(
				{ responsibleUserId: '7', stage: 'open', tasks: [{ responsibleUserId: '7' }] },
				{ claimant: '7' },
			),
		).toEqual({ owned: false });
	});

	test('an administrator or robot user never owns a client', () => {
		expect(
			checkOwnership(
				{ responsibleUserId: 'Robot', stage: 'open', tasks: [{ responsibleUserId: 'robot' }] },
				{ notOwners: ['robot'] },
			),
		).toEqual({ owned: false });
	});

	test.each([
		['open', 'open'],
		['Закрыто и не реализовано', 'lost'],
		['143', 'lost'],
		['C1:LOSE', 'lost'],
		['APOLOGY', 'lost'],
		['Успешно реализовано', 'won'],
		['142', 'won'],
		['WON', 'won'],
		['C3:WON', 'won'],
		['Думает(поговорили)', 'open'],
		['', null],
		[null, null],
	])('reads the stage %j as %j', (value, semantics) => {
		expect(stageSemanticsOf(value)).toBe(semantics);
	});
});

describe('ownership from what the CRM found', () => {
	const deal = (id: string, responsibleUserId: string, semantics: 'open' | 'won' | 'lost') => ({
		id,
		name: id,
		pipelineId: 'p',
		stageId: 's',
		semantics,
		responsibleUserId,
		price: null,
		createdAt: '',
		updatedAt: '',
		closedAt: null,
		stageChangedAt: null,
		tags: [],
		contactIds: [],
		lossReasonId: null,
		url: null,
	});
	const match = (contactId: string, deals: ReturnType<typeof deal>[]) => ({
		key: '+79161234567',
		keyType: 'phone' as const,
		entity: 'contact' as const,
		deals,
		contact: {
			id: contactId,
			name: 'Клиент',
			phones: [],
			emails: [],
			responsibleUserId: null,
			dealIds: deals.map((d) => d.id),
			createdAt: null,
		},
	});
	const task = (id: string, dealId: string, responsibleUserId: string, completed = false) => ({
		id,
		dealId,
		text: '',
		dueAt: '',
		responsibleUserId,
		completed,
		createdAt: null,
	});

	test("another manager's open task on any of the client's deals makes them owned, naming the task and the deal", () => {
		const client = clientFromCrm(
			[match('c1', [deal('d1', '5', 'lost')]), match('c2', [deal('d2', '6', 'lost')])],
			[task('t1', 'd2', '7'), task('t9', 'd-other', '8')],
		);
		expect(checkOwnership(client)).toEqual({
			owned: true,
			ownerId: '7',
			rule: 'openTask',
			reason: 'has an open task of manager 7',
			taskId: 't1',
			dealId: 'd2',
		});
	});

	test('the responsible of an open deal owns the client even when an older deal was lost; a deal found twice counts once', () => {
		const lost = deal('d1', '5', 'lost');
		const client = clientFromCrm(
			[match('c1', [lost, deal('d2', '6', 'open')]), match('c1', [lost])],
			[],
		);
		expect(client.deals).toHaveLength(2);
		expect(checkOwnership(client)).toMatchObject({
			owned: true,
			ownerId: '6',
			rule: 'responsible',
			dealId: 'd2',
		});
	});

	test('only lost deals and no open task: free to take', () => {
		expect(
			checkOwnership(
				clientFromCrm([match('c1', [deal('d1', '5', 'lost')])], [task('t1', 'd1', '5', true)]),
			),
		).toEqual({ owned: false });
	});
});
