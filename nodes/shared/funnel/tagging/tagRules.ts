import { flatLeaves, jsonText, MAX_CUT_TEXT, MAX_DEPTH } from '../../input/depth';
import { readPath } from '../fieldPath';
import { normalizeName } from '../name';
import { plainText } from '../text';
import { mergeTags, parseTags } from './tags';

export type TagCondition =
	| 'equals'
	| 'notEquals'
	| 'contains'
	| 'notContains'
	| 'startsWith'
	| 'matchesRegex'
	| 'isEmpty'
	| 'isNotEmpty'
	| 'greaterThan'
	| 'lessThan'
	| 'inList';

/** One line of the rules table: when `field` meets `condition` with `value`, the lead gets `tags`. */
export interface TagRule {
	field: string;
	condition: TagCondition;
	value?: string;
	tags: string[] | string;
	/** Shown in the explanation of a decision; the field and condition when empty. */
	label?: string;
}

export interface CompiledTagRule {
	label: string;
	field: string;
	tags: string[];
	test: (value: unknown) => boolean;
}

export interface TagRuleOptions {
	/** Compare text ignoring case and ё/е (default true). */
	ignoreCase?: boolean;
}

export type CompileResult =
	{ ok: true; rules: CompiledTagRule[] } | { ok: false; index: number; reason: string };

export interface TagDecision {
	/** Tags the rules give (already merged without repeats), in rule order. */
	tags: string[];
	/** Which rules matched and what each gave, for the explanation on the item. */
	matched: Array<{ rule: string; tags: string[] }>;
}

/** Checks every rule once (regexes, numbers, lists) so a bad rule fails before any lead is touched. */
export function compileTagRules(
	rules: readonly TagRule[],
	options: TagRuleOptions = {},
): CompileResult {
	const compiled: CompiledTagRule[] = [];
	for (let index = 0; index < rules.length; index++) {
		const rule = rules[index];
		const result = compileRule(rule, options.ignoreCase ?? true);
		if (typeof result === 'string') return { ok: false, index, reason: result };
		compiled.push(result);
	}
	return { ok: true, rules: compiled };
}

/** Runs the rules over one lead (any JSON record): every matching rule adds its tags. */
export function decideTags(record: unknown, rules: readonly CompiledTagRule[]): TagDecision {
	let tags: string[] = [];
	const matched: TagDecision['matched'] = [];
	for (const rule of rules) {
		if (!rule.test(readPath(record, rule.field))) continue;
		matched.push({ rule: rule.label, tags: rule.tags });
		tags = mergeTags(tags, rule.tags);
	}
	return { tags, matched };
}

const CONDITION_WORDS: Record<TagCondition, string> = {
	equals: 'is',
	notEquals: 'is not',
	contains: 'contains',
	notContains: 'does not contain',
	startsWith: 'starts with',
	matchesRegex: 'matches',
	isEmpty: 'is empty',
	isNotEmpty: 'is not empty',
	greaterThan: '>',
	lessThan: '<',
	inList: 'is one of',
};

function compileRule(rule: TagRule, ignoreCase: boolean): CompiledTagRule | string {
	const field = (rule.field ?? '').trim();
	if (field === '') return 'no field given';
	const tags = parseTags(rule.tags);
	if (tags.length === 0) return 'no tags given';
	const raw = rule.value === undefined || rule.value === null ? '' : String(rule.value);
	const label = normalizeName(rule.label) || describe(field, rule.condition, raw);
	const fold = (text: string) => (ignoreCase ? text.toLowerCase().replace(/ё/g, 'е') : text);
	const wanted = fold(normalizeName(raw));
	const anyText = (value: unknown, test: (text: string) => boolean) =>
		textsOf(value).some((t) => test(fold(t)));

	let test: (value: unknown) => boolean;
	switch (rule.condition) {
		case 'equals':
			test = (v) => anyText(v, (t) => t === wanted);
			break;
		case 'notEquals':
			test = (v) => !anyText(v, (t) => t === wanted);
			break;
		case 'contains':
			if (wanted === '') return '"contains" needs a value';
			test = (v) => anyText(v, (t) => t.includes(wanted));
			break;
		case 'notContains':
			if (wanted === '') return '"does not contain" needs a value';
			test = (v) => !anyText(v, (t) => t.includes(wanted));
			break;
		case 'startsWith':
			if (wanted === '') return '"starts with" needs a value';
			test = (v) => anyText(v, (t) => t.startsWith(wanted));
			break;
		case 'matchesRegex': {
			const regex = toRegex(raw, ignoreCase);
			if (typeof regex === 'string') return regex;
			test = (v) => textsOf(v).some((t) => regex.test(t));
			break;
		}
		case 'isEmpty':
			test = (v) => isEmptyValue(v);
			break;
		case 'isNotEmpty':
			test = (v) => !isEmptyValue(v);
			break;
		case 'greaterThan':
		case 'lessThan': {
			const limit = toNumber(raw);
			if (limit === null) return `"${raw}" is not a number to compare with`;
			const greater = rule.condition === 'greaterThan';
			test = (v) => {
				const n = toNumber(v);
				return n !== null && (greater ? n > limit : n < limit);
			};
			break;
		}
		case 'inList': {
			const list = new Set(
				raw
					.split(/[,;\n]/)
					.map((item) => fold(normalizeName(item)))
					.filter(Boolean),
			);
			if (list.size === 0) return '"is one of" needs a comma-separated list';
			test = (v) => anyText(v, (t) => list.has(t));
			break;
		}
		default:
			return `unknown condition "${String(rule.condition)}"`;
	}
	return { label, field, tags, test };
}

function describe(field: string, condition: TagCondition, value: string): string {
	const word = CONDITION_WORDS[condition] ?? condition;
	return condition === 'isEmpty' || condition === 'isNotEmpty'
		? `${field} ${word}`
		: `${field} ${word} "${value}"`;
}

/** Accepts `вакан|career` and the `/вакан|career/i` form people copy from elsewhere. */
function toRegex(source: string, ignoreCase: boolean): RegExp | string {
	const text = source.trim();
	if (text === '') return '"matches" needs a regular expression';
	const literal = /^\/(.+)\/([a-z]*)$/s.exec(text);
	const pattern = literal ? literal[1] : text;
	let flags = literal ? literal[2].replace(/[gy]/g, '') : '';
	if (ignoreCase && !flags.includes('i')) flags += 'i';
	try {
		return new RegExp(pattern, flags);
	} catch (error) {
		return `"${text}" is not a valid regular expression (${(error as Error).message})`;
	}
}

/** Strings to compare for a field value: a list compares element by element. */
function textsOf(value: unknown): string[] {
	if (Array.isArray(value)) return flatLeaves(value).flatMap(textsOf);
	// A tag or an option object `{ id, name }` compares by its name; a name that is itself an object is followed
	// no deeper than the depth cap.
	let node = value;
	for (let depth = 0; isNamed(node) && depth < MAX_DEPTH; depth++) node = node.name;
	if (node === undefined || node === null) return [];
	if (Array.isArray(node)) return flatLeaves(node).flatMap(textsOf);
	if (typeof node === 'object') return [jsonText(node, MAX_CUT_TEXT)];
	return [normalizeName(plainText(node))];
}

function isNamed(value: unknown): value is { name: unknown } {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		(value as { name?: unknown }).name !== undefined
	);
}

export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value))
		return flatLeaves(value).every((leaf) => !Array.isArray(leaf) && isEmptyValue(leaf));
	if (typeof value === 'object') return Object.keys(value).length === 0;
	return false;
}

/** Reads "150 000", "1,5", "12 000 ₽", 42 as numbers; anything else is not a number. */
export function toNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (
		typeof value === 'boolean' ||
		value === null ||
		value === undefined ||
		typeof value === 'object'
	)
		return null;
	const text = String(value)
		.replace(/[\s\u00a0\u202f]/g, '')
		.replace(/(руб\.?|₽|р\.|usd|\$|€|%)$/i, '')
		.replace(',', '.');
	if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return null;
	const n = Number(text);
	return Number.isFinite(n) ? n : null;
}
