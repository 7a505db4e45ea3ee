/**
 * Finding people by phone and e-mail on Bitrix24 in as few requests as the API allows.
 *
 * `crm.duplicate.findbycomm` takes 20 values and a batch 50 commands, so 1,000 numbers fit one request; its answer
 * is the union of ids for the 20 values, so the records are read to tell which value each matched (compared
 * exactly, E.164 / lower-cased e-mail), and for contacts their deals. Rather than a request per step, the work is
 * packed into rounds: each round is one `batch` of up to 50 commands — the metadata the answer needs (the deal
 * fields, the funnels and their stages), the records and deals of every id found so far, and as many further
 * findbycomm commands as fit. Up to 940 phones take two requests: the lookups with the fields and the funnel list,
 * then the records, deals and stage lists together.
 */
import { normalizeEmail } from '../../funnel/email';
import { normalizePhone } from '../../funnel/phone';
import type { Command, CommandOutcome, CommandRunner } from './commands';
import { FINDBYCOMM_VALUES } from './duplicates';
import { fieldsCommand, type FieldEntity } from './fieldInfo';
import { stageEntityOf, statusListCommand } from './funnels';
import { rowsOf } from './paging';
import { bitrixEmailKey, bitrixPhoneKey } from './phoneKey';
import { multifieldValues, toText } from './parse';

export const BATCH_COMMANDS = 50;
/** Ids per record read (a list page holds 50 rows). */
const RECORDS_PER_COMMAND = 50;
/** Contacts whose deals one command reads: most contacts have a deal or two, so a page of 50 rarely overflows. */
const CONTACTS_PER_DEAL_COMMAND = 20;

const SELECT = {
	CONTACT: [
		'ID',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'PHONE',
		'EMAIL',
		'ASSIGNED_BY_ID',
		'DATE_CREATE',
		'DATE_MODIFY',
	],
	LEAD: [
		'ID',
		'TITLE',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'PHONE',
		'EMAIL',
		'ASSIGNED_BY_ID',
		'STATUS_ID',
		'STATUS_SEMANTIC_ID',
		'OPPORTUNITY',
		'DATE_CREATE',
		'DATE_MODIFY',
		'DATE_CLOSED',
		'MOVED_TIME',
		'CONTACT_ID',
	],
};

type Row = Record<string, unknown>;

export interface PeopleSearchOptions {
	entity: 'deal' | 'lead';
	/** The fields answer is needed to read deals (tags and loss-reason fields); give it when already known. */
	knownFields: boolean;
	/** Read the funnels too, when they ride along in rounds that happen anyway (they name the deals' stages). */
	wantFunnels: boolean;
	/** Fields a deal is selected with once the fields are known. */
	dealSelect: (fieldsAnswer: unknown) => string[];
	/** Fields a lead is selected with once the fields are known (the lead funnel's tag field included). */
	leadSelect: (fieldsAnswer: unknown) => string[];
	/** Also ask for +7 numbers as stored without the country code (see phoneLookups). */
	nationalForms: boolean;
}

/**
 * What the portal is asked for one number. Its duplicate search compares numbers as stored, after its own
 * normalisation (8 → 7, prefixes stripped): `+7 916 123-45-67`, `8 916…` and `7916…` all compare as 79161234567,
 * but a number typed without the country code, `916 123-45-67`, compares as 9161234567 and is never found by the
 * international form (Bitrix24 does not match a national form with an international one). For +7 numbers the national
 * form is asked as well, so contacts entered by hand are found.
 */
export function phoneLookups(e164: string, nationalForms: boolean): string[] {
	const international = bitrixPhoneKey(e164);
	return nationalForms && e164.startsWith('+7') && e164.length === 12
		? [international, e164.slice(2)]
		: [international];
}

export interface PersonHit {
	key: string;
	keyType: 'phone' | 'email';
	entity: 'CONTACT' | 'LEAD';
	row: Row;
}

export interface PeopleSearchResult {
	/** Exact matches, in key order (phones first), contacts before leads, by id. */
	hits: PersonHit[];
	/** Deal-mode: `crm.item.list` rows of deals bound to the contacts found. */
	dealRows: Row[];
	/** The `crm.<entity>.fields` answer when it was read here. */
	fieldsAnswer?: unknown;
	/** Funnel rows when they were read completely here. */
	funnels?: { categories: Row[] | null; stagesByEntity: Map<string, Row[]> };
	/** Requests (batches) sent, for reports. */
	rounds: number;
}

/** One unit of work: a command and what to do with its answer. */
interface Task {
	command: Command;
	take(outcome: CommandOutcome & { ok: true }): void;
}

export async function searchPeople(
	runner: CommandRunner,
	keys: { phones?: string[]; emails?: string[] },
	options: PeopleSearchOptions,
): Promise<PeopleSearchResult> {
	const search = new PeopleSearch(runner, keys, options);
	return await search.run();
}

class PeopleSearch {
	/** E.164 → the values the portal is asked for it. */
	private readonly phones: Map<string, string[]>;
	private readonly emails: Set<string>;
	private readonly lookups: Task[] = [];
	private readonly followUps: Task[] = [];
	private readonly seen = { CONTACT: new Set<string>(), LEAD: new Set<string>() };
	private readonly toRead = { CONTACT: [] as string[], LEAD: [] as string[] };
	private readonly dealsToRead: string[] = [];
	private readonly rows = { CONTACT: new Map<string, Row>(), LEAD: new Map<string, Row>() };
	private readonly dealRows = new Map<string, Row>();
	private fieldsAnswer: unknown;
	private fieldsState: 'known' | 'todo' | 'sent';
	private funnelState: 'off' | 'todo' | 'sent' | 'stages' | 'done' = 'off';
	private categories: Row[] | null = null;
	private readonly stagesByEntity = new Map<string, Row[]>();
	private readonly stagesPending = new Set<string>();
	private rounds = 0;

	constructor(
		private readonly runner: CommandRunner,
		keys: { phones?: string[]; emails?: string[] },
		private readonly options: PeopleSearchOptions,
	) {
		// E.164 → the portal's comparison keys; the portal is asked once per distinct key.
		this.phones = new Map();
		for (const raw of keys.phones ?? []) {
			const parsed = normalizePhone(raw, { defaultCountry: 'RU' });
			if (parsed.ok) this.phones.set(parsed.e164, phoneLookups(parsed.e164, options.nationalForms));
		}
		this.emails = new Set();
		for (const raw of keys.emails ?? []) {
			const parsed = normalizeEmail(raw);
			if (parsed.ok) this.emails.add(parsed.address);
		}
		this.fieldsState = options.knownFields ? 'known' : 'todo';
		if (options.wantFunnels) this.funnelState = 'todo';
		this.planLookups('PHONE', [...new Set([...this.phones.values()].flat())]);
		this.planLookups('EMAIL', [...new Set([...this.emails].map(bitrixEmailKey))]);
	}

	async run(): Promise<PeopleSearchResult> {
		if (this.lookups.length === 0) return this.result();
		for (;;) {
			const round = this.nextRound();
			if (round.length === 0) break;
			const outcomes = await this.runner.run(round.map((t) => t.command));
			this.rounds++;
			round.forEach((task, i) => {
				const outcome = outcomes[i];
				if (!outcome.ok) throw outcome.error;
				task.take(outcome);
			});
		}
		return this.result();
	}

	private planLookups(type: 'PHONE' | 'EMAIL', values: string[]) {
		for (let i = 0; i < values.length; i += FINDBYCOMM_VALUES) {
			this.lookups.push({
				command: {
					method: 'crm.duplicate.findbycomm',
					params: { type, values: values.slice(i, i + FINDBYCOMM_VALUES) },
				},
				take: ({ value }) => {
					const found = (
						value && typeof value === 'object' && !Array.isArray(value) ? value : {}
					) as Record<string, unknown[]>;
					for (const entity of ['CONTACT', 'LEAD'] as const) {
						for (const id of found[entity] ?? []) this.discover(entity, String(id));
					}
				},
			});
		}
	}

	private discover(entity: 'CONTACT' | 'LEAD', id: string) {
		if (this.seen[entity].has(id)) return;
		this.seen[entity].add(id);
		this.toRead[entity].push(id);
		// Deals are read alongside the contact rather than after it: nearly every id found matches exactly.
		if (entity === 'CONTACT' && this.options.entity === 'deal') this.dealsToRead.push(id);
	}

	/**
	 * The next batch, in order of what unblocks the most: the fields and the funnel list first (the category list
	 * names the stage lists to read, and when lookups spill into a second batch the stage lists ride along with it),
	 * then lookups, then the records and deals found so far, further pages and the stage lists. Metadata never costs a
	 * round of its own, except the stage lists of funnels holding deals found.
	 */
	private nextRound(): Task[] {
		const round: Task[] = [];
		const room = () => BATCH_COMMANDS - round.length;
		const working = this.lookups.length > 0 || this.hasRecordsToRead() || this.followUps.length > 0;
		if (this.fieldsState === 'todo' && working) round.push(this.fieldsTask());
		if (this.funnelState === 'todo' && (working || this.dealRows.size > 0))
			round.push(...this.funnelTasks());
		while (this.lookups.length && room() > 0) round.push(this.lookups.shift() as Task);
		round.push(...this.recordTasks(room()));
		while (this.followUps.length && room() > 0) round.push(this.followUps.shift() as Task);
		if (this.funnelState === 'stages' && (round.length > 0 || this.stagesNameFoundDeals()))
			round.push(...this.stageTasks(room()));
		return round;
	}

	/** Whether a deal found sits in a funnel whose stage list is still unread. */
	private stagesNameFoundDeals(): boolean {
		for (const row of this.dealRows.values())
			if (this.stagesPending.has(stageEntityOf(Number(row.categoryId ?? 0)))) return true;
		return false;
	}

	private hasRecordsToRead() {
		return (
			this.toRead.CONTACT.length > 0 || this.toRead.LEAD.length > 0 || this.dealsToRead.length > 0
		);
	}

	private fieldsTask(): Task {
		this.fieldsState = 'sent';
		return {
			command: fieldsCommand(this.options.entity as FieldEntity),
			take: ({ value }) => {
				this.fieldsAnswer = value;
				this.fieldsState = 'known';
			},
		};
	}

	private funnelTasks(): Task[] {
		this.funnelState = 'sent';
		if (this.options.entity === 'lead') {
			return [
				this.listTask(
					statusListCommand('STATUS'),
					(rows) =>
						this.stagesByEntity.set('STATUS', [
							...(this.stagesByEntity.get('STATUS') ?? []),
							...rows,
						]),
					() => (this.funnelState = 'done'),
				),
			];
		}
		return [
			this.listTask(
				{ method: 'crm.category.list', params: { entityTypeId: 2 } },
				(rows) => (this.categories = [...(this.categories ?? []), ...rows]),
				() => {
					for (const category of this.categories ?? []) {
						const entity = stageEntityOf(Number(category.id));
						if (!this.stagesByEntity.has(entity)) this.stagesPending.add(entity);
					}
					this.funnelState = this.stagesPending.size ? 'stages' : 'done';
				},
			),
			this.listTask(statusListCommand('DEAL_STAGE'), (rows) =>
				this.stagesByEntity.set('DEAL_STAGE', [
					...(this.stagesByEntity.get('DEAL_STAGE') ?? []),
					...rows,
				]),
			),
		];
	}

	private stageTasks(room: number): Task[] {
		const tasks: Task[] = [];
		for (const entity of [...this.stagesPending].slice(0, room)) {
			this.stagesPending.delete(entity);
			this.stagesByEntity.set(entity, []);
			tasks.push(
				this.listTask(statusListCommand(entity), (rows) =>
					this.stagesByEntity.set(entity, [...(this.stagesByEntity.get(entity) ?? []), ...rows]),
				),
			);
		}
		if (this.stagesPending.size === 0) this.funnelState = 'done';
		return tasks;
	}

	private recordTasks(room: number): Task[] {
		const tasks: Task[] = [];
		for (const entity of ['CONTACT', 'LEAD'] as const) {
			// In the lead funnel a lead is read with its tags field, which the fields answer names.
			const select =
				entity === 'LEAD' && this.options.entity === 'lead'
					? this.fieldsState === 'known'
						? this.options.leadSelect(this.fieldsAnswer)
						: null
					: SELECT[entity];
			while (select && this.toRead[entity].length && tasks.length < room) {
				const ids = this.toRead[entity].splice(0, RECORDS_PER_COMMAND);
				const method = entity === 'CONTACT' ? 'crm.contact.list' : 'crm.lead.list';
				tasks.push(
					this.listTask(
						{ method, params: { filter: { '@ID': ids }, select, order: { ID: 'ASC' } } },
						(rows) => rows.forEach((row) => this.rows[entity].set(toText(row.ID), row)),
					),
				);
			}
		}
		while (this.dealsToRead.length && tasks.length < room) {
			const contactIds = this.dealsToRead.splice(0, CONTACTS_PER_DEAL_COMMAND).map(Number);
			// Before the fields are known every field is read; the tags and loss-reason fields are picked out later.
			const select =
				this.fieldsState === 'known' ? this.options.dealSelect(this.fieldsAnswer) : ['*', 'UF_*'];
			const params = {
				entityTypeId: 2,
				useOriginalUfNames: 'Y',
				filter: { '@contactId': contactIds },
				select,
				order: { id: 'ASC' },
			};
			tasks.push(
				this.listTask({ method: 'crm.item.list', params }, (rows) =>
					rows.forEach((row) => this.dealRows.set(toText(row.id), row)),
				),
			);
		}
		return tasks;
	}

	/** A list command whose further pages, if any, are read in the next rounds. */
	private listTask(
		command: Command,
		take: (rows: Row[]) => void,
		whenComplete?: () => void,
		start = 0,
	): Task {
		return {
			command: { ...command, params: { ...command.params, start } },
			take: (outcome) => {
				take(rowsOf(outcome.value));
				if (outcome.next !== undefined && outcome.next > start)
					this.followUps.push(this.listTask(command, take, whenComplete, outcome.next));
				else whenComplete?.();
			},
		};
	}

	private result(): PeopleSearchResult {
		const hits: PersonHit[] = [];
		const byEntity = (entity: 'CONTACT' | 'LEAD') =>
			[...this.rows[entity].values()].sort((a, b) => Number(a.ID) - Number(b.ID));
		const people = [
			...byEntity('CONTACT').map((row) => ({ entity: 'CONTACT' as const, row })),
			...byEntity('LEAD').map((row) => ({ entity: 'LEAD' as const, row })),
		];
		const phonesOf = new Map(people.map((p) => [p.row, exactPhones(p.row)]));
		const emailsOf = new Map(people.map((p) => [p.row, exactEmails(p.row)]));
		for (const phone of this.phones.keys()) {
			for (const person of people)
				if (phonesOf.get(person.row)?.has(phone))
					hits.push({ key: phone, keyType: 'phone', ...person });
		}
		for (const email of this.emails) {
			for (const person of people)
				if (emailsOf.get(person.row)?.has(email))
					hits.push({ key: email, keyType: 'email', ...person });
		}
		const funnelsComplete = this.funnelState === 'done' && this.followUps.length === 0;
		return {
			hits,
			dealRows: [...this.dealRows.values()],
			fieldsAnswer: this.options.knownFields ? undefined : this.fieldsAnswer,
			funnels: funnelsComplete
				? {
						categories: this.options.entity === 'deal' ? this.categories : null,
						stagesByEntity: this.stagesByEntity,
					}
				: undefined,
			rounds: this.rounds,
		};
	}
}

function exactPhones(row: Row): Set<string> {
	const phones = new Set<string>();
	for (const value of multifieldValues(row.PHONE)) {
		const parsed = normalizePhone(value, { defaultCountry: 'RU' });
		if (parsed.ok) phones.add(parsed.e164);
	}
	return phones;
}

function exactEmails(row: Row): Set<string> {
	const emails = new Set<string>();
	for (const value of multifieldValues(row.EMAIL)) {
		const parsed = normalizeEmail(value);
		if (parsed.ok) emails.add(parsed.address);
	}
	return emails;
}
