/**
 * `batch` [src CRestProvider::methodsBatch, CRestUtil::ParseBatchQuery]: up to 50 commands, each a query string
 * parsed like PHP `parse_str`, `$result[key][FIELD]` references resolved against earlier answers, HTTP 200 even
 * when commands fail, empty members as `[]`.
 */
import qs from 'qs';

import { ApiError, type TimeBlock } from './envelope';

export const MAX_BATCH_COMMANDS = 50;

/** PHP `parse_str`: `+` is a space, `%XX` decoded, brackets nest. */
export function parseStr(query: string): Record<string, unknown> {
	return qs.parse(query, {
		depth: 32,
		arrayLimit: 10_000,
		parameterLimit: 10_000,
		allowPrototypes: false,
	}) as Record<string, unknown>;
}

/** A JSON body of PHP arrays: `[]` when empty, a list when keys are 0..n-1, else an object. */
export function phpArray(map: Record<string, unknown>): unknown {
	const keys = Object.keys(map);
	if (keys.length === 0) return [];
	if (keys.every((k, i) => k === String(i))) return keys.map((k) => map[k]);
	return map;
}

export interface BatchResults {
	result: Record<string, unknown>;
	next: Record<string, unknown>;
	total: Record<string, unknown>;
	time: Record<string, unknown>;
	error: Record<string, unknown>;
}

function phpString(value: unknown): string {
	if (value === null || value === undefined || value === false) return '';
	if (value === true) return '1';
	if (typeof value === 'object') return 'Array';
	return String(value);
}

/**
 * One parameter value: each `$result[k][…]`-style match walks the path while it exists (a missing step stops
 * the walk and leaves the partial value); a value that is exactly the reference takes the raw value, even an
 * array, else the scalar is string-replaced.
 */
function substitute(value: string, results: BatchResults): unknown {
	const matches = [...value.matchAll(/\$(result|next|total|time|error)([^\s]*)/gi)];
	let out: unknown = value;
	for (const match of matches) {
		const segments = [...match[2].matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
		if (segments.length === 0) continue;
		// PHP looks the name up as written: $RESULT finds nothing.
		let current: unknown = (results as unknown as Record<string, unknown>)[match[1]];
		for (const segment of segments) {
			const next =
				current && typeof current === 'object'
					? (current as Record<string, unknown>)[segment]
					: undefined;
			if (next === undefined || next === null) break;
			current = next;
		}
		if (match[0] === out) out = current;
		else if (typeof out === 'string') out = out.split(match[0]).join(phpString(current));
	}
	return out;
}

export function resolveReferences(params: unknown, results: BatchResults): unknown {
	if (Array.isArray(params)) return params.map((v) => resolveReferences(v, results));
	if (params && typeof params === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(params)) out[k] = resolveReferences(v, results);
		return out;
	}
	return typeof params === 'string' ? substitute(params, results) : params;
}

export interface BatchCommand {
	key: string;
	method: string;
	query: string;
}

/** `cmd` as a list or an object; non-string values are skipped. */
export function commandsOf(cmd: unknown): BatchCommand[] {
	const entries = Array.isArray(cmd)
		? cmd.map((v, i) => [String(i), v] as const)
		: cmd && typeof cmd === 'object'
			? Object.entries(cmd)
			: [];
	const commands: BatchCommand[] = [];
	for (const [key, value] of entries) {
		if (typeof value !== 'string') continue;
		const q = value.indexOf('?');
		commands.push({
			key,
			method: (q < 0 ? value : value.slice(0, q)).trim(),
			query: q < 0 ? '' : value.slice(q + 1),
		});
	}
	return commands;
}

export type CommandOutcome =
	| { ok: true; result: unknown; total?: number; next?: number; time: TimeBlock }
	| { ok: false; error: ApiError; time?: TimeBlock };

export function batchError(code: string, description: string): ApiError {
	return new ApiError(400, code, description);
}
