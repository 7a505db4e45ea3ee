import type { ContactMatch, CrmContact, CrmDeal } from '../../crm/types';

/** What reconciling one person decides: the deal and contact that stay, and the doubles made within the window. */
export interface PersonDoubles {
	keepDeal: CrmDeal;
	/** Open deals of the person created within the window after the kept one: tagged «Дубль», linked, closed. */
	closeDeals: CrmDeal[];
	keepContactId: string;
	/** Contacts of the person created within the window besides the kept one (Bitrix24 merges them into it). */
	mergeContactIds: string[];
}

/**
 * The doubles of one person after writing: every open deal of the contacts the person's keys found, created since
 * `since` (the window in which two executions could have written the same person at once). More than one such deal
 * means two executions both took the person as new: the oldest deal stays (the first written, as the CRM numbers and
 * dates them), the others are doubles. Contacts: the oldest of the person stays; the ones created within the window
 * besides it are doubles too. Deals and contacts older than the window are never touched — a person may well have an
 * older deal in work that a workflow knowingly left alone. Pure.
 */
export function personDoubles(
	matches: readonly ContactMatch[],
	since: string,
): PersonDoubles | null {
	const contacts = new Map<string, CrmContact>();
	const deals = new Map<string, CrmDeal>();
	for (const match of matches) {
		if (match.entity !== 'contact') continue;
		contacts.set(match.contact.id, match.contact);
		for (const deal of match.deals) deals.set(deal.id, deal);
	}
	const recentOpen = [...deals.values()]
		.filter((d) => d.semantics === 'open' && d.createdAt >= since)
		.sort(byAge);
	if (recentOpen.length < 2) return null;
	const [keepDeal, ...closeDeals] = recentOpen;
	const people = [...contacts.values()].sort(byAge);
	const keepContact = people.find((c) => keepDeal.contactIds.includes(c.id)) ?? people[0] ?? null;
	const keepContactId = keepContact?.id ?? keepDeal.contactIds[0] ?? '';
	const mergeContactIds = people
		.filter((c) => c.id !== keepContactId && (c.createdAt ?? '') >= since)
		.map((c) => c.id);
	return { keepDeal, closeDeals, keepContactId, mergeContactIds };
}

/** The note a closed double carries: which deal stays. */
export function doubleNote(keep: CrmDeal): string {
	return [
		`Дубль сделки ${keep.id}${keep.name ? ` «${keep.name}»` : ''}: клиент записан дважды в одно время, работа идёт в той сделке.`,
		keep.url ?? '',
	]
		.filter(Boolean)
		.join('\n');
}

function byAge(
	a: { createdAt: string | null; id: string },
	b: { createdAt: string | null; id: string },
): number {
	return (
		(a.createdAt ?? '').localeCompare(b.createdAt ?? '') ||
		Number(a.id) - Number(b.id) ||
		a.id.localeCompare(b.id)
	);
}
