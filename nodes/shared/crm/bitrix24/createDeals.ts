/**
 * New deals with new contacts, each contact and its deal in the same batch: `c7: crm.contact.add?…` then
 * `d7: crm.deal.add?…&fields[CONTACT_IDS][0]=$result[c7]` (the batch method's chaining), 25 pairs to a request. Both methods
 * then spend their operating budgets side by side, instead of all contacts first and all deals after, each method
 * waiting out its own windows.
 *
 * The reference is resolved by the server only when the contact was made. When it was not, what the deal gets is
 * not pinned down ("a missing path stops the walk and leaves a partial value": the text `$result[c7]`, or all the
 * batch's results so far), so a deal made beside a refused contact is never trusted: its contact is made again and
 * set as the deal's only contact (CONTACT_IDS on update replaces the list), or, when the contact cannot be made,
 * the deal is deleted and the item fails with the contact's reason. A contact made beside a refused deal gets its
 * deal in a command of its own. A pair whose answer was lost is looked up by ORIGIN_ID (the contact's is the
 * deal's plus `:contact`) before anything is sent again, so a retried pair never makes a second contact or deal.
 */
import type { Command, CommandRunner } from './commands';
import { toQueryString, type Params } from './encode';
import { Bitrix24Error, toBitrix24Error } from './errors';
import { createdByOrigin, deletedReconciler, ORIGINATOR } from './reconcile';

/** Fields of the contact to make and of the deal to link it to (the deal's without CONTACT_IDS). */
export interface DealWithContact {
	contact: Params;
	deal: Params;
}

export type PairError = Bitrix24Error | { message: string; code?: string; description?: string };

export type PairOutcome =
	{ ok: true; dealId: string; contactId: string } | { ok: false; error: PairError };

/**
 * The fields that make a deal's new contact findable after a lost answer: our originator, and the deal's own
 * ORIGIN_ID with `:contact`, so the two never share one.
 */
export function pairedContactOrigin(dealOriginId: string): {
	ORIGINATOR_ID: string;
	ORIGIN_ID: string;
} {
	return { ORIGINATOR_ID: ORIGINATOR, ORIGIN_ID: `${dealOriginId}:contact` };
}

/** A pair's failure as the transport's error, for callers that report Bitrix24Error (e.g. the Bitrix24 node). */
export function pairErrorAsBitrix24(error: PairError): Bitrix24Error {
	return error instanceof Bitrix24Error
		? error
		: new Bitrix24Error(error.code ?? 'ERROR', error.message, undefined, 'crm.deal.add');
}

/** 25 pairs = 50 commands, the most a batch takes. */
const PAIRS_PER_BATCH = 25;
const MAX_ATTEMPTS = 6;
const DEAL_PARAMS = { REGISTER_SONET_EVENT: 'N' };

function dealCommand(fields: Params): Command {
	return {
		method: 'crm.deal.add',
		params: { fields, params: DEAL_PARAMS },
		reconcile: createdByOrigin('deal'),
	};
}

function contactCommand(fields: Params): Command {
	return { method: 'crm.contact.add', params: { fields }, reconcile: createdByOrigin('contact') };
}

function describe(error: Bitrix24Error): string {
	return `${error.method}: ${error.description || error.code}`;
}

type Answer = { ok: true; id: string } | { ok: false; error: Bitrix24Error };

class PairJob {
	private readonly outcomes: Array<PairOutcome | undefined>;
	private readonly attempts: number[];
	/** Contacts made whose deal is still to make. */
	private readonly needDeal = new Map<number, string>();
	/** Deals made beside a contact that was not: the contact to make again (or the deal to delete), and why. */
	private readonly orphans = new Map<number, { dealId: string; error: Bitrix24Error }>();
	/** Both found after a lost answer: the link to set again. */
	private readonly relink = new Map<number, { dealId: string; contactId: string }>();

	constructor(
		private readonly runner: CommandRunner,
		private readonly pairs: DealWithContact[],
	) {
		this.outcomes = new Array(pairs.length);
		this.attempts = new Array<number>(pairs.length).fill(0);
	}

	private contactQuery(i: number) {
		return toQueryString({ fields: this.pairs[i].contact });
	}

	private dealQuery(i: number) {
		// The reference goes unencoded: the server looks for `$result[…]` in the query as sent.
		return `${toQueryString({ fields: this.pairs[i].deal, params: DEAL_PARAMS })}&fields[CONTACT_IDS][0]=$result[c${i}]`;
	}

	async run(): Promise<PairOutcome[]> {
		this.runner.stats.commands += this.pairs.length * 2;
		let queue = this.pairs.map((_, i) => i);
		for (let round = 0; queue.length > 0; round++) {
			const again: number[] = [];
			const unknown: number[] = [];
			const retryOrFail = (i: number, error: Bitrix24Error) => {
				this.attempts[i]++;
				if (!error.isTransient || this.attempts[i] >= MAX_ATTEMPTS)
					this.outcomes[i] = { ok: false, error };
				else if (error.mayHaveRun) unknown.push(i);
				else again.push(i);
			};
			for (let start = 0; start < queue.length; start += PAIRS_PER_BATCH) {
				const chunk = queue.slice(start, start + PAIRS_PER_BATCH);
				try {
					const answer = await this.runner.client.batch(
						chunk.flatMap((i) => [
							{ key: `c${i}`, method: 'crm.contact.add', query: this.contactQuery(i) },
							{ key: `d${i}`, method: 'crm.deal.add', query: this.dealQuery(i) },
						]),
					);
					const read = (key: string, method: string): Answer =>
						key in answer.results
							? { ok: true, id: String(answer.results[key]) }
							: {
									ok: false,
									error:
										answer.errors[key] ??
										new Bitrix24Error(
											'NO_ANSWER',
											'The command got no answer in the batch',
											500,
											method,
										),
								};
					for (const i of chunk)
						this.settle(
							i,
							read(`c${i}`, 'crm.contact.add'),
							read(`d${i}`, 'crm.deal.add'),
							retryOrFail,
						);
				} catch (thrown) {
					const error = toBitrix24Error(thrown, 'batch');
					if (!error.isTransient) {
						// Auth, scope, plan: the same for every pair; stop here.
						for (const i of queue.slice(start)) this.outcomes[i] = { ok: false, error };
						queue = [];
						break;
					}
					for (const i of chunk) retryOrFail(i, error);
				}
			}
			if (unknown.length) await this.reconcile(unknown, again);
			this.runner.stats.resent += again.length * 2;
			queue = again.sort((a, b) => a - b);
			if (queue.length) await this.runner.client.backoff(round);
		}
		await this.makeMissingDeals();
		await this.mendOrphans();
		return this.outcomes as PairOutcome[];
	}

	private settle(
		i: number,
		contact: Answer,
		deal: Answer,
		retryOrFail: (i: number, error: Bitrix24Error) => void,
	) {
		// A command that may have run though it answered an error (a 5xx inside the batch): look both up first.
		const uncertain = [contact, deal].find(
			(a): a is { ok: false; error: Bitrix24Error } =>
				!a.ok && a.error.isTransient && a.error.mayHaveRun,
		);
		if (uncertain) retryOrFail(i, uncertain.error);
		else if (contact.ok && deal.ok)
			this.outcomes[i] = { ok: true, contactId: contact.id, dealId: deal.id };
		else if (contact.ok && !deal.ok) {
			if (deal.error.isTransient) this.needDeal.set(i, contact.id);
			else
				this.outcomes[i] = {
					ok: false,
					error: {
						message: `The contact ${contact.id} was created, but the deal was refused: ${describe(deal.error)}`,
						code: deal.error.code || undefined,
					},
				};
		} else if (!contact.ok && deal.ok)
			this.orphans.set(i, { dealId: deal.id, error: contact.error });
		else if (!contact.ok) retryOrFail(i, contact.error);
	}

	/** Pairs whose answers were lost: which of the two exists, by ORIGIN_ID. */
	private async reconcile(unknown: number[], again: number[]) {
		let contacts: Map<number, unknown>;
		let deals: Map<number, unknown>;
		try {
			const contactCommands = unknown.map((i) => contactCommand(this.pairs[i].contact));
			const dealCommands = unknown.map((i) => dealCommand(this.pairs[i].deal));
			contacts = await createdByOrigin('contact').find(contactCommands, this.runner);
			deals = await createdByOrigin('deal').find(dealCommands, this.runner);
		} catch (thrown) {
			// Could not look: sending again might make doubles, so these items fail with the reason.
			const error = toBitrix24Error(thrown, 'crm.contact.add');
			for (const i of unknown)
				this.outcomes[i] = {
					ok: false,
					error: new Bitrix24Error(
						error.code,
						`The answer was lost and checking whether the contact and deal were made failed: ${error.description}`,
						error.httpStatus,
						'crm.deal.add',
					),
				};
			return;
		}
		unknown.forEach((i, position) => {
			const contactId = contacts.has(position) ? String(contacts.get(position)) : undefined;
			const dealId = deals.has(position) ? String(deals.get(position)) : undefined;
			if (contactId || dealId) this.runner.stats.reconciled++;
			// Both made: the deal's reference found the contact only if the contact's own answer was a success, which
			// nobody saw; set the link again (an update of CONTACT_IDS replaces the list, so repeating it is harmless).
			if (contactId && dealId) this.relink.set(i, { dealId, contactId });
			else if (contactId) this.needDeal.set(i, contactId);
			else if (dealId)
				this.orphans.set(i, {
					dealId,
					error: new Bitrix24Error(
						'NO_ANSWER',
						'The contact was not made when its deal was',
						500,
						'crm.contact.add',
					),
				});
			else again.push(i);
		});
	}

	/** Contacts made whose deal was refused for the limits or lost: the deal alone, linked by ID. */
	private async makeMissingDeals() {
		const waiting = [...this.needDeal.entries()];
		if (!waiting.length) return;
		const made = await this.runner.run(
			waiting.map(([i, contactId]) =>
				dealCommand({ ...this.pairs[i].deal, CONTACT_IDS: [contactId] }),
			),
		);
		waiting.forEach(([i, contactId], n) => {
			const outcome = made[n];
			this.outcomes[i] = outcome.ok
				? { ok: true, contactId, dealId: String(outcome.value) }
				: {
						ok: false,
						error: {
							message: `The contact ${contactId} was created, but the deal was not: ${describe(outcome.error)}`,
							code: outcome.error.code || undefined,
						},
					};
		});
	}

	/**
	 * Deals made beside a contact that was not. The contact is made again when that may still work, then set as
	 * the deal's only contact; when it cannot be made, the deal is deleted and the item fails with the reason.
	 */
	private async mendOrphans() {
		const orphans = [...this.orphans.entries()];
		if (!orphans.length && !this.relink.size) return;
		const retry = orphans.filter(([, o]) => o.error.isTransient);
		const contacts = await this.runner.run(
			retry.map(([i]) => contactCommand(this.pairs[i].contact)),
		);
		const toLink: Array<{ i: number; dealId: string; contactId: string }> = [
			...this.relink.entries(),
		].map(([i, l]) => ({ i, ...l }));
		const toDelete: Array<{ i: number; dealId: string; error: Bitrix24Error }> = orphans
			.filter(([, o]) => !o.error.isTransient)
			.map(([i, o]) => ({ i, dealId: o.dealId, error: o.error }));
		retry.forEach(([i, o], n) => {
			const outcome = contacts[n];
			if (outcome.ok) toLink.push({ i, dealId: o.dealId, contactId: String(outcome.value) });
			else toDelete.push({ i, dealId: o.dealId, error: outcome.error });
		});
		const linked = await this.runner.run(
			toLink.map((l) => ({
				method: 'crm.deal.update',
				params: {
					id: Number(l.dealId),
					fields: { CONTACT_IDS: [l.contactId] },
					params: DEAL_PARAMS,
				},
			})),
		);
		toLink.forEach((l, n) => {
			const outcome = linked[n];
			this.outcomes[l.i] = outcome.ok
				? { ok: true, contactId: l.contactId, dealId: l.dealId }
				: {
						ok: false,
						error: {
							message: `The deal ${l.dealId} and the contact ${l.contactId} were created, but linking them failed: ${describe(outcome.error)}`,
							code: outcome.error.code || undefined,
						},
					};
		});
		const deleted = await this.runner.run(
			toDelete.map((d) => ({
				method: 'crm.deal.delete',
				params: { id: Number(d.dealId) },
				reconcile: deletedReconciler('deal'),
			})),
		);
		toDelete.forEach((d, n) => {
			const outcome = deleted[n];
			const reason = `The contact was refused: ${describe(d.error)}`;
			this.outcomes[d.i] = {
				ok: false,
				error: outcome.ok
					? {
							message: `${reason}; the deal made for it (${d.dealId}) was deleted`,
							code: d.error.code || undefined,
						}
					: {
							message: `${reason}; the deal ${d.dealId} was made without it and deleting it failed: ${describe(outcome.error)}`,
							code: d.error.code || undefined,
						},
			};
		});
	}
}

/** One outcome per pair, in order; never throws for a pair's own failure. */
export async function createDealsWithContacts(
	runner: CommandRunner,
	pairs: DealWithContact[],
): Promise<PairOutcome[]> {
	if (!pairs.length) return [];
	return await new PairJob(runner, pairs).run();
}
