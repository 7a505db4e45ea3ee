/**
 * A call's time as a PBX writes it. Zadarma, UIS and Bitrix24's call statistics write the wall clock without a
 * zone ("2024-03-15 11:00:00"), read in the account's zone: with a zone that keeps one offset around that moment
 * (timeZone.ts `steadyOffsetMinutes`, every Russian zone) that is plain arithmetic; anything else is read by the
 * timestamp core with the zone's own rules.
 */
import { toIsoTimestamp, type TimestampResult } from '../timestamp';
import { steadyOffsetMinutes } from './timeZone';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

export function callTimeIso(value: unknown, zone: string): TimestampResult {
	const wall = typeof value === 'string' ? WALL_CLOCK.exec(value.trim()) : null;
	if (wall) {
		const [year, month, day, hour, minute, second] = wall.slice(1).map((p) => Number(p ?? 0));
		const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
		const date = new Date(asUtc);
		// A real calendar day and time only (Date.UTC rolls 30 February over into March).
		const exact =
			date.getUTCMonth() === month - 1 &&
			date.getUTCDate() === day &&
			hour <= 23 &&
			minute <= 59 &&
			second <= 59 &&
			year >= 1990;
		const offset = exact ? steadyOffsetMinutes(zone, asUtc) : null;
		if (offset !== null) return { ok: true, iso: new Date(asUtc - offset * 60_000).toISOString() };
	}
	return toIsoTimestamp(value, zone);
}
