/**
 * Request data is walked without recursion and copied no deeper than a fixed depth. A stranger controls how deep a
 * JSON body or a bracket key nests; JavaScript's own recursive walkers (JSON.stringify, structuredClone, n8n's
 * deep copies) overflow the stack a few thousand levels down, so a sub-tree past the cap is kept as its JSON text
 * (cut to a readable length) and the place is reported, while everything above it stays as it came.
 */

/** How deep request data may nest: amoCRM's deepest form key (`leads[status][0][custom_fields][0][values][0][value]`) is 7. */
export const MAX_DEPTH = 32;

/** How much of a sub-tree cut at the depth cap is kept as text. */
export const MAX_CUT_TEXT = 2000;

/** How many cut places are named one by one; the rest are counted. */
const MAX_NAMED_CUTS = 10;

export interface BoundedValue<T = unknown> {
	value: T;
	/** Where sub-trees were cut, as paths (`.a.b[0]`); at most 10 named, then "… and N more". */
	cut: string[];
}

/**
 * A copy of `value` in which arrays and plain objects nest at most `maxDepth` levels: a deeper non-empty one
 * becomes its JSON text (at most `MAX_CUT_TEXT` characters). Keys that would reach Object.prototype
 * (`__proto__`) are left out. Other values (strings, numbers, dates, buffers) are kept as they are.
 */
export function boundDepth<T = unknown>(value: T, maxDepth = MAX_DEPTH): BoundedValue<T> {
	const cuts = new CutList();
	if (!isContainer(value)) return { value, cut: [] };
	const root = emptyLike(value);
	const stack: Array<{ from: Container; to: Container; depth: number; path: string }> = [
		{ from: value, to: root, depth: 1, path: '' },
	];
	while (stack.length > 0) {
		const { from, to, depth, path } = stack.pop()!;
		// Children are pushed last-first so they are walked (and cuts named) in the order they came.
		const deeper: typeof stack = [];
		for (const [key, child] of entriesOf(from)) {
			const childPath = Array.isArray(from) ? `${path}[${key}]` : `${path}.${key}`;
			let copy: unknown = child;
			if (isContainer(child)) {
				if (depth >= maxDepth && !isEmpty(child)) {
					copy = jsonText(child, MAX_CUT_TEXT);
					cuts.add(childPath);
				} else {
					copy = emptyLike(child);
					deeper.push({ from: child, to: copy as Container, depth: depth + 1, path: childPath });
				}
			}
			if (Array.isArray(to)) to[Number(key)] = copy;
			else to[key] = copy;
		}
		for (let i = deeper.length - 1; i >= 0; i--) stack.push(deeper[i]);
	}
	return { value: root as T, cut: cuts.list() };
}

/**
 * JSON text of any value without recursion, cut after `maxChars` characters (then ending in `…`). Values JSON
 * cannot hold (undefined, functions) are written as `null` in arrays and left out of objects, as JSON.stringify does.
 */
export function jsonText(value: unknown, maxChars = Infinity): string {
	let out = '';
	// Work items: either a value to write, or a piece of literal text (closing brackets, commas).
	const todo: Array<{ text: string } | { value: unknown; inArray: boolean }> = [
		{ value, inArray: true },
	];
	while (todo.length > 0 && out.length <= maxChars) {
		const next = todo.pop()!;
		if ('text' in next) {
			out += next.text;
			continue;
		}
		const item = toJsonValue(next.value);
		if (item === undefined) {
			if (next.inArray) out += 'null';
			continue;
		}
		if (!isContainer(item)) {
			out += JSON.stringify(item);
			continue;
		}
		const array = Array.isArray(item);
		const entries = entriesOf(item).filter(([, v]) => array || toJsonValue(v) !== undefined);
		out += array ? '[' : '{';
		todo.push({ text: array ? ']' : '}' });
		for (let i = entries.length - 1; i >= 0; i--) {
			const [key, child] = entries[i];
			todo.push({ value: child, inArray: array });
			if (!array) todo.push({ text: `${JSON.stringify(key)}:` });
			if (i > 0) todo.push({ text: ',' });
		}
	}
	return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

/** The values of nested lists in order, flattened without recursion (`[1, [2, [3]]]` → `[1, 2, 3]`); other values as one. */
export function flatLeaves(value: unknown): unknown[] {
	if (!Array.isArray(value)) return [value];
	const leaves: unknown[] = [];
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const next = stack.pop();
		if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]);
		else leaves.push(next);
	}
	return leaves;
}

/** Each cut place as a problem a person can read. */
export function describeCuts(cut: readonly string[], prefix = '', maxDepth = MAX_DEPTH): string[] {
	return cut.map((path) =>
		path.startsWith('…')
			? path
			: `${prefix}${path || '(the whole value)'}: nested deeper than ${maxDepth} levels, kept as text`,
	);
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
	if (Array.isArray(value)) return true;
	if (typeof value !== 'object' || value === null) return false;
	const proto = Object.getPrototypeOf(value);
	return proto === Object.prototype || proto === null;
}

function isEmpty(value: Container): boolean {
	return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function emptyLike(value: Container): Container {
	return Array.isArray(value) ? [] : {};
}

function entriesOf(value: Container): Array<[string, unknown]> {
	if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
	return Object.keys(value)
		.filter((k) => k !== '__proto__')
		.map((k) => [k, value[k]]);
}

/** What JSON.stringify would write for a value before walking it (toJSON, boxed primitives). */
function toJsonValue(value: unknown): unknown {
	if (value === null) return null;
	if (typeof value === 'undefined' || typeof value === 'function' || typeof value === 'symbol')
		return undefined;
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'object' && !isContainer(value)) {
		const withToJson = value as { toJSON?: () => unknown };
		if (typeof withToJson.toJSON === 'function') return withToJson.toJSON();
		if (value instanceof String || value instanceof Number || value instanceof Boolean)
			return value.valueOf();
		return { ...(value as Record<string, unknown>) };
	}
	return value;
}

class CutList {
	private readonly named: string[] = [];
	private more = 0;

	add(path: string) {
		if (this.named.length < MAX_NAMED_CUTS) this.named.push(path);
		else this.more++;
	}

	list(): string[] {
		return this.more > 0
			? [...this.named, `… and ${this.more} more places nested too deep`]
			: this.named;
	}
}
