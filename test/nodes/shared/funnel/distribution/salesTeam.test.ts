import type { CrmUser } from '../../../../../nodes/shared/crm/types';
import {
	defaultSalesTeam,
	describeLeftOut,
	notASellerBecause,
} from '../../../../../nodes/shared/funnel/distribution/salesTeam';

const user = (id: string, extra: Partial<CrmUser> = {}): CrmUser => ({
	id,
	name: `User ${id}`,
	email: null,
	active: true,
	...extra,
});

describe('the default sales team (nobody named)', () => {
	test('leaves out the administrator, the owner, the integration user, outsiders, bots and leavers', () => {
		const users = [
			user('1', { isAdmin: true, isOwner: true, isTechnical: true }),
			user('2'),
			user('3', { kind: 'employee' }),
			user('4', { active: false }),
			user('5', { kind: 'free' }),
			user('6', { kind: 'extranet' }),
			user('7', { kind: 'email' }),
			user('8', { kind: 'bot' }),
			user('9', { isAdmin: true }),
			user('10', { isOwner: true }),
			user('11', { isTechnical: true }),
		];
		const team = defaultSalesTeam(users);
		expect(team.sellers.map((u) => u.id)).toEqual(['2', '3']);
		expect(Object.fromEntries(team.leftOut.map((u) => [u.id, u.reasons]))).toEqual({
			'1': ['administrator', "the account's owner", "the integration's own user"],
			'4': ['deactivated'],
			'5': ['a free user'],
			'6': ['an extranet user'],
			'7': ['an e-mail user'],
			'8': ['a bot'],
			'9': ['administrator'],
			'10': ["the account's owner"],
			'11': ["the integration's own user"],
		});
	});

	test('an admin flag the CRM did not report (undefined) does not leave a user out', () => {
		expect(notASellerBecause(user('2', { isAdmin: undefined }))).toEqual([]);
	});

	test('users named as never owning clients are left out too', () => {
		const team = defaultSalesTeam([user('2'), user('3')], ['3']);
		expect(team.sellers.map((u) => u.id)).toEqual(['2']);
		expect(team.leftOut).toEqual([
			{ id: '3', name: 'User 3', reasons: ['listed as never owning clients'] },
		]);
	});

	test('says who was left out and why, shortened past a limit', () => {
		const team = defaultSalesTeam([
			user('1', { name: 'Админ', isAdmin: true }),
			user('2', { active: false }),
			user('3', { active: false }),
		]);
		expect(team.sellers).toEqual([]);
		expect(describeLeftOut(team.leftOut, 2)).toBe(
			'Админ (1): administrator; User 2 (2): deactivated; 1 more',
		);
	});
});
