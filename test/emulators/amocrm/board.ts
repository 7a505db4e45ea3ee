/** The amoCRM account as the read-only board page (`GET /__emulator/board`, test/emulators/boardPage.ts). */
import type { Board, BoardCard } from '../boardPage';

interface Snapshot {
	account: { name: string; subdomain: string };
	users: Array<{ id: number; name: string }>;
	pipelines: Array<{
		id: number;
		name: string;
		statuses: Array<{ id: number; name: string; color?: string; sort: number }>;
	}>;
	tags: { leads: Array<{ id: number; name: string }> };
	leads: Array<{
		id: number;
		name: string;
		price?: number | null;
		responsible_user_id: number;
		status_id: number;
		pipeline_id: number;
		updated_at: number;
		is_deleted?: boolean;
		tagIds?: number[];
		contacts?: Array<{ id: number; is_main?: boolean }>;
	}>;
	contacts: Array<{ id: number; name: string }>;
	tasks: Array<{ entity_type: string; entity_id: number; is_completed: boolean; text: string }>;
	notes: Array<{
		entity_type: string;
		entity_id: number;
		note_type: string;
		created_at: number;
		params?: Record<string, unknown>;
	}>;
}

/** amoCRM's fixed closing stages of every pipeline. */
const WON = 142;
const LOST = 143;

function noteText(note: Snapshot['notes'][number]): string {
	const params = note.params ?? {};
	if (typeof params.text === 'string') return params.text;
	if (note.note_type === 'call_in' || note.note_type === 'call_out') {
		const direction = note.note_type === 'call_in' ? 'Incoming call' : 'Outgoing call';
		return `${direction} ${String(params.phone ?? '')}, status ${String(params.call_status ?? '?')}, ${String(params.duration ?? 0)} s`;
	}
	return note.note_type;
}

/** `snapshot`: the JSON of `GET /__emulator/state`. */
export function amoCrmBoard(snapshot: object): Board {
	const state = snapshot as Snapshot;
	const users = new Map(state.users.map((u) => [u.id, u.name]));
	const tags = new Map(state.tags.leads.map((t) => [t.id, t.name]));
	const contacts = new Map(state.contacts.map((c) => [c.id, c.name]));
	const tasks = new Map<number, string[]>();
	for (const task of state.tasks)
		if (task.entity_type === 'leads' && !task.is_completed)
			tasks.set(task.entity_id, [...(tasks.get(task.entity_id) ?? []), task.text]);
	const notes = new Map<number, Array<{ at: number; text: string }>>();
	for (const note of state.notes)
		if (note.entity_type === 'leads')
			notes.set(note.entity_id, [
				...(notes.get(note.entity_id) ?? []),
				{ at: note.created_at, text: noteText(note) },
			]);
	const card = (lead: Snapshot['leads'][number]): BoardCard => {
		const main = lead.contacts?.find((c) => c.is_main) ?? lead.contacts?.[0];
		return {
			id: lead.id,
			title: lead.name,
			amount: lead.price,
			responsible: users.get(lead.responsible_user_id),
			contact: main ? contacts.get(main.id) : undefined,
			tags: (lead.tagIds ?? []).map((id) => tags.get(id) ?? String(id)),
			tasks: tasks.get(lead.id) ?? [],
			notes: (notes.get(lead.id) ?? []).sort((a, b) => b.at - a.at).map((n) => n.text),
			updatedAt: lead.updated_at * 1000,
		};
	};
	const leads = state.leads.filter((l) => !l.is_deleted);
	return {
		crm: 'amoCRM',
		account: `${state.account.name} (${state.account.subdomain})`,
		pipelines: state.pipelines.map((pipeline) => ({
			id: pipeline.id,
			name: pipeline.name,
			stages: [...pipeline.statuses]
				.sort((a, b) => a.sort - b.sort)
				.map((status) => ({
					name: status.name,
					color: status.color,
					closed: status.id === WON ? 'won' : status.id === LOST ? 'lost' : undefined,
					cards: leads
						.filter((l) => l.pipeline_id === pipeline.id && l.status_id === status.id)
						.map(card),
				})),
		})),
	};
}
