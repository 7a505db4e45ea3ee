/**
 * A lead's time zone as people write it in a CRM field: an IANA name ("Asia/Yekaterinburg"), an offset from UTC
 * ("UTC+5", "GMT+05:00", "+5") or from Moscow, as Russian sales teams usually note it ("МСК+2", "MSK-1", "МСК").
 * Offsets become fixed zones (luxon "UTC+5"): Russia has kept no daylight saving since 2014, so nothing is lost.
 */
import { DateTime, FixedOffsetZone } from 'luxon';

const MOSCOW_OFFSET_HOURS = 3;

export type ZoneRead = { ok: true; zone: string } | { ok: false; reason: string };

export function readTimeZone(text: unknown): ZoneRead {
	const raw = typeof text === 'string' ? text.trim() : typeof text === 'number' ? String(text) : '';
	if (!raw) return { ok: false, reason: 'no time zone given' };
	const moscow = /^(?:мск|msk)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?$/i.exec(raw);
	if (moscow)
		return fixedZone(
			MOSCOW_OFFSET_HOURS * 60 + signedMinutes(moscow[1], moscow[2], moscow[3]),
			raw,
		);
	const utc = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(raw);
	if (utc) return fixedZone(signedMinutes(utc[1], utc[2], utc[3]), raw);
	if (/^(?:utc|gmt|z)$/i.test(raw)) return { ok: true, zone: 'UTC' };
	if (DateTime.now().setZone(raw).isValid) return { ok: true, zone: raw };
	return { ok: false, reason: `"${raw}" is not a time zone (write Europe/Moscow, UTC+5 or МСК+2)` };
}

function signedMinutes(
	sign: string | undefined,
	hours: string | undefined,
	minutes: string | undefined,
): number {
	if (!sign) return 0;
	const total = Number(hours ?? 0) * 60 + Number(minutes ?? 0);
	return sign === '-' ? -total : total;
}

function fixedZone(offsetMinutes: number, raw: string): ZoneRead {
	if (Math.abs(offsetMinutes) > 14 * 60)
		return { ok: false, reason: `"${raw}" is more than 14 hours from UTC` };
	if (offsetMinutes === 0) return { ok: true, zone: 'UTC' };
	const sign = offsetMinutes < 0 ? '-' : '+';
	const hours = Math.floor(Math.abs(offsetMinutes) / 60);
	const minutes = Math.abs(offsetMinutes) % 60;
	return {
		ok: true,
		zone: minutes ? `UTC${sign}${hours}:${String(minutes).padStart(2, '0')}` : `UTC${sign}${hours}`,
	};
}

/** Days before and after a moment over which `steadyOffsetZone` vouches for one offset. */
export const STEADY_DAYS_BEFORE = 2;
export const STEADY_DAYS_AFTER = 16;
const DAY_MS = 86_400_000;
const steadyCache = new Map<string, number | null>();

/**
 * The zone's UTC offset in minutes when it keeps one offset from two days before `ms` to sixteen days after — true
 * of every Russian zone, and of DST zones away from their switch. Calendar arithmetic with a fixed offset gives the
 * same local times without asking Intl for the offset at every step, which is most of the CPU a cadence costs. Null
 * when the offset changes in that span (then the zone's own rules must be used). No two switches of a zone lie
 * 18 days apart, so equal offsets at both ends mean none in between. A pure function, cached per zone and day.
 */
export function steadyOffsetMinutes(zone: string, ms: number): number | null {
	const day = Math.floor(ms / DAY_MS);
	const key = `${zone}|${day}`;
	const cached = steadyCache.get(key);
	if (cached !== undefined) return cached;
	const from = DateTime.fromMillis((day - STEADY_DAYS_BEFORE) * DAY_MS, { zone });
	const to = DateTime.fromMillis((day + 1 + STEADY_DAYS_AFTER) * DAY_MS, { zone });
	const steady = from.isValid && to.isValid && from.offset === to.offset ? from.offset : null;
	if (steadyCache.size >= 256) steadyCache.clear();
	steadyCache.set(key, steady);
	return steady;
}

/** The same as a fixed luxon zone ("UTC+3"), or null. */
export function steadyOffsetZone(zone: string, ms: number): string | null {
	const offset = steadyOffsetMinutes(zone, ms);
	return offset === null ? null : FixedOffsetZone.instance(offset).name;
}
