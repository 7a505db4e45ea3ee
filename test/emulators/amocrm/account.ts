import type { Clock } from './clock';
import type {
	Company,
	Contact,
	CrmEvent,
	CustomField,
	EntityType,
	Integration,
	Lead,
	LongLivedToken,
	LossReason,
	Note,
	Pipeline,
	Status,
	Tag,
	Task,
	TaskType,
	UnsortedItem,
	User,
	Webhook,
} from './model';
import type { OAuthState } from './oauthState';
import { createOAuthState } from './oauthState';

/** Everything an account is made of; a seed file is this shape as JSON. */
export interface SeedData {
	account: {
		id: number;
		name: string;
		subdomain: string;
		zone?: 'amocrm.ru' | 'amocrm.com' | 'kommo.com';
		/** The user the printed long-lived token belongs to (an admin). */
		current_user_id: number;
		/** "Alpha" API filtering by custom fields (SDK `is_api_filter_enabled`); off on most accounts. */
		is_api_filter_enabled?: boolean;
		/** The subscription lapsed: writes answer 402. */
		payment_required?: boolean;
		currency?: string;
		country?: string;
	};
	users: User[];
	pipelines: Pipeline[];
	loss_reasons: LossReason[];
	custom_fields: CustomField[];
	task_types: TaskType[];
	tags: Record<EntityType, Tag[]>;
	leads: Lead[];
	contacts: Contact[];
	companies: Company[];
	tasks: Task[];
	notes: Note[];
	integrations: Integration[];
	long_lived_tokens: LongLivedToken[];
	webhooks?: Array<Omit<Webhook, 'failures'>>;
	/** The events feed as it stood (e.g. the seeded leads' stage history), oldest first. */
	events?: CrmEvent[];
}

/** Listens to changes so the webhook emitter can deliver them (v2 rows are built by the emitter). */
export type ChangeListener = (change: EntityChange) => void;

export type EntityChange =
	| {
			entity: 'leads' | 'contacts' | 'companies';
			action: 'add' | 'update' | 'delete' | 'restore';
			id: number;
			before?: unknown;
	  }
	| { entity: 'leads'; action: 'status'; id: number; oldStatusId: number; oldPipelineId: number }
	| {
			entity: 'leads' | 'contacts' | 'companies';
			action: 'responsible';
			id: number;
			oldResponsibleId: number;
	  }
	| { entity: 'leads' | 'contacts' | 'companies'; action: 'note'; id: number; noteId: number }
	| { entity: 'task'; action: 'add' | 'update' | 'delete'; id: number };

const ID_BASE: Record<string, number> = {
	leads: 31_000_000,
	contacts: 41_000_000,
	companies: 51_000_000,
	tasks: 61_000_000,
	notes: 71_000_000,
	tags: 81_000,
	webhooks: 91_000,
	customFields: 1_200_000,
	enums: 1_300_000,
	lossReasons: 21_400_000,
	pipelines: 7_100_000,
	statuses: 58_100_000,
};

/** One amoCRM account in memory: the seeded data plus everything written since. */
export class AccountState {
	readonly id: number;
	readonly name: string;
	readonly subdomain: string;
	readonly zone: string;
	readonly currentUserId: number;
	isApiFilterEnabled: boolean;
	paymentRequired: boolean;
	readonly currency: string;
	readonly country: string;

	readonly users = new Map<number, User>();
	readonly pipelines: Pipeline[];
	readonly lossReasons: LossReason[];
	readonly customFields: CustomField[];
	readonly taskTypes: TaskType[];
	readonly tags: Record<EntityType, Map<number, Tag>>;
	readonly leads = new Map<number, Lead>();
	readonly contacts = new Map<number, Contact>();
	readonly companies = new Map<number, Company>();
	readonly tasks = new Map<number, Task>();
	readonly notes = new Map<number, Note>();
	readonly unsorted = new Map<string, UnsortedItem>();
	readonly webhooks = new Map<number, Webhook>();
	readonly events: CrmEvent[] = [];
	readonly integrations: Integration[];
	readonly longLivedTokens: LongLivedToken[];
	readonly oauth: OAuthState;
	private readonly counters = new Map<string, number>();
	private readonly listeners: ChangeListener[] = [];

	constructor(
		seed: SeedData,
		readonly clock: Clock,
	) {
		const data = structuredClone(seed);
		this.id = data.account.id;
		this.name = data.account.name;
		this.subdomain = data.account.subdomain;
		this.zone = data.account.zone ?? 'amocrm.ru';
		this.currentUserId = data.account.current_user_id;
		this.isApiFilterEnabled = data.account.is_api_filter_enabled ?? false;
		this.paymentRequired = data.account.payment_required ?? false;
		this.currency = data.account.currency ?? 'RUB';
		this.country = data.account.country ?? 'RU';
		for (const user of data.users) this.users.set(user.id, user);
		this.pipelines = data.pipelines;
		this.lossReasons = data.loss_reasons;
		this.customFields = data.custom_fields;
		this.taskTypes = data.task_types;
		this.tags = {
			leads: new Map(data.tags.leads.map((t) => [t.id, t])),
			contacts: new Map(data.tags.contacts.map((t) => [t.id, t])),
			companies: new Map(data.tags.companies.map((t) => [t.id, t])),
		};
		for (const lead of data.leads) this.leads.set(lead.id, lead);
		for (const contact of data.contacts) this.contacts.set(contact.id, contact);
		for (const company of data.companies) this.companies.set(company.id, company);
		for (const task of data.tasks) this.tasks.set(task.id, task);
		for (const note of data.notes) this.notes.set(note.id, note);
		for (const event of data.events ?? []) this.events.push(event);
		for (const webhook of data.webhooks ?? [])
			this.webhooks.set(webhook.id, { ...webhook, failures: [] });
		this.integrations = data.integrations;
		this.longLivedTokens = data.long_lived_tokens;
		this.oauth = createOAuthState();
		this.initCounters();
	}

	/** A fresh id for a new record of a kind, above every seeded one. */
	nextId(kind: keyof typeof ID_BASE): number {
		const next = (this.counters.get(kind) ?? ID_BASE[kind]) + 1;
		this.counters.set(kind, next);
		return next;
	}

	onChange(listener: ChangeListener) {
		this.listeners.push(listener);
	}

	changed(change: EntityChange) {
		for (const listener of this.listeners) listener(change);
	}

	recordEvent(event: Omit<CrmEvent, 'id' | 'created_at'>) {
		const id = `${this.clock.now().toString(16)}${(this.events.length + 1).toString(16).padStart(6, '0')}`;
		this.events.push({ ...event, id, created_at: this.clock.now() });
	}

	publicHost(): string {
		return `${this.subdomain}.${this.zone}`;
	}

	mainPipeline(): Pipeline {
		return this.pipelines.find((p) => p.is_main) ?? this.pipelines[0];
	}

	pipeline(id: number): Pipeline | undefined {
		return this.pipelines.find((p) => p.id === id);
	}

	/** 142 and 143 exist in every pipeline, so a status is always looked up within one. */
	status(pipelineId: number, statusId: number): Status | undefined {
		return this.pipeline(pipelineId)?.statuses.find((s) => s.id === statusId);
	}

	/** The first stage a new lead lands in: the first non-incoming stage of the pipeline. */
	firstStatus(pipeline: Pipeline): Status {
		const regular = pipeline.statuses
			.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143)
			.sort((a, b) => a.sort - b.sort);
		return regular[0] ?? pipeline.statuses[0];
	}

	fields(entity: EntityType): CustomField[] {
		return this.customFields.filter((f) => f.entity_type === entity);
	}

	field(
		entity: EntityType,
		ref: { field_id?: unknown; field_code?: unknown },
	): CustomField | undefined {
		const fields = this.fields(entity);
		if (ref.field_id !== undefined && ref.field_id !== null)
			return fields.find((f) => f.id === Number(ref.field_id));
		if (typeof ref.field_code === 'string') {
			const code = ref.field_code.toUpperCase();
			return fields.find((f) => f.code === code);
		}
		return undefined;
	}

	/** Tag by name in an entity's dictionary, created when new (amoCRM creates tags on first use). */
	tagByName(entity: EntityType, name: string, color: string | null = null): Tag {
		const dictionary = this.tags[entity];
		const wanted = name.trim().toLowerCase();
		for (const tag of dictionary.values()) if (tag.name.toLowerCase() === wanted) return tag;
		const tag: Tag = { id: this.nextId('tags'), name: name.trim(), color };
		dictionary.set(tag.id, tag);
		return tag;
	}

	/** Open tasks' nearest deadline on an entity (the lead card's "closest task"). */
	/**
	 * Indexes built once per read-only request (see `readOnly`): listing 250 contacts or leads would otherwise scan
	 * every lead or task once per row, which at 50,000 leads is most of the emulator's time.
	 */
	private readMemo: {
		closestTask?: Map<string, number>;
		leadsByContact?: Map<number, Lead[]>;
	} | null = null;

	/** Runs a handler that changes nothing, with the per-request indexes on. */
	readOnly<T>(run: () => T): T {
		this.readMemo = {};
		try {
			return run();
		} finally {
			this.readMemo = null;
		}
	}

	closestTaskAt(entityType: EntityType, entityId: number): number | null {
		if (this.readMemo) {
			if (!this.readMemo.closestTask) {
				const index = new Map<string, number>();
				for (const task of this.tasks.values()) {
					if (task.is_completed) continue;
					const key = `${task.entity_type}:${task.entity_id}`;
					const known = index.get(key);
					if (known === undefined || task.complete_till < known) index.set(key, task.complete_till);
				}
				this.readMemo.closestTask = index;
			}
			return this.readMemo.closestTask.get(`${entityType}:${entityId}`) ?? null;
		}
		let closest: number | null = null;
		for (const task of this.tasks.values()) {
			if (task.is_completed || task.entity_type !== entityType || task.entity_id !== entityId)
				continue;
			if (closest === null || task.complete_till < closest) closest = task.complete_till;
		}
		return closest;
	}

	leadsOfContact(contactId: number): Lead[] {
		if (this.readMemo) {
			if (!this.readMemo.leadsByContact) {
				const index = new Map<number, Lead[]>();
				for (const lead of this.leads.values()) {
					for (const c of lead.contacts) {
						const list = index.get(c.id);
						if (list) {
							if (!list.includes(lead)) list.push(lead);
						} else index.set(c.id, [lead]);
					}
				}
				this.readMemo.leadsByContact = index;
			}
			return this.readMemo.leadsByContact.get(contactId) ?? [];
		}
		return [...this.leads.values()].filter((l) => l.contacts.some((c) => c.id === contactId));
	}

	/** The whole state for `GET /__emulator/state`. */
	snapshot() {
		return {
			account: {
				id: this.id,
				name: this.name,
				subdomain: this.subdomain,
				zone: this.zone,
				current_user_id: this.currentUserId,
				is_api_filter_enabled: this.isApiFilterEnabled,
				payment_required: this.paymentRequired,
			},
			users: [...this.users.values()],
			pipelines: this.pipelines,
			loss_reasons: this.lossReasons,
			custom_fields: this.customFields,
			task_types: this.taskTypes,
			tags: {
				leads: [...this.tags.leads.values()],
				contacts: [...this.tags.contacts.values()],
				companies: [...this.tags.companies.values()],
			},
			leads: [...this.leads.values()],
			contacts: [...this.contacts.values()],
			companies: [...this.companies.values()],
			tasks: [...this.tasks.values()],
			notes: [...this.notes.values()],
			unsorted: [...this.unsorted.values()],
			webhooks: [...this.webhooks.values()],
			events: this.events,
			integrations: this.integrations,
			counts: {
				leads: this.leads.size,
				contacts: this.contacts.size,
				companies: this.companies.size,
				tasks: this.tasks.size,
				notes: this.notes.size,
				unsorted: this.unsorted.size,
				webhooks: this.webhooks.size,
			},
		};
	}

	private initCounters() {
		const bump = (kind: string, ids: Iterable<number>) => {
			let max = ID_BASE[kind];
			for (const id of ids) if (id > max) max = id;
			this.counters.set(kind, max);
		};
		bump('leads', this.leads.keys());
		bump('contacts', this.contacts.keys());
		bump('companies', this.companies.keys());
		bump('tasks', this.tasks.keys());
		bump('notes', this.notes.keys());
		bump('webhooks', this.webhooks.keys());
		bump('tags', [
			...this.tags.leads.keys(),
			...this.tags.contacts.keys(),
			...this.tags.companies.keys(),
		]);
		bump(
			'customFields',
			this.customFields.map((f) => f.id),
		);
		bump(
			'enums',
			this.customFields.flatMap((f) => (f.enums ?? []).map((e) => e.id)),
		);
		bump(
			'lossReasons',
			this.lossReasons.map((r) => r.id),
		);
		bump(
			'pipelines',
			this.pipelines.map((p) => p.id),
		);
		bump(
			'statuses',
			this.pipelines
				.flatMap((p) => p.statuses.map((s) => s.id))
				.filter((id) => id !== 142 && id !== 143),
		);
	}
}
