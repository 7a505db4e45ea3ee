import {
	boundDepth,
	describeCuts,
	jsonText,
	MAX_DEPTH,
} from '../../../../nodes/shared/input/depth';

/** `{"a":{"a":…1…}}` nested `levels` deep, built by JSON.parse (which does not recurse) like a request body. */
function deepObject(levels: number): Record<string, unknown> {
	return JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));
}

function depthOf(value: unknown): number {
	let depth = 0;
	let node = value;
	while (typeof node === 'object' && node !== null) {
		depth++;
		node = Array.isArray(node) ? node[0] : Object.values(node).at(-1);
	}
	return depth;
}

describe('boundDepth: request data no deeper than the cap, never a stack overflow', () => {
	test('a JSON body 10,000 levels deep keeps 32 levels; the rest is its JSON text, and the place is named', () => {
		const { value, cut } = boundDepth({ name: 'Анна', extra: deepObject(10_000) });
		expect(value.name).toBe('Анна');
		expect(depthOf(value)).toBe(MAX_DEPTH);
		expect(cut).toEqual([`.extra${'.a'.repeat(MAX_DEPTH - 1)}`]);
		// n8n's own recursive walkers must cope with what comes out.
		expect(() => structuredClone(value)).not.toThrow();
		const text = JSON.stringify(value);
		expect(text).toContain('"{\\"a\\":{\\"a\\":');
		expect(text.length).toBeLessThan(4_000);
	});

	test('arrays nest the same way: [[[…]]] is cut at the cap', () => {
		const deep = JSON.parse('['.repeat(50_000) + ']'.repeat(50_000));
		const { value, cut } = boundDepth(deep);
		expect(depthOf(value)).toBe(MAX_DEPTH);
		expect(cut).toEqual(['[0]'.repeat(MAX_DEPTH)]);
	});

	test('data within the cap comes back equal, as a copy; empty containers are kept', () => {
		const body = { a: [1, { b: null, c: [] }, 'x'], d: {}, e: 'Ёлка', f: true };
		const { value, cut } = boundDepth(body);
		expect(value).toEqual(body);
		expect(value).not.toBe(body);
		expect(cut).toEqual([]);
		expect(boundDepth('text')).toEqual({ value: 'text', cut: [] });
		expect(boundDepth(null)).toEqual({ value: null, cut: [] });
	});

	test('a __proto__ key from JSON.parse is left out and pollutes nothing', () => {
		const { value } = boundDepth(JSON.parse('{"__proto__":{"polluted":1},"ok":1}'));
		expect(value).toEqual({ ok: 1 });
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('many deep branches: ten are named, the others counted', () => {
		const body = Array.from({ length: 25 }, () => deepObject(40));
		const { cut } = boundDepth(body, 8);
		expect(cut).toHaveLength(11);
		expect(cut[10]).toBe('… and 15 more places nested too deep');
		expect(describeCuts(cut, 'raw', 8)[0]).toBe(
			`raw[0]${'.a'.repeat(7)}: nested deeper than 8 levels, kept as text`,
		);
	});
});

describe('jsonText: JSON.stringify without recursion', () => {
	test.each([
		[{ a: [1, 'two', null, { b: false }], c: {} }],
		[[undefined, () => 1, { skip: undefined, keep: 0 }]],
		['строка "в кавычках"'],
		[{ when: new Date('2026-01-02T03:04:05Z'), n: Number.NaN }],
	])('writes what JSON.stringify writes for %j', (value) => {
		expect(jsonText(value)).toBe(JSON.stringify(value));
	});

	test('a value 100,000 levels deep is written (JSON.stringify throws) and can be cut short', () => {
		const deep = deepObject(100_000);
		expect(() => JSON.stringify(deep)).toThrow(RangeError);
		expect(jsonText(deep, 20)).toBe('{"a":{"a":{"a":{"a":…');
		expect(jsonText(deep).length).toBe(100_000 * 6 + 1);
	});
});
