/**
 * Runs many commands in few requests: 50 to a `batch`, several batches in flight at once (as many as the client
 * allows; its pacing decides when each leaves), each command's answer or error back in its place.
 * Commands refused for the limits or lost to a server or network failure are sent again in the next round —
 * except writes that may have run already: those are first looked up by their reconciler (a create by its
 * ORIGIN_ID, a to-do by its owner, title and deadline, …), so a write is never made twice.
 */
import type { Bitrix24Client } from './client';
import { toQueryString, type Params } from './encode';
import { Bitrix24Error, toBitrix24Error } from './errors';

export interface Command {
	method: string;
	params: Params;
	/** For writes that must not run twice: how to tell whether an attempt whose answer was lost took effect. */
	reconcile?: Reconciler;
}

export interface Reconciler {
	/** Commands whose reconcilers share a key are checked together, in one lookup. */
	readonly key: string;
	/**
	 * These commands may or may not have run. Returns, by position in `commands`, the result of those that did
	 * (shaped as the method would have answered). Reads through `runner` only.
	 */
	find(commands: Command[], runner: CommandRunner): Promise<Map<number, unknown>>;
}

export type CommandOutcome =
	| { ok: true; value: unknown; total?: number; next?: number; reconciled?: boolean }
	| { ok: false; error: Bitrix24Error };

export interface RunnerStats {
	commands: number;
	resent: number;
	reconciled: number;
}

export class CommandRunner {
	readonly stats: RunnerStats = { commands: 0, resent: 0, reconciled: 0 };

	constructor(
		readonly client: Bitrix24Client,
		private readonly options: { maxAttempts?: number; batchSize?: number } = {},
	) {}

	private get maxAttempts() {
		return this.options.maxAttempts ?? 6;
	}

	/** Every command's outcome, in order. Never throws for a command's own failure. */
	async run(commands: Command[]): Promise<CommandOutcome[]> {
		const outcomes: Array<CommandOutcome | undefined> = new Array(commands.length);
		const attempts = new Array<number>(commands.length).fill(0);
		const queries = commands.map((c) => toQueryString(c.params));
		const batchSize = Math.min(50, this.options.batchSize ?? 50);
		this.stats.commands += commands.length;
		let queue = commands.map((_, i) => i);
		for (let round = 0; queue.length > 0; round++) {
			const again: number[] = [];
			const unknown: number[] = [];
			const retryOrFail = (index: number, error: Bitrix24Error) => {
				attempts[index]++;
				if (!error.isTransient || attempts[index] >= this.maxAttempts)
					outcomes[index] = { ok: false, error };
				else if (error.mayHaveRun && commands[index].reconcile) unknown.push(index);
				else again.push(index);
			};
			const chunks: number[][] = [];
			for (let start = 0; start < queue.length; start += batchSize)
				chunks.push(queue.slice(start, start + batchSize));
			let stoppedBy: Bitrix24Error | undefined;
			const unsent = await inFlight(
				chunks,
				this.client.maxInFlight,
				async (chunk) => {
					try {
						const answer = await this.client.batch(
							chunk.map((i) => ({ key: `c${i}`, method: commands[i].method, query: queries[i] })),
						);
						for (const i of chunk) {
							const key = `c${i}`;
							if (key in answer.results)
								outcomes[i] = {
									ok: true,
									value: answer.results[key],
									total: answer.totals[key],
									next: answer.nexts[key],
								};
							else
								retryOrFail(
									i,
									answer.errors[key] ??
										new Bitrix24Error(
											'NOT_SENT',
											'The command got no answer in the batch',
											undefined,
											commands[i].method,
										),
								);
						}
					} catch (thrown) {
						const error = toBitrix24Error(thrown, 'batch');
						if (!error.isTransient) {
							// Auth, scope, plan: the same for every command; nothing more is sent.
							stoppedBy ??= error;
							for (const i of chunk) outcomes[i] = { ok: false, error };
							return;
						}
						for (const i of chunk) retryOrFail(i, error);
					}
				},
				() => stoppedBy !== undefined,
			);
			if (stoppedBy) {
				for (const i of unsent.flat()) outcomes[i] = { ok: false, error: stoppedBy };
				// What is unsure is left as it failed: a lookup would meet the same refusal.
				for (const i of [...unknown, ...again]) outcomes[i] ??= { ok: false, error: stoppedBy };
				break;
			}
			if (unknown.length) await this.reconcile(commands, unknown, outcomes, again);
			this.stats.resent += again.length;
			queue = again.sort((a, b) => a - b);
			if (queue.length) await this.client.backoff(round);
		}
		return outcomes as CommandOutcome[];
	}

	private async reconcile(
		commands: Command[],
		unknown: number[],
		outcomes: Array<CommandOutcome | undefined>,
		again: number[],
	) {
		const groups = new Map<string, { reconciler: Reconciler; indexes: number[] }>();
		for (const i of unknown) {
			const reconciler = commands[i].reconcile as Reconciler;
			const group = groups.get(reconciler.key) ?? { reconciler, indexes: [] };
			group.indexes.push(i);
			groups.set(reconciler.key, group);
		}
		for (const { reconciler, indexes } of groups.values()) {
			let found: Map<number, unknown>;
			try {
				found = await reconciler.find(
					indexes.map((i) => commands[i]),
					this,
				);
			} catch (thrown) {
				// Could not look: without knowing, re-sending risks a double, so these commands fail with the reason.
				const error = toBitrix24Error(thrown, commands[indexes[0]].method);
				for (const i of indexes)
					outcomes[i] = {
						ok: false,
						error: new Bitrix24Error(
							error.code,
							`The answer was lost and checking whether it ran failed: ${error.description}`,
							error.httpStatus,
							commands[i].method,
						),
					};
				continue;
			}
			indexes.forEach((i, position) => {
				if (found.has(position)) {
					outcomes[i] = { ok: true, value: found.get(position), reconciled: true };
					this.stats.reconciled++;
				} else {
					// retryOrFail only lets a command be "unknown" while it has attempts left
					again.push(i);
				}
			});
		}
	}

	/** One command; throws its Bitrix24Error. */
	async one(command: Command): Promise<unknown> {
		const [outcome] = await this.run([command]);
		if (!outcome.ok) throw outcome.error;
		return outcome.value;
	}

	/**
	 * One method outside batch (the raw-method operation, and `batch` itself). Retried only while it surely did
	 * not run, unless the caller says it is safe to repeat.
	 */
	async direct(method: string, params: Params, safeToRepeat: boolean) {
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.client.call(method, params);
			} catch (thrown) {
				const error = toBitrix24Error(thrown, method);
				const retry =
					error.isTransient &&
					(safeToRepeat || !error.mayHaveRun) &&
					attempt + 1 < this.maxAttempts;
				if (!retry) throw error;
				await this.client.backoff(attempt);
			}
		}
	}
}

/**
 * Runs `work` for each part, up to `limit` parts at a time, starting them in order; once `stop()` says so no part
 * is started any more. Answers the parts never started. The client's pacing decides when each request leaves;
 * this only bounds how many wait or fly at once.
 */
export async function inFlight<T>(
	parts: T[],
	limit: number,
	work: (part: T) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<T[]> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (next < parts.length && !failure && !stop()) {
			const part = parts[next++];
			try {
				await work(part);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, parts.length)) }, worker));
	if (failure) throw failure.error;
	return parts.slice(next);
}
