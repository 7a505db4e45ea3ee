import { createHash } from 'node:crypto';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

type Stored = { mode: string; data: string[] | DeduplicationItemTypes };

/**
 * An in-memory stand-in for n8n's `DeduplicationHelper` (table `processed_data`) with the same observable
 * behaviour, quirks included, so node tests see what a server would do:
 * - records are keyed by workflow id + context (`''` for workflow scope, `n:<nodeId>` for node scope);
 * - entries are md5/base64 hashes; `maxEntries` keeps the newest;
 * - the first call for a context returns every item as new, even repeats inside that batch, and a later
 *   batch also lets repeats inside itself through (the seen-set is built before the batch is walked);
 * - read-modify-write without locking: concurrent calls can both see a key as new; two concurrent *first* calls
 *   for a context both try to insert its row and the second fails with the database's unique-key error.
 * Survives across executions for as long as the instance lives (one per test file by default).
 */
export class InMemoryDeduplicator implements IDataDeduplicator {
	private readonly rows = new Map<string, Stored>();

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = this.key(scope, contextData);
		const existing = this.rows.get(key);
		if (existing && existing.mode !== options.mode) {
			throw new Error(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter.',
			);
		}
		if (options.mode !== 'entries') return this.latest(key, items, options, existing);
		const hashes = items.map((i) => hash(i));
		if (!existing) {
			const data = options.maxEntries
				? hashes.slice(Math.max(0, hashes.length - options.maxEntries))
				: hashes;
			await tick();
			// The server creates a context's row with a plain INSERT: a concurrent first call that got there
			// first makes this one fail on the primary key, recording nothing (seen on PostgreSQL in queue mode).
			if (this.rows.has(key))
				throw new Error(
					'duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"',
				);
			this.rows.set(key, { mode: options.mode, data });
			return { new: items, processed: [] };
		}
		const data = [...(existing.data as string[])];
		const seen = new Set(data);
		const result: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((h, index) => {
			if (seen.has(h)) result.processed.push(items[index]);
			else {
				result.new.push(items[index]);
				data.push(h);
			}
		});
		if (options.maxEntries) data.splice(0, Math.max(0, data.length - options.maxEntries));
		await tick();
		this.rows.set(key, { mode: options.mode, data });
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (options.mode !== 'entries')
			throw new Error('Removing processed data is not possible in mode "latest"');
		const key = this.key(scope, contextData);
		const existing = this.rows.get(key);
		if (!existing) return;
		const remove = new Set(items.map((i) => hash(i)));
		this.rows.set(key, {
			...existing,
			data: (existing.data as string[]).filter((h) => !remove.has(h)),
		});
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		_options?: ICheckProcessedOptions,
	): Promise<void> {
		this.rows.delete(this.key(scope, contextData));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const existing = this.rows.get(this.key(scope, contextData));
		if (!existing) return 0;
		if (options.mode === 'entries') return Array.isArray(existing.data) ? existing.data.length : 0;
		return 0;
	}

	/** Test inspection: how many keys a context holds. */
	size(workflowId: string, context = ''): number {
		const row = this.rows.get(`${workflowId}|${context}`);
		return row && Array.isArray(row.data) ? row.data.length : 0;
	}

	private latest(
		key: string,
		items: DeduplicationItemTypes[],
		options: ICheckProcessedOptions,
		existing: Stored | undefined,
	): IDeduplicationOutput {
		const compare = (a: DeduplicationItemTypes, b: DeduplicationItemTypes) => {
			const [x, y] =
				options.mode === 'latestDate'
					? [Date.parse(String(a)), Date.parse(String(b))]
					: [Number(a), Number(b)];
			if (Number.isNaN(x) || Number.isNaN(y))
				throw new Error(`Invalid value for mode "${options.mode}"`);
			return x === y ? 0 : x > y ? 1 : -1;
		};
		const sorted = items.slice().sort(compare);
		if (!existing) {
			this.rows.set(key, { mode: options.mode, data: sorted[sorted.length - 1] });
			return { new: items, processed: [] };
		}
		const result: IDeduplicationOutput = { new: [], processed: [] };
		let largest = existing.data as DeduplicationItemTypes;
		for (const item of sorted) {
			if (compare(item, existing.data as DeduplicationItemTypes) === 1) {
				result.new.push(item);
				if (compare(item, largest) === 1) largest = item;
			} else result.processed.push(item);
		}
		this.rows.set(key, { mode: options.mode, data: largest });
		return result;
	}

	private key(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id)
			throw new Error('Deduplication needs a saved workflow (workflow id)');
		if (scope === 'node') {
			if (!contextData.node)
				throw new Error("No node information has been provided and so cannot use scope 'node'");
			return `${contextData.workflow.id}|n:${contextData.node.id}`;
		}
		return `${contextData.workflow.id}|`;
	}
}

function hash(value: DeduplicationItemTypes): string {
	return createHash('md5').update(String(value)).digest('base64');
}

/** The database round trip: lets concurrent executions interleave as they do on a server. */
function tick(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
