import { DateTime } from 'luxon';
import { plainText } from './text';

export type TimestampResult = { ok: true; iso: string } | { ok: false; reason: string };

const FORMATS_WITHOUT_ZONE = [
	'dd.MM.yyyy HH:mm:ss',
	'dd.MM.yyyy HH:mm',
	'dd.MM.yyyy',
	'd.M.yyyy H:mm',
	'd.M.yyyy',
	'yyyy-MM-dd HH:mm:ss',
	'yyyy-MM-dd HH:mm',
	'yyyy-MM-dd',
	'dd/MM/yyyy HH:mm:ss',
	'dd/MM/yyyy HH:mm',
	'dd/MM/yyyy',
];

/**
 * Turns a timestamp from any lead source into ISO 8601 UTC (`2026-11-23T09:30:00.000Z`).
 * Numbers are unix seconds (amoCRM, Mango) or milliseconds (Bizon365) told apart by size;
 * strings without a zone (`23.11.2026 12:30`, amoCRM task dates) are read in `zone`.
 */
export function toIsoTimestamp(value: unknown, zone = 'Europe/Moscow'): TimestampResult {
	if (value === null || value === undefined || value === '') return { ok: false, reason: 'no date given' };
	if (value instanceof Date) {
		return Number.isNaN(value.getTime()) ? { ok: false, reason: 'invalid date' } : { ok: true, iso: value.toISOString() };
	}
	if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,13}(\.\d+)?$/.test(value.trim()))) {
		const n = Number(value);
		if (!Number.isFinite(n) || n <= 0) return { ok: false, reason: `"${String(value)}" is not a date` };
		const ms = n >= 1e11 ? n : n * 1000;
		const dt = DateTime.fromMillis(ms, { zone: 'utc' });
		return dt.isValid && dt.year >= 1990 && dt.year <= 2200
			? { ok: true, iso: dt.toISO() as string }
			: { ok: false, reason: `"${String(value)}" is outside any plausible date` };
	}
	const text = plainText(value).trim();
	const iso = DateTime.fromISO(text, { zone, setZone: false });
	if (iso.isValid) return { ok: true, iso: iso.toUTC().toISO() as string };
	const rfc = DateTime.fromRFC2822(text, { zone });
	if (rfc.isValid) return { ok: true, iso: rfc.toUTC().toISO() as string };
	const http = DateTime.fromHTTP(text, { zone });
	if (http.isValid) return { ok: true, iso: http.toUTC().toISO() as string };
	for (const format of FORMATS_WITHOUT_ZONE) {
		const dt = DateTime.fromFormat(text, format, { zone });
		if (dt.isValid) return { ok: true, iso: dt.toUTC().toISO() as string };
	}
	return { ok: false, reason: `"${text.slice(0, 40)}" is not a date this package can read` };
}
