/**
 * Final conversion, defined once for the package: of the deals closed in a window (won or lost), the share won
 * («итоговая конверсия в продажу», as sales heads say). Funnel Metrics reports it per manager and pipeline; Lead Distribution
 * weighs managers by it. A deal's close time is when it reached its won or lost stage; when the CRM does not tell,
 * its last update.
 */
import type { StageSemantics } from '../../crm/types';

export interface CloseRecord {
	won: number;
	lost: number;
}

export interface Conversion {
	/** Percent of closed deals won (two decimals); null when none closed. */
	percent: number | null;
	won: number;
	closed: number;
}

/** The parts of a deal its close is judged by. */
export interface ClosableDeal {
	responsibleUserId: string | null;
	semantics: StageSemantics;
	closedAt: string | null;
	updatedAt: string;
}

/** When a closed deal was closed: its close time, else its last update. */
export function closeTimeOf(deal: Pick<ClosableDeal, 'closedAt' | 'updatedAt'>): string {
	return deal.closedAt ?? deal.updatedAt;
}

export function percentOf(part: number, whole: number): number | null {
	return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;
}

export function conversionOf(record: CloseRecord): Conversion {
	const closed = record.won + record.lost;
	return { percent: percentOf(record.won, closed), won: record.won, closed };
}

/** Counts one closed deal into a record: a won stage is a win, a lost stage a loss, an open stage nothing. */
export function countClose(record: CloseRecord, semantics: StageSemantics): void {
	if (semantics === 'won') record.won++;
	else if (semantics === 'lost') record.lost++;
}

/** Won and lost deals per responsible, closed since a moment. */
export function closedByUser(
	deals: Iterable<ClosableDeal>,
	since: string,
): Map<string, CloseRecord> {
	const records = new Map<string, CloseRecord>();
	for (const deal of deals) {
		if (deal.semantics === 'open' || !deal.responsibleUserId) continue;
		if (closeTimeOf(deal) < since) continue;
		const record = records.get(deal.responsibleUserId) ?? { won: 0, lost: 0 };
		countClose(record, deal.semantics);
		records.set(deal.responsibleUserId, record);
	}
	return records;
}

/** Conversion of each user of the team, and of the whole team (pooled). */
export function conversions(
	records: ReadonlyMap<string, CloseRecord>,
	userIds: readonly string[],
): { byUser: Map<string, Conversion>; team: Conversion } {
	const byUser = new Map<string, Conversion>();
	const team: CloseRecord = { won: 0, lost: 0 };
	for (const id of userIds) {
		const record = records.get(id) ?? { won: 0, lost: 0 };
		byUser.set(id, conversionOf(record));
		team.won += record.won;
		team.lost += record.lost;
	}
	return { byUser, team: conversionOf(team) };
}
