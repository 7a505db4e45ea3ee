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

export interface CloseRecord {
	won: number;
	lost: number;
}

/**
 * Won and lost deals per responsible, closed since a moment (seed 003: «конверсия из заявки в продажу»). A deal's
 * close time is when it reached its won or lost stage; when the CRM does not tell, its last update.
 */
export function closedByUser(deals: Iterable<DealFact>, since: string): Map<string, CloseRecord> {
	const records = new Map<string, CloseRecord>();
	for (const deal of deals) {
		if (deal.semantics === 'open' || !deal.responsibleUserId) continue;
		if ((deal.closedAt ?? deal.updatedAt) < since) continue;
		const record = records.get(deal.responsibleUserId) ?? { won: 0, lost: 0 };
		if (deal.semantics === 'won') record.won++;
		else record.lost++;
		records.set(deal.responsibleUserId, record);
	}
	return records;
}

export interface Conversion {
	/** Percent of closed deals won; null when the user closed none in the window. */
	percent: number | null;
	won: number;
	closed: number;
}

/** Conversion of each user of the team, and of the whole team (pooled). */
export function conversions(
	records: ReadonlyMap<string, CloseRecord>,
	userIds: readonly string[],
): { byUser: Map<string, Conversion>; team: Conversion } {
	const byUser = new Map<string, Conversion>();
	let won = 0;
	let closed = 0;
	for (const id of userIds) {
		const record = records.get(id) ?? { won: 0, lost: 0 };
		const total = record.won + record.lost;
		byUser.set(id, {
			percent: total > 0 ? round((record.won / total) * 100) : null,
			won: record.won,
			closed: total,
		});
		won += record.won;
		closed += total;
	}
	return {
		byUser,
		team: { percent: closed > 0 ? round((won / closed) * 100) : null, won, closed },
	};
}

function round(n: number): number {
	return Math.round(n * 100) / 100;
}
