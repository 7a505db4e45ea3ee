/** The Bitrix24 portal as the read-only board page (`GET /__emulator/board`, test/emulators/boardPage.ts). */
import type { Board, BoardCard } from '../boardPage';

interface Snapshot {
	domain: string;
	users: Array<{ ID: number; NAME: string; LAST_NAME: string }>;
	statuses: Array<{
		ENTITY_ID: string;
		STATUS_ID: string;
		NAME: string;
		SORT: number;
		COLOR?: string;
		SEMANTICS: string | null;
		CATEGORY_ID: number | null;
	}>;
	categories: Array<{ id: number; name: string; sort: number }>;
	deals: Array<{
		ID: number;
		TITLE: string;
		OPPORTUNITY?: number | null;
		ASSIGNED_BY_ID: number;
		CATEGORY_ID: number;
		STAGE_ID: string;
		DATE_MODIFY: number;
		CONTACT_ID?: number | null;
		UF_CRM_TAGS?: Array<number | string>;
	}>;
	contacts: Array<{ ID: number; NAME?: string; LAST_NAME?: string }>;
	userFields: Array<{
		ENTITY_ID: string;
		FIELD_NAME: string;
		LIST?: Array<{ ID: number; VALUE: string }>;
	}>;
	activities: Array<{
		OWNER_TYPE_ID: number;
		OWNER_ID: number;
		COMPLETED: string;
		SUBJECT: string;
		CREATED: number;
	}>;
	comments: Array<{ ENTITY_TYPE: string; ENTITY_ID: number; COMMENT: string; CREATED: number }>;
}

/** CRM object type of deals in activities' OWNER_TYPE_ID. */
const DEAL = 2;

const fullName = (p: { NAME?: string; LAST_NAME?: string }) =>
	[p.NAME, p.LAST_NAME].filter(Boolean).join(' ');

/** `snapshot`: the JSON of `GET /__emulator/state`. */
export function bitrix24Board(snapshot: object): Board {
	const state = snapshot as Snapshot;
	const users = new Map(state.users.map((u) => [u.ID, fullName(u)]));
	const contacts = new Map(state.contacts.map((c) => [c.ID, fullName(c)]));
	const tagField = state.userFields.find(
		(f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS',
	);
	const tags = new Map((tagField?.LIST ?? []).map((v) => [String(v.ID), v.VALUE]));
	const open = new Map<number, string[]>();
	const history = new Map<number, Array<{ at: number; text: string }>>();
	const remember = (id: number, at: number, text: string) =>
		history.set(id, [...(history.get(id) ?? []), { at, text }]);
	for (const activity of state.activities) {
		if (activity.OWNER_TYPE_ID !== DEAL) continue;
		if (activity.COMPLETED === 'Y') remember(activity.OWNER_ID, activity.CREATED, activity.SUBJECT);
		else open.set(activity.OWNER_ID, [...(open.get(activity.OWNER_ID) ?? []), activity.SUBJECT]);
	}
	for (const comment of state.comments)
		if (comment.ENTITY_TYPE.toLowerCase() === 'deal')
			remember(comment.ENTITY_ID, comment.CREATED, comment.COMMENT);
	const card = (deal: Snapshot['deals'][number]): BoardCard => ({
		id: deal.ID,
		title: deal.TITLE,
		amount: deal.OPPORTUNITY,
		responsible: users.get(deal.ASSIGNED_BY_ID),
		contact: deal.CONTACT_ID ? contacts.get(deal.CONTACT_ID) : undefined,
		tags: (deal.UF_CRM_TAGS ?? []).map((id) => tags.get(String(id)) ?? String(id)),
		tasks: open.get(deal.ID) ?? [],
		notes: (history.get(deal.ID) ?? []).sort((a, b) => b.at - a.at).map((n) => n.text),
		updatedAt: deal.DATE_MODIFY,
	});
	return {
		crm: 'Bitrix24',
		account: state.domain,
		pipelines: [...state.categories]
			.sort((a, b) => a.sort - b.sort)
			.map((category) => {
				const entity = category.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${category.id}`;
				return {
					id: category.id,
					name: category.name,
					stages: state.statuses
						.filter((s) => s.ENTITY_ID === entity)
						.sort((a, b) => a.SORT - b.SORT)
						.map((status) => ({
							name: status.NAME,
							color: status.COLOR,
							closed:
								status.SEMANTICS === 'S' ? 'won' : status.SEMANTICS === 'F' ? 'lost' : undefined,
							cards: state.deals
								.filter((d) => d.CATEGORY_ID === category.id && d.STAGE_ID === status.STATUS_ID)
								.map(card),
						})),
				};
			}),
	};
}
