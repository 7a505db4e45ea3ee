/**
 * Reading lists efficiently. Small lists: the first page tells `total`, the other pages go 50 to a batch
 * (2,500 rows a request). Big scans: `start=-1` skips the count that makes big lists expensive, and pages go by
 * ID — each command of a batch asks for the rows after the last ID of the page before it
 * (`$result[p0][49][ID]`), so one request reads up to 2,500 rows without a COUNT(*). Many small lists at once
 * (the activities of many deals): `readAfterId` pages each by ID, 50 commands a request.
 */
import type { Bitrix24Client } from './client';
import { toQueryString, type Params } from './encode';
import type { Command, CommandOutcome, CommandRunner } from './commands';
import { Bitrix24Error, toBitrix24Error } from './errors';

export const PAGE = 50;

/** A list in parts of `size` (a batch's 50 commands, a filter's 50 IDs). */
export function chunk<T>(list: T[], size = PAGE): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Rows of a list answer: legacy lists answer an array, crm.item.list `{items}`, crm.category.list `{categories}`. */
export function rowsOf(result: unknown): Array<Record<string, unknown>> {
	if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
	if (result && typeof result === 'object') {
		const r = result as Record<string, unknown>;
		for (const key of ['items', 'categories'])
			if (Array.isArray(r[key])) return r[key] as Array<Record<string, unknown>>;
	}
	return [];
}

/** Every row of a list, pages after the first fetched 50 to a batch. `max` bounds what is read. */
export async function listAll(
	runner: CommandRunner,
	method: string,
	params: Params,
	max = 10_000,
): Promise<Array<Record<string, unknown>>> {
	return (await listAllWith(runner, method, params, [], max)).rows;
}

/** listAll, with other commands sent in the batch of the first page (their outcomes come back as `alongside`). */
export async function listAllWith(
	runner: CommandRunner,
	method: string,
	params: Params,
	others: Command[],
	max = 10_000,
): Promise<{ rows: Array<Record<string, unknown>>; alongside: CommandOutcome[] }> {
	const [first, ...alongside] = await runner.run([
		{ method, params: { ...params, start: 0 } },
		...others,
	]);
	if (!first.ok) throw first.error;
	const rows = rowsOf(first.value);
	if (first.next === undefined || rows.length >= max)
		return { rows: rows.slice(0, max), alongside };
	const total = Math.min(first.total ?? max, max);
	const starts: number[] = [];
	for (let start = first.next; start < total; start += PAGE) starts.push(start);
	const pages = await runner.run(starts.map((start) => ({ method, params: { ...params, start } })));
	for (const page of pages) {
		if (!page.ok) throw page.error;
		rows.push(...rowsOf(page.value));
	}
	return { rows: rows.slice(0, max), alongside };
}

export interface ScanOptions {
	/** 'ID' for legacy lists, 'id' for crm.item.list. */
	idField: 'ID' | 'id';
	/**
	 * How many chained pages each request asks for, round by round (at most 50). Default: one page, then full
	 * batches: a first page that comes back full says the list goes on, and a short page ends the scan wherever it
	 * falls in a batch (the chained commands after it, at most 49 cheap ones in the last request, are dropped; no
	 * row is read twice). 50,005 deals: 21 requests, the ⌈1,001 pages ÷ 50⌉ minimum; a one-page list: one request.
	 */
	chain?: number[];
	maxAttempts?: number;
	/** Where a page's rows sit in the answer, for the chained `$result[…]` reference: `[items]` for crm.item.list
	 * (the default with `id`), `[items]` too for crm.stagehistory.list, nothing for legacy lists. */
	rowsPath?: string;
}

/**
 * Pages through a list by ID with `start=-1`, yielding pages of up to 2,500 rows. The filter may not use `>ID`
 * itself. A chained command after a short page would read garbage (the reference runs past the end of the page):
 * its rows are dropped.
 */
export async function* scanById(
	client: Bitrix24Client,
	method: string,
	params: Params,
	options: ScanOptions,
): AsyncGenerator<Array<Record<string, unknown>>> {
	const chain = options.chain ?? [1, 50];
	const maxAttempts = options.maxAttempts ?? 6;
	const idKey = `>${options.idField}`;
	const filter = (params.filter as Params | undefined) ?? {};
	const path = options.rowsPath ?? (options.idField === 'id' ? '[items]' : '');
	let lastId = 0;
	let stalled = 0;
	for (let round = 0; ; round++) {
		const size = Math.min(50, chain[Math.min(round, chain.length - 1)]);
		const commands = Array.from({ length: size }, (_, i) => {
			const after = i === 0 ? lastId : `$result[p${i - 1}]${path}[${PAGE - 1}][${options.idField}]`;
			const query = toQueryString({
				...params,
				filter: { ...filter, [idKey]: after },
				order: { [options.idField]: 'ASC' },
				start: -1,
			});
			return { key: `p${i}`, method, query };
		});
		const answer = await readWithRetry(client, commands, maxAttempts);
		const rows: Array<Record<string, unknown>> = [];
		let finished = false;
		for (let i = 0; i < size; i++) {
			const key = `p${i}`;
			if (!(key in answer.results)) {
				const failure = answer.errors[key];
				if (failure && !failure.isTransient) throw failure;
				break; // the rest of the chain depended on this page: read on from the last good row
			}
			const page = rowsOf(answer.results[key]);
			rows.push(...page);
			if (page.length < PAGE) {
				finished = true;
				break;
			}
		}
		if (rows.length) {
			yield rows;
			lastId = Number(rows[rows.length - 1][options.idField]);
			stalled = 0;
		}
		if (finished) return;
		if (rows.length === 0) {
			if (++stalled >= maxAttempts)
				throw new Bitrix24Error(
					'NOT_SENT',
					`${method} kept failing while paging`,
					undefined,
					method,
				);
			await client.backoff(stalled);
		}
	}
}

async function readWithRetry(
	client: Bitrix24Client,
	commands: Array<{ key: string; method: string; query: string }>,
	maxAttempts: number,
) {
	for (let attempt = 0; ; attempt++) {
		try {
			return await client.batch(commands);
		} catch (error) {
			// A read: safe to send again while the failure is temporary.
			const failure = toBitrix24Error(error, 'batch');
			if (!failure.isTransient || attempt + 1 >= maxAttempts) throw failure;
			await client.backoff(attempt);
		}
	}
}

/**
 * Many lists read whole at once (e.g. the calls of each chunk of 50 deals), without a COUNT(*): each list's next
 * page is one command with `start=-1`, ID order and `>ID` the last ID it read, 50 commands a request whatever list
 * they belong to. A page of 50 rows means that list may go on: its next page joins the queue. `filters` must not
 * use `>ID` themselves. Rows come back list after list, each in ID order.
 */
export async function readAfterId(
	runner: CommandRunner,
	method: string,
	params: Params,
	filters: Params[],
): Promise<Array<Record<string, unknown>>> {
	let queue = filters.map((filter, list) => ({ list, filter, after: 0 }));
	const byList: Array<Array<Record<string, unknown>>> = filters.map(() => []);
	while (queue.length > 0) {
		const sending = queue.slice(0, PAGE);
		queue = queue.slice(PAGE);
		const pages = await runner.run(
			sending.map(({ filter, after }) => ({
				method,
				params: { ...params, filter: { ...filter, '>ID': after }, order: { ID: 'ASC' }, start: -1 },
			})),
		);
		sending.forEach((list, i) => {
			const page = pages[i];
			if (!page.ok) throw page.error;
			const got = rowsOf(page.value);
			byList[list.list].push(...got);
			if (got.length < PAGE) return;
			const last = Number(got[got.length - 1].ID);
			// An ID that does not move forward would ask for the same page again, forever.
			if (!(last > list.after))
				throw new Bitrix24Error(
					'PAGING_STUCK',
					`${method} answered a full page that does not advance past ID ${list.after}`,
					undefined,
					method,
				);
			queue.push({ ...list, after: last });
		});
	}
	return byList.flat();
}
