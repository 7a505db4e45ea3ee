import { MAX_DEPTH } from '../input/depth';

export interface UnflattenOptions {
	/** How many levels a key may nest; deeper keys keep the rest of their brackets as one key (default 32). */
	maxDepth?: number;
	/** Receives a sentence for each key that was cut (at most 10 named, then a count). */
	cut?: string[];
}

/**
 * PHP-style bracket keys into nested objects: `leads[status][0][id]=1` → `{ leads: { status: [{ id: '1' }] } }`.
 * n8n parses form bodies with Node's querystring, which leaves keys flat (`"data[FIELDS][ID]": "1"`); amoCRM
 * webhooks and Bitrix24 events both send bracket keys. Numeric segments make arrays when they are 0..n-1.
 * Keys that would reach Object.prototype (`__proto__`, `constructor`, `prototype`) are dropped. A key nesting
 * deeper than `maxDepth` keeps its value: the brackets past the cap stay one literal key (`"[a][a]…"`) at the
 * deepest level, and the key is reported in `cut`. No recursion: a request cannot overflow the stack.
 */
export function unflattenBrackets(
	flat: Record<string, unknown>,
	options: UnflattenOptions = {},
): Record<string, unknown> {
	const maxDepth = Math.max(2, options.maxDepth ?? MAX_DEPTH);
	const root: Record<string, unknown> = Object.create(null);
	// The next index for `key[]` per object: counting the keys each time would be quadratic.
	const nextIndex = new WeakMap<object, number>();
	let cutCount = 0;
	for (const [rawKey, value] of Object.entries(flat ?? {})) {
		let path = splitKey(rawKey);
		if (path.length === 0 || path.some(isForbidden)) continue;
		if (path.length > maxDepth) {
			const rest = path
				.slice(maxDepth - 1)
				.map((s) => `[${s}]`)
				.join('');
			path = [...path.slice(0, maxDepth - 1), rest];
			if (options.cut) {
				if (cutCount < 10) options.cut.push(describeCutKey(rawKey, maxDepth));
				cutCount++;
			}
		}
		let node: Record<string, unknown> = root;
		for (let i = 0; i < path.length; i++) {
			let segment = path[i];
			if (segment === '') {
				const index = nextIndex.get(node) ?? Object.keys(node).length;
				nextIndex.set(node, index + 1);
				segment = String(index);
			}
			if (i === path.length - 1) {
				node[segment] = value;
			} else {
				const next = node[segment];
				if (typeof next !== 'object' || next === null) node[segment] = Object.create(null);
				node = node[segment] as Record<string, unknown>;
			}
		}
	}
	if (options.cut && cutCount > 10)
		options.cut.push(`… and ${cutCount - 10} more keys nested too deep`);
	return toArrays(root) as Record<string, unknown>;
}

function describeCutKey(key: string, maxDepth: number): string {
	const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
	return `the key "${shown}" nests deeper than ${maxDepth} levels: the brackets past that were kept as one key`;
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

/**
 * The tree of null-prototype objects as plain objects, with 0..n-1 objects below the top as lists; children are
 * converted before their parents (an explicit stack, no recursion).
 */
function toArrays(root: Record<string, unknown>): unknown {
	const converted = new Map<object, unknown>();
	const stack: Array<{ node: Record<string, unknown>; visited: boolean }> = [
		{ node: root, visited: false },
	];
	while (stack.length > 0) {
		const top = stack[stack.length - 1];
		const children = Object.keys(top.node)
			.map((k) => top.node[k])
			.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
		if (!top.visited) {
			top.visited = true;
			for (const child of children) stack.push({ node: child, visited: false });
			continue;
		}
		stack.pop();
		const plain: Record<string, unknown> = {};
		for (const key of Object.keys(top.node)) {
			if (key === '__proto__') continue;
			const v = top.node[key];
			plain[key] = typeof v === 'object' && v !== null ? converted.get(v) : v;
		}
		const keys = Object.keys(plain);
		const isList = top.node !== root && keys.length > 0 && keys.every((k, i) => k === String(i));
		converted.set(top.node, isList ? keys.map((k) => plain[k]) : plain);
	}
	return converted.get(root);
}
