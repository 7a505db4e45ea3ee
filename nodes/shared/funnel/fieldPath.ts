/**
 * Reads a value at a path the way an ops person writes it in a rule or a mapping:
 * `utm.source`, `raw.Бюджет`, `contacts[0].phone`, `raw["Ваше имя"]`, `entry.0.changes`.
 * A key that itself contains dots (`"utm.source"` as one field name) is found too. Never reaches the prototype.
 */
export function readPath(record: unknown, path: string): unknown {
	const trimmed = path.trim();
	if (trimmed === '') return undefined;
	if (isRecord(record) && Object.prototype.hasOwnProperty.call(record, trimmed))
		return record[trimmed];
	let node: unknown = record;
	for (const segment of splitPath(trimmed)) {
		if (node === null || node === undefined) return undefined;
		if (FORBIDDEN.has(segment)) return undefined;
		if (Array.isArray(node)) {
			if (!/^\d+$/.test(segment)) return undefined;
			node = node[Number(segment)];
		} else if (isRecord(node)) {
			node = Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined;
		} else {
			return undefined;
		}
	}
	return node;
}

/** `a.b[0]["c d"]` → ['a', 'b', '0', 'c d']. A leading `$json.` (copied from an expression) is ignored. */
export function splitPath(path: string): string[] {
	const segments: string[] = [];
	const text = path.replace(/^\$json\.?/, '');
	const pattern = /\[\s*(?:"([^"]*)"|'([^']*)'|([^\]]*?))\s*\]|([^.[\]]+)/g;
	for (const match of text.matchAll(pattern)) {
		const segment = match[1] ?? match[2] ?? match[3] ?? match[4];
		if (segment !== undefined && segment !== '') segments.push(segment.trim());
	}
	return segments;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
