/**
 * Who takes leads when nobody was named: the CRM's users who sell. An administrator, the account's owner, the user
 * an integration works as (the token's or the webhook's user), a bot, a deactivated user, and anyone outside the
 * staff (an amoCRM free user, a Bitrix24 extranet or e-mail user) is left out — they often have the fewest open
 * deals, so a "fair" strategy would hand them every lead. Naming a user explicitly always wins.
 */
import type { CrmUser } from '../../crm/types';

export interface LeftOut {
	id: string;
	name: string;
	/** Why the user takes no leads by default, in the user's words: "administrator", "deactivated"… */
	reasons: string[];
}

export interface DefaultTeam {
	/** The users who sell, in the CRM's order. */
	sellers: CrmUser[];
	leftOut: LeftOut[];
}

/** Why this user is not a default candidate for leads; empty when they are one. */
export function notASellerBecause(user: CrmUser): string[] {
	const reasons: string[] = [];
	if (!user.active) reasons.push('deactivated');
	if (user.isAdmin) reasons.push('administrator');
	if (user.isOwner) reasons.push("the account's owner");
	if (user.isTechnical) reasons.push("the integration's own user");
	switch (user.kind) {
		case 'free':
			reasons.push('a free user');
			break;
		case 'extranet':
			reasons.push('an extranet user');
			break;
		case 'email':
			reasons.push('an e-mail user');
			break;
		case 'bot':
			reasons.push('a bot');
			break;
	}
	return reasons;
}

/** The default team: every user who sells; `excluded` ids (e.g. "never own clients") are left out too. */
export function defaultSalesTeam(
	users: Iterable<CrmUser>,
	excluded: Iterable<string> = [],
): DefaultTeam {
	const never = new Set(excluded);
	const sellers: CrmUser[] = [];
	const leftOut: LeftOut[] = [];
	for (const user of users) {
		const reasons = notASellerBecause(user);
		if (never.has(user.id)) reasons.push('listed as never owning clients');
		if (reasons.length) leftOut.push({ id: user.id, name: user.name, reasons });
		else sellers.push(user);
	}
	return { sellers, leftOut };
}

/** "Анна (1): administrator, the account's owner; Бот (7): a bot" — for an error that says why nobody is left. */
export function describeLeftOut(leftOut: readonly LeftOut[], limit = 8): string {
	const shown = leftOut
		.slice(0, limit)
		.map((u) => `${u.name || u.id} (${u.id}): ${u.reasons.join(', ')}`);
	if (leftOut.length > limit) shown.push(`${leftOut.length - limit} more`);
	return shown.join('; ');
}
