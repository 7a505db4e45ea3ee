import {
	emptyRequest,
	limitPerPage,
	validationFailed,
	type FieldError,
	type ItemValidationError,
} from './errors';

/**
 * amoCRM validates a whole batch before writing anything: one bad item rejects the request with a 400 listing
 * every failing item by `request_id` (the item's own, else its index). Handlers prepare each item (collecting
 * errors and returning a closure that applies it), then `applyAll` runs the closures only if nothing failed.
 */
export class ItemErrors {
	constructor(
		readonly requestId: string,
		readonly errors: FieldError[] = [],
		private readonly prefix = '',
	) {}

	add(path: string, code: string, detail: string) {
		this.errors.push({ code, path: `${this.prefix}${path}`, detail });
	}

	/** Errors of a nested entity (a complex create's contact) reported under its path. */
	scoped(prefix: string): ItemErrors {
		return new ItemErrors(this.requestId, this.errors, `${this.prefix}${prefix}`);
	}

	notChoice(path: string) {
		this.add(path, 'NotSupportedChoice', 'The value you selected is not a valid choice.');
	}

	wrongType(path: string, type: string) {
		this.add(path, 'InvalidType', `This value should be of type ${type}.`);
	}

	blank(path: string) {
		this.add(path, 'NotBlank', 'This value should not be blank.');
	}
}

export class BatchValidator {
	private readonly items: ItemErrors[] = [];

	item(index: number, raw: unknown): ItemErrors {
		const requestId =
			isRecord(raw) && raw.request_id !== undefined ? String(raw.request_id) : String(index);
		const errors = new ItemErrors(requestId);
		this.items.push(errors);
		return errors;
	}

	failures(): ItemValidationError[] {
		return this.items
			.filter((i) => i.errors.length > 0)
			.map((i) => ({ request_id: i.requestId, errors: i.errors }));
	}

	/** Throws the 400 if any item failed; else applies every prepared item in order. */
	applyAll<T>(prepared: Array<() => T>): T[] {
		const failures = this.failures();
		if (failures.length > 0) throw validationFailed(failures);
		return prepared.map((apply) => apply());
	}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A write body must be a non-empty array of at most `limit` objects. */
export function batchOf(body: unknown, limit = 250): Array<Record<string, unknown>> {
	if (
		body === undefined ||
		body === null ||
		body === '' ||
		(Array.isArray(body) && body.length === 0)
	)
		throw emptyRequest();
	const list = Array.isArray(body) ? body : [body];
	if (list.length > limit) throw limitPerPage(limit);
	return list.map((item) => (isRecord(item) ? item : {}));
}

export function isIntLike(value: unknown): boolean {
	if (typeof value === 'number') return Number.isInteger(value);
	return typeof value === 'string' && /^-?\d+$/.test(value.trim());
}

export function checkInt(
	errors: ItemErrors,
	item: Record<string, unknown>,
	key: string,
	prefix = '',
): number | undefined {
	const value = item[key];
	if (value === undefined || value === null) return undefined;
	if (!isIntLike(value)) {
		errors.wrongType(`${prefix}${key}`, 'int');
		return undefined;
	}
	return Number(value);
}

export function checkString(
	errors: ItemErrors,
	item: Record<string, unknown>,
	key: string,
	prefix = '',
): string | undefined {
	const value = item[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') {
		errors.wrongType(`${prefix}${key}`, 'string');
		return undefined;
	}
	return value;
}
