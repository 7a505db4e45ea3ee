import type { AccountState, EntityChange } from '../account';
import { toBracketForm } from '../http';
import type { Webhook } from '../model';
import { leadRow, noteRow, personRow, taskRow } from './v2rows';

/**
 * Outgoing webhook delivery (§4.3): a POST of `application/x-www-form-urlencoded` bracket keys, no signature;
 * the receiver must answer 1xx/2xx within 2 s; failures are retried on a schedule; a webhook with more than
 * 100 failures in the last 2 hours (the last one failed) is disabled. Changes made by one API request are
 * batched into one delivery per destination (a bulk edit of 50 leads posts 50 rows at once).
 */
export interface EmitterSettings {
	timeoutMs: number;
	/** Delays before each retry; the real schedule (minutes apart) is compressed for tests. */
	retryDelaysMs: number[];
	disableAfterFailures: number;
	failureWindowMs: number;
}

export const DEFAULT_EMITTER: EmitterSettings = {
	timeoutMs: 2000,
	retryDelaysMs: [500, 2000, 5000],
	disableAfterFailures: 100,
	failureWindowMs: 2 * 3600 * 1000,
};

export interface Delivery {
	id: number;
	account: string;
	destination: string;
	attempt: number;
	body: string;
	/** The receiver's HTTP status, or null when it timed out / refused the connection. */
	status: number | null;
	ok: boolean;
	error?: string;
	at: string;
	durationMs: number;
	rows: string[];
}

interface Row {
	/** `leads[status]`, `contacts[add]`, `task[update]`… */
	key: string;
	data: Record<string, unknown>;
}

const SETTING_OF: Record<string, Record<string, string>> = {
	leads: {
		add: 'add_lead',
		update: 'update_lead',
		delete: 'delete_lead',
		restore: 'restore_lead',
		status: 'status_lead',
		responsible: 'responsible_lead',
		note: 'note_lead',
	},
	contacts: {
		add: 'add_contact',
		update: 'update_contact',
		delete: 'delete_contact',
		restore: 'restore_contact',
		responsible: 'responsible_contact',
		note: 'note_contact',
	},
	companies: {
		add: 'add_company',
		update: 'update_company',
		delete: 'delete_company',
		restore: 'restore_company',
		responsible: 'responsible_company',
		note: 'note_company',
	},
	task: { add: 'add_task', update: 'update_task', delete: 'delete_task' },
};

export class WebhookEmitter {
	settings: EmitterSettings = {
		...DEFAULT_EMITTER,
		retryDelaysMs: [...DEFAULT_EMITTER.retryDelaysMs],
	};
	readonly deliveries: Delivery[] = [];
	private readonly queued = new Map<
		string,
		{ account: AccountState; webhook: Webhook; rows: Row[] }
	>();
	private flushScheduled = false;
	private readonly timers = new Set<NodeJS.Timeout>();
	private inFlight = 0;
	private idleWaiters: Array<() => void> = [];
	private deliveryCounter = 0;

	watch(account: AccountState) {
		account.onChange((change) => this.enqueue(account, change));
	}

	/** Resolves when nothing is queued, in flight or waiting for a retry. */
	async idle(): Promise<void> {
		if (this.isIdle()) return;
		await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
	}

	reset() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.queued.clear();
		this.deliveries.length = 0;
		this.settings = { ...DEFAULT_EMITTER, retryDelaysMs: [...DEFAULT_EMITTER.retryDelaysMs] };
		this.notifyIdle();
	}

	private isIdle() {
		return (
			this.queued.size === 0 &&
			this.inFlight === 0 &&
			this.timers.size === 0 &&
			!this.flushScheduled
		);
	}

	private notifyIdle() {
		if (!this.isIdle()) return;
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of waiters) resolve();
	}

	private enqueue(account: AccountState, change: EntityChange) {
		const setting = SETTING_OF[change.entity]?.[change.action];
		const subscribers = [...account.webhooks.values()].filter(
			(w) => !w.disabled && setting && w.settings.includes(setting),
		);
		if (subscribers.length === 0) return;
		const row = this.rowOf(account, change);
		if (!row) return;
		for (const webhook of subscribers) {
			const key = `${account.subdomain}|${webhook.destination}`;
			const entry = this.queued.get(key) ?? { account, webhook, rows: [] };
			entry.rows.push(row);
			this.queued.set(key, entry);
		}
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			setImmediate(() => {
				this.flushScheduled = false;
				this.flush();
			});
		}
	}

	private rowOf(account: AccountState, change: EntityChange): Row | undefined {
		if (change.entity === 'task') {
			const task = account.tasks.get(change.id);
			return task ? { key: `task[${change.action}]`, data: taskRow(account, task) } : undefined;
		}
		if (change.entity === 'leads') {
			const lead = account.leads.get(change.id);
			if (!lead) return undefined;
			if (change.action === 'note') {
				const note = account.notes.get(change.noteId);
				return note ? { key: 'leads[note]', data: noteRow(account, note) } : undefined;
			}
			if (change.action === 'delete')
				return {
					key: 'leads[delete]',
					data: { id: lead.id, status_id: lead.status_id, pipeline_id: lead.pipeline_id },
				};
			const extra: Record<string, unknown> = {};
			if (change.action === 'status')
				Object.assign(extra, {
					old_status_id: change.oldStatusId,
					old_pipeline_id: change.oldPipelineId,
				});
			if (change.action === 'responsible') extra.old_responsible_user_id = change.oldResponsibleId;
			return { key: `leads[${change.action}]`, data: leadRow(account, lead, extra) };
		}
		const person =
			change.entity === 'contacts'
				? account.contacts.get(change.id)
				: account.companies.get(change.id);
		if (!person) return undefined;
		if (change.action === 'note') {
			const note = account.notes.get(change.noteId);
			return note ? { key: 'contacts[note]', data: noteRow(account, note) } : undefined;
		}
		const extra: Record<string, unknown> = {};
		// A contact's responsible change arrives as an update carrying the old responsible (§4.2).
		const action = change.action === 'responsible' ? 'update' : change.action;
		if (change.action === 'responsible') extra.old_responsible_user_id = change.oldResponsibleId;
		return { key: `contacts[${action}]`, data: personRow(account, change.entity, person, extra) };
	}

	private flush() {
		const batches = [...this.queued.values()];
		this.queued.clear();
		for (const { account, webhook, rows } of batches) {
			const payload: Record<string, unknown> = {};
			for (const row of rows) {
				const [entity, action] = row.key.replace(']', '').split('[');
				const group = (payload[entity] ??= {}) as Record<string, unknown[]>;
				(group[action] ??= []).push(row.data);
			}
			payload.account = {
				subdomain: account.subdomain,
				id: account.id,
				_links: { self: `https://${account.publicHost()}` },
			};
			this.send(
				account,
				webhook,
				toBracketForm(payload),
				rows.map((r) => r.key),
				1,
			);
		}
		this.notifyIdle();
	}

	private send(
		account: AccountState,
		webhook: Webhook,
		body: string,
		rows: string[],
		attempt: number,
	) {
		this.inFlight++;
		const started = Date.now();
		const record = (status: number | null, error?: string) => {
			const ok = status !== null && status >= 100 && status < 300;
			this.deliveries.push({
				id: ++this.deliveryCounter,
				account: account.subdomain,
				destination: webhook.destination,
				attempt,
				body,
				status,
				ok,
				error,
				at: new Date().toISOString(),
				durationMs: Date.now() - started,
				rows,
			});
			if (!ok) this.failed(account, webhook, body, rows, attempt);
		};
		fetch(webhook.destination, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				'User-Agent': 'amoCRM-Webhooks/3.0',
			},
			body,
			signal: AbortSignal.timeout(this.settings.timeoutMs),
		})
			.then(async (response) => {
				await response.arrayBuffer().catch(() => undefined);
				record(response.status);
			})
			.catch((error: Error) =>
				record(null, error.name === 'TimeoutError' ? 'timeout' : error.message),
			)
			.finally(() => {
				this.inFlight--;
				this.notifyIdle();
			});
	}

	private failed(
		account: AccountState,
		webhook: Webhook,
		body: string,
		rows: string[],
		attempt: number,
	) {
		const now = Date.now();
		webhook.failures = webhook.failures.filter((t) => now - t < this.settings.failureWindowMs);
		webhook.failures.push(now);
		if (webhook.failures.length > this.settings.disableAfterFailures) {
			webhook.disabled = true;
			return;
		}
		const delay = this.settings.retryDelaysMs[attempt - 1];
		if (delay === undefined) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (!webhook.disabled && account.webhooks.has(webhook.id))
				this.send(account, webhook, body, rows, attempt + 1);
			this.notifyIdle();
		}, delay);
		this.timers.add(timer);
	}
}
