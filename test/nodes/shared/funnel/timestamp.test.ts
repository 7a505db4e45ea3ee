import { DateTime } from 'luxon';

import { toIsoTimestamp } from '../../../../nodes/shared/funnel/timestamp';

/** A seeded generator of integers below n, so every run tries the same values. */
function seeded(start: number): (n: number) => number {
	let seed = start;
	return (n) => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed % n;
	};
}

const two = (n: number) => String(n).padStart(2, '0');

describe('toIsoTimestamp', () => {
	test.each([
		[1763890200, '2025-11-23T09:30:00.000Z'],
		['1763890200', '2025-11-23T09:30:00.000Z'],
		[1763890200000, '2025-11-23T09:30:00.000Z'],
		['2025-11-23T12:30:00+03:00', '2025-11-23T09:30:00.000Z'],
		['2025-11-23T09:30:00Z', '2025-11-23T09:30:00.000Z'],
		['23.11.2025 12:30', '2025-11-23T09:30:00.000Z'],
		['23.11.2025 12:30:15', '2025-11-23T09:30:15.000Z'],
		['2025-11-23 12:30:00', '2025-11-23T09:30:00.000Z'],
		['23.11.2025', '2025-11-22T21:00:00.000Z'],
	])('%j → %s (zone-less values read in Europe/Moscow)', (input, iso) => {
		expect(toIsoTimestamp(input)).toEqual({ ok: true, iso });
	});

	test('reads zone-less values in the zone given', () => {
		expect(toIsoTimestamp('23.11.2025 12:30', 'Asia/Almaty')).toEqual({
			ok: true,
			iso: '2025-11-23T07:30:00.000Z',
		});
	});

	test.each([[''], [null], ['вчера'], [-5], ['32.13.2025']])('rejects %j', (input) => {
		expect(toIsoTimestamp(input).ok).toBe(false);
	});

	test('ISO times with an offset (the fast path) read exactly as luxon reads them, 30 February included', () => {
		const next = seeded(20261123);
		for (let i = 0; i < 5_000; i++) {
			const offset =
				next(3) === 0 ? 'Z' : `${next(2) ? '+' : '-'}${two(next(15))}:${next(2) ? '00' : '30'}`;
			const seconds = next(2) ? `:${two(next(60))}${next(2) ? `.${next(1000)}` : ''}` : '';
			const text = `${1990 + next(60)}-${two(1 + next(12))}-${two(1 + next(31))}T${two(next(24))}:${two(next(60))}${seconds}${offset}`;
			const luxon = DateTime.fromISO(text, { zone: 'Europe/Moscow', setZone: false });
			const ours = toIsoTimestamp(text);
			if (luxon.isValid) expect(ours).toEqual({ ok: true, iso: luxon.toUTC().toISO() });
			else expect(ours.ok).toBe(false);
		}
	});

	test('local times written "2026-11-23 12:30:00" or "23.11.2026 12:30" read as the format list reads them, in any zone', () => {
		const next = seeded(7);
		const zones = ['Europe/Moscow', 'Asia/Almaty', 'Europe/Berlin', 'America/New_York', 'UTC+5'];
		for (let i = 0; i < 3_000; i++) {
			const [y, m, d, h, min, sec] = [
				1990 + next(60),
				1 + next(12),
				1 + next(31),
				next(25),
				next(61),
				next(61),
			];
			const withSeconds = next(2) === 1;
			const ymd = next(2) === 1;
			const text = ymd
				? `${y}-${two(m)}-${two(d)} ${two(h)}:${two(min)}${withSeconds ? `:${two(sec)}` : ''}`
				: `${two(d)}.${two(m)}.${y} ${two(h)}:${two(min)}${withSeconds ? `:${two(sec)}` : ''}`;
			const format = `${ymd ? 'yyyy-MM-dd' : 'dd.MM.yyyy'} HH:mm${withSeconds ? ':ss' : ''}`;
			const zone = zones[next(zones.length)];
			const slow = DateTime.fromFormat(text, format, { zone });
			const ours = toIsoTimestamp(text, zone);
			if (slow.isValid) expect(ours).toEqual({ ok: true, iso: slow.toUTC().toISO() });
			else expect(ours.ok).toBe(false);
		}
	});
});
