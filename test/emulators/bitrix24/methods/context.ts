import { ApiError, legacyError } from '../envelope';
import type { PortalState } from '../portal';

/** What a method sees of the call: the portal, the decoded parameters, who calls, the emulator's clock. */
export interface MethodContext {
	state: PortalState;
	params: Record<string, unknown>;
	userId: number;
	now: number;
	/** Queues an outgoing event (ONCRMLEADADD, …) with its `data[FIELDS]`. */
	emit(event: string, fields: Record<string, unknown>): void;
	/** True inside `batch`: methods that must not run there check it. */
	inBatch: boolean;
}

/** A list answer: the page plus `total` and `next` in the envelope. */
export class ListResult {
	constructor(
		readonly result: unknown,
		readonly total: number,
		readonly next?: number,
	) {}
}

export interface MethodSpec {
	scope: 'crm' | 'user' | 'basic';
	/** Simulated execution seconds, charged against the method's operating budget. */
	cost: number | ((ctx: MethodContext, result: unknown) => number);
	run(ctx: MethodContext): unknown;
}

export type MethodTable = Record<string, MethodSpec>;

/**
 * Legacy parameter names are case-insensitive in a few spellings (`fields`, `FIELDS`, `Fields`, `arFields`;
 * `id`, `ID`) [src CCrmRestHelper::resolveParam].
 */
export function param(params: Record<string, unknown>, name: string): unknown {
	const capital = name[0].toUpperCase() + name.slice(1).toLowerCase();
	const variants = [name, name.toLowerCase(), name.toUpperCase(), capital, `ar${capital}`];
	for (const v of variants) if (params[v] !== undefined) return params[v];
	return undefined;
}

export function idParam(params: Record<string, unknown>): number {
	const raw = param(params, 'id');
	const id =
		typeof raw === 'number'
			? raw
			: typeof raw === 'string' && /^\d+$/.test(raw.trim())
				? Number(raw)
				: NaN;
	if (!Number.isInteger(id) || id <= 0) throw legacyError('ID is not defined or invalid.');
	return id;
}

export function fieldsParam(params: Record<string, unknown>): Record<string, unknown> {
	const fields = param(params, 'fields');
	if (!fields || typeof fields !== 'object' || Array.isArray(fields))
		throw legacyError("Parameter 'fields' must be array.");
	return fields as Record<string, unknown>;
}

/** `start`: 0, 50, 100…; -1 turns off counting. */
export function startParam(params: Record<string, unknown>): number {
	const raw = param(params, 'start');
	const n = Number(raw ?? 0);
	return Number.isFinite(n) ? Math.trunc(n) : 0;
}

export const PAGE_SIZE = 50;

/** One page of rows the way every list method pages: 50 rows, `total` unless start=-1, `next` if more. */
export function page<T>(
	rows: T[],
	start: number,
	shape: (rows: T[]) => unknown = (r) => r,
): ListResult {
	if (start === -1) return new ListResult(shape(rows.slice(0, PAGE_SIZE)), 0);
	const from = Math.max(0, start);
	const slice = rows.slice(from, from + PAGE_SIZE);
	const next = from + PAGE_SIZE < rows.length ? from + PAGE_SIZE : undefined;
	return new ListResult(shape(slice), rows.length, next);
}

export function itemError(code: string, description: string, status = 400): ApiError {
	return new ApiError(status, code, description);
}
