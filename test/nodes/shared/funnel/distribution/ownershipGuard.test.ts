import { checkOwnership, stageSemanticsOf } from '../../../../../nodes/shared/funnel/distribution/ownershipGuard';

describe('ownership guard of seed 001', () => {
	test('a client with another manager\'s open task is owned by that manager', () => {
		expect(checkOwnership({ tasks: [{ responsibleUserId: '7', completed: true }, { responsibleUserId: '8', completed: false }] })).toEqual({
			owned: true, ownerId: '8', rule: 'openTask', reason: 'has an open task of manager 8',
		});
	});

	test('a client whose responsible is another manager, in any stage but closed-lost, is owned', () => {
		expect(checkOwnership({ responsibleUserId: '7', stage: 'open' })).toMatchObject({ owned: true, ownerId: '7', rule: 'responsible' });
		expect(checkOwnership({ responsibleUserId: '7', stage: 'won' })).toMatchObject({ owned: true, reason: expect.stringContaining('a won deal') });
	});

	test('a client closed as «Закрыто и не реализовано» is free to take', () => {
		expect(checkOwnership({ responsibleUserId: '7', stage: 'lost' })).toEqual({ owned: false });
	});

	test('a client with no deal and no open task is free, even with a responsible on the contact', () => {
		expect(checkOwnership({ responsibleUserId: '7' })).toEqual({ owned: false });
	});

	test('deals one by one: one open deal of a manager is enough', () => {
		expect(checkOwnership({ deals: [{ responsibleUserId: '7', semantics: 'lost' }, { responsibleUserId: '9', semantics: 'open' }] })).toMatchObject({ owned: true, ownerId: '9' });
		expect(checkOwnership({ deals: [{ responsibleUserId: '7', semantics: 'lost' }] })).toEqual({ owned: false });
	});

	test('the claimant\'s own task or deal does not block them', () => {
		expect(checkOwnership({ responsibleUserId: '7', stage: 'open', tasks: [{ responsibleUserId: '7' }] }, { claimant: '7' })).toEqual({ owned: false });
	});

	test('an administrator or robot user never owns a client', () => {
		expect(checkOwnership({ responsibleUserId: 'Robot', stage: 'open', tasks: [{ responsibleUserId: 'robot' }] }, { notOwners: ['robot'] })).toEqual({ owned: false });
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
