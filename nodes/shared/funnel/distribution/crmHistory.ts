import type { StageSemantics } from '../../crm/types';

/** The parts of a CRM deal the distribution counts. */
export interface DealFact {
	responsibleUserId: string | null;
	semantics: StageSemantics;
	createdAt: string;
	updatedAt: string;
	closedAt: string | null;
}

/** Open deals (leads in work) per responsible user. */
export function openLeadsByUser(deals: Iterable<DealFact>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const deal of deals) {
		if (deal.semantics !== 'open' || !deal.responsibleUserId) continue;
		counts.set(deal.responsibleUserId, (counts.get(deal.responsibleUserId) ?? 0) + 1);
	}
	return counts;
}

/** Deals created since a moment, per responsible user: who received the latest leads. */
export function receivedByUser(deals: Iterable<DealFact>, since: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const deal of deals) {
		if (!deal.responsibleUserId || deal.createdAt < since) continue;
		counts.set(deal.responsibleUserId, (counts.get(deal.responsibleUserId) ?? 0) + 1);
	}
	return counts;
}

// Won of closed (the final conversion) is defined once, with the metrics.
export {
	closedByUser,
	conversions,
	type CloseRecord,
	type Conversion,
} from '../metrics/conversion';
