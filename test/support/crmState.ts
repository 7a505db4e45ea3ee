/**
 * The emulators' raw state (`GET /__emulator/state`) read into one plain view for both CRMs — written here from
 * the emulators' own storage shapes, not through our adapters, so node tests compare what the node did with an
 * independent reading of the CRM.
 */
import type { CrmWorld } from './crmWorlds';

export interface StateDeal {
	id: string;
	name: string;
	pipelineId: string;
	pipelineName: string;
	stageId: string;
	stageName: string;
	semantics: 'open' | 'won' | 'lost';
	/** amoCRM's incoming (unsorted) stage. */
	incoming: boolean;
	responsibleUserId: string;
	/** The loss reason's name: amoCRM loss_reason_id, Bitrix24 «Причина отказа» or a custom failure stage. */
	lossReason: string | null;
	createdMs: number;
	/** amoCRM: the last stage change in the events feed, else its creation; Bitrix24: MOVED_TIME. */
	inStageSinceMs: number;
	/** When a closed deal was closed (amoCRM closed_at, Bitrix24 MOVED_TIME); null while open. */
	closedMs: number | null;
	contactIds: string[];
	/** Tag names (Bitrix24: the values of the tags list field). */
	tags: string[];
	/** The deal's own fields by the name the CRM shows (amoCRM custom fields, Bitrix24 user fields). */
	fields: Record<string, unknown>;
}

export interface StateTask {
	id: string;
	dealId: string | null;
	text: string;
	dueMs: number;
	responsibleUserId: string;
	completed: boolean;
	/** amoCRM task type id; Bitrix24 provider. */
	type: string;
	createdMs: number;
}

export interface StateCall {
	dealId: string;
	atMs: number;
	direction: 'inbound' | 'outbound';
	answered: boolean;
	/** amoCRM call_status 5 / Bitrix24 404. */
	wrongNumber: boolean;
}

export interface StateContact {
	id: string;
	name: string;
	phones: string[];
	emails: string[];
	/** amoCRM contact custom fields by name (not PHONE/EMAIL); Bitrix24: none read. */
	fields: Record<string, unknown>;
}

export interface CrmState {
	deals: StateDeal[];
	tasks: StateTask[];
	calls: StateCall[];
	contacts: StateContact[];
	pipelines: Array<{
		id: string;
		name: string;
		stages: Array<{
			id: string;
			name: string;
			semantics: 'open' | 'won' | 'lost';
			incoming: boolean;
		}>;
	}>;
	/** Deals' notes (amoCRM notes that are not calls; Bitrix24 timeline comments). */
	notes: Array<{ dealId: string; text: string }>;
	users: Array<{ id: string; name: string }>;
}

type Row = Record<string, unknown>;

export async function crmState(world: CrmWorld): Promise<CrmState> {
	const raw = await world.control<Row>('GET', 'state');
	return world.crm === 'amocrm' ? amoState(raw) : bitrixState(raw);
}

function amoState(raw: Row): CrmState {
	const pipelines = (raw.pipelines as Row[]).map((p) => ({
		id: String(p.id),
		name: String(p.name),
		stages: (p.statuses as Row[]).map((s) => ({
			id: String(s.id),
			name: String(s.name),
			semantics:
				s.id === 142 ? ('won' as const) : s.id === 143 ? ('lost' as const) : ('open' as const),
			incoming: s.type === 1,
		})),
	}));
	const reasons = new Map((raw.loss_reasons as Row[]).map((r) => [r.id, String(r.name)]));
	const tagName = new Map(((raw.tags as Row).leads as Row[]).map((t) => [t.id, String(t.name)]));
	// When each lead entered its stage: its last stage change in the events feed, else its creation.
	const lastMove = new Map<number, number>();
	for (const e of (raw.events as Row[] | undefined) ?? [])
		if (e.type === 'lead_status_changed' && e.entity_type === 'lead')
			lastMove.set(
				Number(e.entity_id),
				Math.max(lastMove.get(Number(e.entity_id)) ?? 0, Number(e.created_at)),
			);
	const deals = (raw.leads as Row[])
		.filter((l) => !l.is_deleted)
		.map((l): StateDeal => {
			const pipeline = pipelines.find((p) => p.id === String(l.pipeline_id))!;
			const stage = pipeline.stages.find((s) => s.id === String(l.status_id))!;
			return {
				id: String(l.id),
				name: String(l.name),
				pipelineId: pipeline.id,
				pipelineName: pipeline.name,
				stageId: stage.id,
				stageName: stage.name,
				semantics: stage.semantics,
				incoming: stage.incoming,
				responsibleUserId: String(l.responsible_user_id),
				lossReason: l.loss_reason_id
					? (reasons.get(l.loss_reason_id) ?? String(l.loss_reason_id))
					: null,
				createdMs: Number(l.created_at) * 1000,
				inStageSinceMs: (lastMove.get(Number(l.id)) ?? Number(l.created_at)) * 1000,
				closedMs: stage.semantics === 'open' ? null : Number(l.closed_at ?? l.updated_at) * 1000,
				contactIds: ((l.contacts as Row[]) ?? []).map((c) => String(c.id)),
				tags: ((l.tagIds as number[]) ?? []).map((id) => tagName.get(id) ?? String(id)),
				fields: amoFields(l),
			};
		});
	const tasks = (raw.tasks as Row[]).map((t): StateTask => ({
		id: String(t.id),
		dealId: t.entity_type === 'leads' ? String(t.entity_id) : null,
		text: String(t.text),
		dueMs: Number(t.complete_till) * 1000,
		responsibleUserId: String(t.responsible_user_id),
		completed: Boolean(t.is_completed),
		type: String(t.task_type_id),
		createdMs: Number(t.created_at) * 1000,
	}));
	const calls = (raw.notes as Row[])
		.filter(
			(n) => n.entity_type === 'leads' && (n.note_type === 'call_in' || n.note_type === 'call_out'),
		)
		.map((n): StateCall => {
			const status = Number((n.params as Row).call_status);
			return {
				dealId: String(n.entity_id),
				atMs: Number(n.created_at) * 1000,
				direction: n.note_type === 'call_in' ? 'inbound' : 'outbound',
				answered: status === 2 || status === 4,
				wrongNumber: status === 5,
			};
		});
	const contacts = (raw.contacts as Row[]).map((c) => {
		const values = (code: string) =>
			((c.custom_fields_values as Row[] | null) ?? [])
				.filter((f) => f.field_code === code)
				.flatMap((f) => (f.values as Row[]).map((v) => String(v.value)));
		return {
			fields: amoFields(c),
			id: String(c.id),
			name: String(c.name),
			phones: values('PHONE'),
			emails: values('EMAIL'),
		};
	});
	const notes = (raw.notes as Row[])
		.filter(
			(n) => n.entity_type === 'leads' && n.note_type !== 'call_in' && n.note_type !== 'call_out',
		)
		.map((n) => ({
			dealId: String(n.entity_id),
			text: String((n.params as Row | null)?.text ?? ''),
		}));
	const users = (raw.users as Row[]).map((u) => ({ id: String(u.id), name: String(u.name) }));
	return { deals, tasks, calls, contacts, pipelines, notes, users };
}

/** amoCRM custom field values by field name (one value, or a list for several), PHONE and EMAIL left out. */
function amoFields(record: Row): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const f of (record.custom_fields_values as Row[] | null) ?? []) {
		if (f.field_code === 'PHONE' || f.field_code === 'EMAIL') continue;
		const values = ((f.values as Row[]) ?? []).map((v) => v.value);
		out[String(f.field_name)] = values.length === 1 ? values[0] : values;
	}
	return out;
}

function bitrixState(raw: Row): CrmState {
	const statuses = raw.statuses as Row[];
	const categories = raw.categories as Row[];
	const semanticsOf = (s: Row) =>
		s.SEMANTICS === 'S'
			? ('won' as const)
			: s.SEMANTICS === 'F'
				? ('lost' as const)
				: ('open' as const);
	const pipelines = categories.map((c) => {
		const entity = Number(c.id) === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${Number(c.id)}`;
		return {
			id: String(c.id),
			name: String(c.name),
			stages: statuses
				.filter((s) => s.ENTITY_ID === entity)
				.map((s) => ({
					id: String(s.STATUS_ID),
					name: String(s.NAME),
					semantics: semanticsOf(s),
					incoming: false,
				})),
		};
	});
	const reasonField = (raw.userFields as Row[]).find(
		(f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_LOSS_REASON',
	);
	const reasonName = (id: unknown) =>
		((reasonField?.LIST as Row[] | undefined) ?? []).find((i) => i.ID === id)?.VALUE as
			string | undefined;
	const tagsField = (raw.userFields as Row[]).find(
		(f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS',
	);
	const tagName = new Map(
		((tagsField?.LIST as Row[] | undefined) ?? []).map((i) => [Number(i.ID), String(i.VALUE)]),
	);
	const personName = (r: Row) => [r.NAME, r.LAST_NAME].filter(Boolean).join(' ');
	const dealFields = (raw.userFields as Row[]).filter((f) => f.ENTITY_ID === 'CRM_DEAL');
	const deals = (raw.deals as Row[]).map((d): StateDeal => {
		const pipeline = pipelines.find((p) => p.id === String(d.CATEGORY_ID))!;
		const stage = pipeline.stages.find((s) => s.id === String(d.STAGE_ID))!;
		// A custom failure stage names the reason itself; the built-in LOSE/APOLOGY need the reason field.
		const stageReason = stage.semantics === 'lost' && /(^|:)UC_/.test(stage.id) ? stage.name : null;
		return {
			id: String(d.ID),
			name: String(d.TITLE),
			pipelineId: pipeline.id,
			pipelineName: pipeline.name,
			stageId: stage.id,
			stageName: stage.name,
			semantics: stage.semantics,
			incoming: false,
			responsibleUserId: String(d.ASSIGNED_BY_ID),
			lossReason:
				stage.semantics === 'lost' ? (reasonName(d.UF_CRM_LOSS_REASON) ?? stageReason) : null,
			createdMs: Number(d.DATE_CREATE),
			inStageSinceMs: Number(d.MOVED_TIME ?? d.DATE_MODIFY),
			closedMs: stage.semantics === 'open' ? null : Number(d.MOVED_TIME ?? d.DATE_MODIFY),
			contactIds: ((d.CONTACT_IDS as number[]) ?? []).map(String),
			tags: ((d.UF_CRM_TAGS as number[]) ?? []).map((id) => tagName.get(Number(id)) ?? String(id)),
			fields: Object.fromEntries(
				dealFields
					.filter((f) => d[String(f.FIELD_NAME)] !== undefined)
					.map((f) => [
						String((f.EDIT_FORM_LABEL as Row | undefined)?.ru ?? f.FIELD_NAME),
						d[String(f.FIELD_NAME)],
					]),
			),
		};
	});
	const activities = (raw.activities as Row[]).filter((a) => a.OWNER_TYPE_ID === 2);
	const tasks = activities
		.filter(
			(a) =>
				a.PROVIDER_ID === 'CRM_TODO' ||
				[1, 3, 6].includes(Number(a.TYPE_ID)) ||
				(a.TYPE_ID === 2 && a.COMPLETED !== 'Y'),
		)
		.map((a): StateTask => ({
			id: String(a.ID),
			dealId: String(a.OWNER_ID),
			text: [a.SUBJECT, a.DESCRIPTION].filter(Boolean).join('\n'),
			dueMs: Number(a.DEADLINE),
			responsibleUserId: String(a.RESPONSIBLE_ID),
			completed: a.COMPLETED === 'Y',
			type: String(a.PROVIDER_ID),
			createdMs: Number(a.CREATED),
		}));
	const calls = activities
		.filter((a) => a.TYPE_ID === 2 && a.COMPLETED === 'Y')
		.map((a): StateCall => {
			const settings = (a.SETTINGS ?? {}) as Row;
			const code = String(settings.STATUS_CODE ?? '');
			const talk = Number(a.END_TIME) - Number(a.START_TIME) > 0;
			return {
				dealId: String(a.OWNER_ID),
				atMs: Number(a.START_TIME),
				direction: Number(a.DIRECTION) === 1 ? 'inbound' : 'outbound',
				answered: code ? code === '200' : talk,
				wrongNumber: code === '404',
			};
		});
	const contacts = (raw.contacts as Row[]).map((c) => ({
		id: String(c.ID),
		name: personName(c),
		phones: ((c.PHONE as Row[]) ?? []).map((p) => String(p.VALUE)),
		emails: ((c.EMAIL as Row[]) ?? []).map((e) => String(e.VALUE)),
		fields: {},
	}));
	const notes = (raw.comments as Row[])
		.filter((c) => c.ENTITY_TYPE === 'deal')
		.map((c) => ({ dealId: String(c.ENTITY_ID), text: String(c.COMMENT) }));
	const users = (raw.users as Row[]).map((u) => ({ id: String(u.ID), name: personName(u) }));
	return { deals, tasks, calls, contacts, pipelines, notes, users };
}

/** What a run added: the deals, tasks, contacts and notes that were not there before. */
export function newSince(before: CrmState, after: CrmState) {
	const known = (list: Array<{ id: string }>) => new Set(list.map((x) => x.id));
	const deals = known(before.deals);
	const tasks = known(before.tasks);
	const contacts = known(before.contacts);
	return {
		deals: after.deals.filter((d) => !deals.has(d.id)),
		tasks: after.tasks.filter((t) => !tasks.has(t.id)),
		contacts: after.contacts.filter((c) => !contacts.has(c.id)),
		notes: after.notes.slice(before.notes.length),
	};
}
