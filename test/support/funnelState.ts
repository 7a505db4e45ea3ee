/**
 * A CRM emulator's end state in the funnel's words, for template tests: deals with their pipeline and stage names,
 * tags, responsible and contacts; open and done tasks with their due time; notes; contacts. The same shape for
 * amoCRM and Bitrix24, read from the emulator's control API (`GET /__emulator/state`).
 */
import type { CrmKind } from '../../nodes/shared/crm/types';

export interface FunnelDeal {
	id: string;
	name: string;
	pipeline: string;
	stage: string;
	semantics: 'open' | 'won' | 'lost';
	responsibleUserId: string;
	tags: string[];
	contactIds: string[];
	/** amoCRM's loss reason name, or the Bitrix24 failure stage / «Причина отказа» value. */
	lossReason: string | null;
	createdAt: number;
}

export interface FunnelTask {
	id: string;
	dealId: string;
	text: string;
	responsibleUserId: string;
	/** Due time, ms. */
	dueAt: number;
	createdAt: number;
	completed: boolean;
}

export interface FunnelState {
	deals: FunnelDeal[];
	tasks: FunnelTask[];
	notes: Array<{ dealId: string; text: string }>;
	contacts: Array<{ id: string; name: string; phones: string[]; emails: string[] }>;
	users: Array<{ id: string; name: string }>;
}

type Control = <T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => Promise<T>;

/* eslint-disable @typescript-eslint/no-explicit-any -- the emulators' raw state, read field by field */
export async function funnelState(world: { crm: CrmKind; control: Control }): Promise<FunnelState> {
	const state = await world.control<any>('GET', 'state');
	return world.crm === 'amocrm' ? amoState(state) : bitrixState(state);
}

function amoState(state: any): FunnelState {
	const tagName = new Map<number, string>(state.tags.leads.map((t: any) => [t.id, t.name]));
	const pipelines = new Map<number, any>(state.pipelines.map((p: any) => [p.id, p]));
	const reasons = new Map<number, string>(state.loss_reasons.map((r: any) => [r.id, r.name]));
	const stageName = (pipelineId: number, statusId: number) => pipelines.get(pipelineId)?.statuses.find((s: any) => s.id === statusId)?.name ?? String(statusId);
	return {
		deals: state.leads.map((l: any) => ({
			id: String(l.id),
			name: l.name,
			pipeline: pipelines.get(l.pipeline_id)?.name ?? String(l.pipeline_id),
			stage: stageName(l.pipeline_id, l.status_id),
			semantics: l.status_id === 142 ? 'won' : l.status_id === 143 ? 'lost' : 'open',
			responsibleUserId: String(l.responsible_user_id),
			tags: l.tagIds.map((id: number) => tagName.get(id) ?? String(id)),
			contactIds: l.contacts.map((c: any) => String(c.id)),
			lossReason: l.loss_reason_id ? (reasons.get(l.loss_reason_id) ?? String(l.loss_reason_id)) : null,
			createdAt: l.created_at * 1000,
		})),
		tasks: state.tasks
			.filter((t: any) => t.entity_type === 'leads')
			.map((t: any) => ({
				id: String(t.id),
				dealId: String(t.entity_id),
				text: t.text,
				responsibleUserId: String(t.responsible_user_id),
				dueAt: t.complete_till * 1000,
				createdAt: t.created_at * 1000,
				completed: t.is_completed,
			})),
		notes: state.notes
			.filter((n: any) => n.entity_type === 'leads')
			.map((n: any) => ({ dealId: String(n.entity_id), text: String(n.params?.text ?? '') })),
		contacts: state.contacts.map((c: any) => ({
			id: String(c.id),
			name: c.name,
			phones: (c.custom_fields_values ?? []).filter((f: any) => f.field_code === 'PHONE').flatMap((f: any) => f.values.map((v: any) => v.value)),
			emails: (c.custom_fields_values ?? []).filter((f: any) => f.field_code === 'EMAIL').flatMap((f: any) => f.values.map((v: any) => v.value)),
		})),
		users: state.users.map((u: any) => ({ id: String(u.id), name: u.name })),
	};
}

function bitrixState(state: any): FunnelState {
	const field = (name: string) => state.userFields.find((f: any) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === name);
	const tagName = new Map<number, string>((field('UF_CRM_TAGS')?.LIST ?? []).map((i: any) => [Number(i.ID), i.VALUE]));
	const reasonName = new Map<number, string>((field('UF_CRM_LOSS_REASON')?.LIST ?? []).map((i: any) => [Number(i.ID), i.VALUE]));
	const categories = new Map<number, string>(state.categories.map((c: any) => [Number(c.id), c.name]));
	const stage = (categoryId: number, stageId: string) =>
		state.statuses.find((s: any) => s.ENTITY_ID === (categoryId ? `DEAL_STAGE_${categoryId}` : 'DEAL_STAGE') && s.STATUS_ID === stageId);
	const personName = (r: any) => [r.NAME, r.LAST_NAME].filter(Boolean).join(' ');
	return {
		deals: state.deals.map((d: any) => {
			const stageRow = stage(Number(d.CATEGORY_ID), d.STAGE_ID);
			const semantics = d.STAGE_SEMANTIC_ID === 'S' ? 'won' : d.STAGE_SEMANTIC_ID === 'F' ? 'lost' : 'open';
			const listReason = d.UF_CRM_LOSS_REASON ? (reasonName.get(Number(d.UF_CRM_LOSS_REASON)) ?? null) : null;
			return {
				id: String(d.ID),
				name: d.TITLE,
				pipeline: categories.get(Number(d.CATEGORY_ID)) ?? String(d.CATEGORY_ID),
				stage: stageRow?.NAME ?? d.STAGE_ID,
				semantics,
				responsibleUserId: String(d.ASSIGNED_BY_ID),
				tags: (d.UF_CRM_TAGS ?? []).map((id: number) => tagName.get(Number(id)) ?? String(id)),
				contactIds: (d.CONTACT_IDS ?? []).map(String),
				lossReason: semantics === 'lost' ? (listReason ?? stageRow?.NAME ?? null) : null,
				createdAt: d.DATE_CREATE,
			};
		}),
		tasks: state.activities
			.filter((a: any) => a.OWNER_TYPE_ID === 2 && a.PROVIDER_ID !== 'VOXIMPLANT_CALL' && a.TYPE_ID !== 2)
			.map((a: any) => ({
				id: String(a.ID),
				dealId: String(a.OWNER_ID),
				text: String(a.SUBJECT ?? a.TITLE ?? ''),
				responsibleUserId: String(a.RESPONSIBLE_ID),
				dueAt: a.DEADLINE,
				createdAt: a.CREATED,
				completed: a.COMPLETED === 'Y',
			})),
		notes: state.comments.filter((c: any) => c.ENTITY_TYPE === 'deal').map((c: any) => ({ dealId: String(c.ENTITY_ID), text: c.COMMENT })),
		contacts: state.contacts.map((c: any) => ({
			id: String(c.ID),
			name: personName(c),
			phones: (c.PHONE ?? []).map((p: any) => p.VALUE),
			emails: (c.EMAIL ?? []).map((e: any) => e.VALUE),
		})),
		users: state.users.map((u: any) => ({ id: String(u.ID), name: personName(u) })),
	};
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** What changed between two states: the deals, tasks and notes that are new. */
export function newSince(before: FunnelState, after: FunnelState) {
	const known = (list: Array<{ id: string }>) => new Set(list.map((x) => x.id));
	const deals = known(before.deals);
	const tasks = known(before.tasks);
	return {
		deals: after.deals.filter((d) => !deals.has(d.id)),
		tasks: after.tasks.filter((t) => !tasks.has(t.id)),
		notes: after.notes.slice(before.notes.length),
		contacts: after.contacts.filter((c) => !known(before.contacts).has(c.id)),
	};
}
