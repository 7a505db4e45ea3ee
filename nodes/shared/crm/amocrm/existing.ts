import type { AmoCatalog } from './catalog';
import { allOf, chunk } from './paging';
import type { RawContact, RawFieldValues, RawLead, RawNote, RawTask } from './rawTypes';
import type { AmoTransport } from './transport';

/**
 * After an ambiguous create (the request left, no answer came back) these find what the request created, so
 * it is never sent twice: records made by our own user since just before the request, matched field by field
 * to the payloads. A record is claimed by at most one payload.
 */

export interface LeadPayload {
	name?: string;
	price?: number;
	pipeline_id?: number;
	status_id?: number;
	responsible_user_id?: number;
	_embedded?: {
		contacts?: Array<Record<string, unknown>>;
		tags?: Array<{ name?: string; id?: number }>;
	};
	[key: string]: unknown;
}

export interface CreatedLead {
	dealId: string;
	contactId: string | null;
	merged: boolean;
}

/** The `claimed` keys of records a confirmed answer named: a look-up never takes them for another item. */
export const claimsOf = {
	lead: (created: { dealId: string }) => [`lead:${created.dealId}`],
	contact: (created: { contactId: string }) => [`contact:${created.contactId}`],
	task: (created: { taskId: string }) => [`task:${created.taskId}`],
	note: (created: { noteId: string }) => [`note:${created.noteId}`],
};

function unclaimed<T extends { id: number }>(
	records: T[],
	claimed: Set<string>,
	prefix: string,
	matches: (r: T) => boolean,
): T | undefined {
	const found = records.find((r) => !claimed.has(`${prefix}${r.id}`) && matches(r));
	if (found) claimed.add(`${prefix}${found.id}`);
	return found;
}

function uniqueNames(payloads: Array<{ name?: unknown }>): string[] | undefined {
	const names = [...new Set(payloads.map((p) => (typeof p.name === 'string' ? p.name : '')))];
	// An unnamed record cannot be looked up by name: fall back to time and author only.
	return names.includes('') ? undefined : names;
}

async function byNames<T>(
	transport: AmoTransport,
	path: string,
	key: string,
	names: string[] | undefined,
	filter: Record<string, unknown>,
	extra = {},
): Promise<T[]> {
	if (!names) return allOf<T>(transport, path, key, { filter: filter as never, ...extra });
	const found: T[] = [];
	for (const group of chunk(names, 50))
		found.push(
			...(await allOf<T>(transport, path, key, {
				filter: { ...filter, name: group } as never,
				...extra,
			})),
		);
	return found;
}

export function findCreatedLeads(transport: AmoTransport, catalog: AmoCatalog) {
	return async (
		payloads: LeadPayload[],
		since: number,
		claimed: Set<string>,
	): Promise<Array<CreatedLead | undefined>> => {
		const me = (await catalog.account()).current_user_id;
		const leads = await byNames<RawLead>(
			transport,
			'/api/v4/leads',
			'leads',
			uniqueNames(payloads),
			{ created_at: { from: since }, created_by: [me] },
			{ with: 'contacts' },
		);
		return payloads.map((p) => {
			const lead = unclaimed(
				leads,
				claimed,
				'lead:',
				(l) =>
					(p.name === undefined || l.name === p.name) &&
					(p.pipeline_id === undefined || l.pipeline_id === p.pipeline_id) &&
					(p.status_id === undefined || l.status_id === p.status_id) &&
					(p.responsible_user_id === undefined ||
						l.responsible_user_id === p.responsible_user_id) &&
					(p.price === undefined || l.price === p.price),
			);
			if (!lead) return undefined;
			const contact =
				lead._embedded?.contacts?.find((c) => c.is_main) ?? lead._embedded?.contacts?.[0];
			return {
				dealId: String(lead.id),
				contactId: contact ? String(contact.id) : null,
				merged: false,
			};
		});
	};
}

export interface ContactPayload {
	name?: string;
	first_name?: string;
	responsible_user_id?: number;
	custom_fields_values?: Array<{ field_code?: string; values?: Array<{ value?: unknown }> }>;
	[key: string]: unknown;
}

function multitextKeys(
	values: RawFieldValues[] | ContactPayload['custom_fields_values'] | null | undefined,
): string {
	return (values ?? [])
		.filter((f) => ['PHONE', 'EMAIL'].includes(String(f.field_code ?? '').toUpperCase()))
		.flatMap((f) =>
			(f.values ?? []).map((v) =>
				String(v.value ?? '')
					.trim()
					.toLowerCase(),
			),
		)
		.sort()
		.join('|');
}

/** Contacts (or, the same way, companies: `entity` 'companies') made by an interrupted create. */
export function findCreatedContacts(
	transport: AmoTransport,
	catalog: AmoCatalog,
	entity: 'contacts' | 'companies' = 'contacts',
) {
	return async (
		payloads: ContactPayload[],
		since: number,
		claimed: Set<string>,
	): Promise<Array<{ contactId: string } | undefined>> => {
		const me = (await catalog.account()).current_user_id;
		const named = payloads.map((p) => ({
			name: p.name ?? [p.first_name].filter(Boolean).join(' '),
		}));
		const contacts = await byNames<RawContact>(
			transport,
			`/api/v4/${entity}`,
			entity,
			uniqueNames(named),
			{ created_at: { from: since }, created_by: [me] },
		);
		return payloads.map((p, i) => {
			const contact = unclaimed(
				contacts,
				claimed,
				`${entity}:`,
				(c) =>
					(!named[i].name || c.name === named[i].name) &&
					(p.responsible_user_id === undefined ||
						c.responsible_user_id === p.responsible_user_id) &&
					multitextKeys(c.custom_fields_values) === multitextKeys(p.custom_fields_values),
			);
			return contact ? { contactId: String(contact.id) } : undefined;
		});
	};
}

export interface TaskPayload {
	text: string;
	complete_till: number;
	entity_id?: number;
	entity_type?: string;
	responsible_user_id?: number;
	[key: string]: unknown;
}

export function findCreatedTasks(transport: AmoTransport) {
	return async (
		payloads: TaskPayload[],
		since: number,
		claimed: Set<string>,
	): Promise<Array<{ taskId: string } | undefined>> => {
		const filter: Record<string, unknown> = { updated_at: { from: since } };
		const entities = [
			...new Set(payloads.filter((p) => p.entity_id !== undefined).map((p) => p.entity_id!)),
		];
		const types = [...new Set(payloads.map((p) => p.entity_type).filter(Boolean))];
		let tasks: RawTask[] = [];
		if (entities.length > 0 && types.length === 1 && entities.length === payloads.length) {
			for (const group of chunk(entities, 100)) {
				tasks.push(
					...(await allOf<RawTask>(transport, '/api/v4/tasks', 'tasks', {
						filter: { ...filter, entity_type: types[0], entity_id: group } as never,
					})),
				);
			}
		} else {
			tasks = await allOf<RawTask>(transport, '/api/v4/tasks', 'tasks', {
				filter: filter as never,
			});
		}
		return payloads.map((p) => {
			const task = unclaimed(
				tasks,
				claimed,
				'task:',
				(t) =>
					t.text === p.text &&
					t.complete_till === p.complete_till &&
					(p.entity_id === undefined || t.entity_id === p.entity_id) &&
					(p.responsible_user_id === undefined || t.responsible_user_id === p.responsible_user_id),
			);
			return task ? { taskId: String(task.id) } : undefined;
		});
	};
}

export interface NotePayload {
	entity_id: number;
	note_type: string;
	params: Record<string, unknown>;
	[key: string]: unknown;
}

export function findCreatedNotes(
	transport: AmoTransport,
	entity: 'leads' | 'contacts' | 'companies',
) {
	return async (
		payloads: NotePayload[],
		since: number,
		claimed: Set<string>,
	): Promise<Array<{ noteId: string } | undefined>> => {
		const types = [...new Set(payloads.map((p) => p.note_type))];
		const notes: RawNote[] = [];
		for (const group of chunk([...new Set(payloads.map((p) => p.entity_id))], 100)) {
			notes.push(
				...(await allOf<RawNote>(transport, `/api/v4/${entity}/notes`, 'notes', {
					filter: { entity_id: group, note_type: types, updated_at: { from: since } } as never,
				})),
			);
		}
		return payloads.map((p) => {
			const note = unclaimed(
				notes,
				claimed,
				'note:',
				(n) =>
					n.entity_id === p.entity_id &&
					n.note_type === p.note_type &&
					(n.params?.text ?? null) === (p.params.text ?? null) &&
					(n.params?.uniq ?? null) === (p.params.uniq ?? null),
			);
			return note ? { noteId: String(note.id) } : undefined;
		});
	};
}
