/**
 * PHP-style bracket keys into nested objects: `leads[status][0][id]=1` → `{ leads: { status: [{ id: '1' }] } }`.
 * n8n parses form bodies with Node's querystring, which leaves keys flat (`"data[FIELDS][ID]": "1"`); amoCRM
 * webhooks and Bitrix24 events both send bracket keys. Numeric segments make arrays when they are 0..n-1.
 * Keys that would reach Object.prototype (`__proto__`, `constructor`, `prototype`) are dropped.
 */
export function unflattenBrackets(flat: Record<string, unknown>): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	for (const [rawKey, value] of Object.entries(flat)) {
		const path = splitKey(rawKey);
		if (path.length === 0 || path.some(isForbidden)) continue;
		let node: Record<string, unknown> = root;
		for (let i = 0; i < path.length; i++) {
			const segment = path[i] === '' ? String(Object.keys(node).length) : path[i];
			if (i === path.length - 1) {
				node[segment] = value;
			} else {
				const next = node[segment];
				if (typeof next !== 'object' || next === null) node[segment] = Object.create(null);
				node = node[segment] as Record<string, unknown>;
			}
		}
	}
	return toArrays(root) as Record<string, unknown>;
}

function splitKey(key: string): string[] {
	const first = key.indexOf('[');
	if (first <= 0) return key ? [key] : [];
	const head = key.slice(0, first);
	const rest = [...key.slice(first).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
	return [head, ...rest];
}

function isForbidden(segment: string): boolean {
	return segment === '__proto__' || segment === 'constructor' || segment === 'prototype';
}

function toArrays(value: unknown): unknown {
	if (typeof value !== 'object' || value === null) return value;
	const entries = Object.entries(value as Record<string, unknown>);
	const converted: Record<string, unknown> = {};
	for (const [k, v] of entries) converted[k] = toArrays(v);
	const keys = Object.keys(converted);
	const isList = keys.length > 0 && keys.every((k, i) => k === String(i));
	return isList ? keys.map((k) => converted[k]) : converted;
}
