/** Deals, leads, contacts and activities of Bitrix24 in the FunnelCrm's words, parsed once here. */
import type { CallOutcome, CrmCall, CrmContact, CrmDeal, CrmTask, CrmUser } from '../types';
import { stageSemantics, LEAD_FUNNEL_ID } from './funnels';
import type { ListField } from './fieldInfo';
import {
	fullName,
	multifieldValues,
	toFlag,
	toId,
	toIdList,
	toIsoUtc,
	toNumber,
	toText,
} from './parse';

export interface ParseContext {
	/** `https://portal` for record links. */
	portalUrl: string;
	tagsField?: ListField;
	lossReasonField?: ListField;
}

const SEMANTIC: Record<string, 'open' | 'won' | 'lost'> = { P: 'open', S: 'won', F: 'lost' };

function tagNames(field: ListField | undefined, value: unknown): string[] {
	if (!field) return [];
	const ids = toIdList(value);
	return ids
		.map((id) => field.items.find((i) => i.id === id)?.value)
		.filter((v): v is string => Boolean(v));
}

/**
 * A failure stage the portal's users added ("Дорого", "Спам": ids `UC_…`, `C3:UC_…`) names the reason itself; the
 * built-in ones (LOSE «Сделка провалена», APOLOGY, the leads' JUNK) say only that the deal was lost: without the
 * reason field such a deal is lost without a reason.
 */
function reasonStage(stageId: string): string | null {
	return /(^|:)UC_/.test(stageId) ? stageId : null;
}

/** Fields a deal is read with from `crm.item.list` (entityTypeId 2, original UF names). */
export function dealSelect(ctx: ParseContext): string[] {
	return [
		'id',
		'title',
		'categoryId',
		'stageId',
		'stageSemanticId',
		'assignedById',
		'opportunity',
		'createdTime',
		'updatedTime',
		'movedTime',
		'closed',
		'contactIds',
		...(ctx.tagsField ? [ctx.tagsField.name] : []),
		...(ctx.lossReasonField ? [ctx.lossReasonField.name] : []),
	];
}

export function dealFromItem(item: Record<string, unknown>, ctx: ParseContext): CrmDeal {
	const semantics = SEMANTIC[toText(item.stageSemanticId)] ?? 'open';
	const reason = ctx.lossReasonField ? toId(item[ctx.lossReasonField.name]) : null;
	return {
		id: toText(item.id),
		name: toText(item.title),
		pipelineId: String(toNumber(item.categoryId) ?? 0),
		stageId: toText(item.stageId),
		semantics,
		responsibleUserId: toId(item.assignedById),
		price: toNumber(item.opportunity),
		createdAt: toIsoUtc(item.createdTime) ?? '',
		updatedAt: toIsoUtc(item.updatedTime) ?? '',
		closedAt: semantics === 'open' ? null : toIsoUtc(item.movedTime),
		stageChangedAt: toIsoUtc(item.movedTime),
		tags: tagNames(ctx.tagsField, ctx.tagsField ? item[ctx.tagsField.name] : undefined),
		contactIds: toIdList(item.contactIds),
		lossReasonId: semantics === 'lost' ? (reason ?? reasonStage(toText(item.stageId))) : null,
		url: `${ctx.portalUrl}/crm/deal/details/${toText(item.id)}/`,
	};
}

/** Fields a lead is read with from `crm.lead.list` (multiple user fields must be named). */
export function leadSelect(ctx: ParseContext): string[] {
	return [
		'ID',
		'TITLE',
		'STATUS_ID',
		'STATUS_SEMANTIC_ID',
		'ASSIGNED_BY_ID',
		'OPPORTUNITY',
		'DATE_CREATE',
		'DATE_MODIFY',
		'DATE_CLOSED',
		'MOVED_TIME',
		'CONTACT_ID',
		...(ctx.tagsField ? [ctx.tagsField.name] : []),
	];
}

/** A lead when the funnel is the lead funnel. */
export function dealFromLead(row: Record<string, unknown>, ctx: ParseContext): CrmDeal {
	const semantics = SEMANTIC[toText(row.STATUS_SEMANTIC_ID)] ?? 'open';
	return {
		id: toText(row.ID),
		name: toText(row.TITLE),
		pipelineId: LEAD_FUNNEL_ID,
		stageId: toText(row.STATUS_ID),
		semantics,
		responsibleUserId: toId(row.ASSIGNED_BY_ID),
		price: toNumber(row.OPPORTUNITY),
		createdAt: toIsoUtc(row.DATE_CREATE) ?? '',
		updatedAt: toIsoUtc(row.DATE_MODIFY) ?? '',
		closedAt: semantics === 'open' ? null : (toIsoUtc(row.DATE_CLOSED) ?? toIsoUtc(row.MOVED_TIME)),
		stageChangedAt: toIsoUtc(row.MOVED_TIME),
		tags: tagNames(ctx.tagsField, ctx.tagsField ? row[ctx.tagsField.name] : undefined),
		contactIds: toIdList(row.CONTACT_ID),
		lossReasonId: semantics === 'lost' ? reasonStage(toText(row.STATUS_ID)) : null,
		url: `${ctx.portalUrl}/crm/lead/details/${toText(row.ID)}/`,
	};
}

export function contactFromRow(row: Record<string, unknown>, dealIds: string[] = []): CrmContact {
	return {
		id: toText(row.ID),
		name: fullName(row.NAME, row.SECOND_NAME, row.LAST_NAME) || toText(row.TITLE),
		phones: multifieldValues(row.PHONE),
		emails: multifieldValues(row.EMAIL),
		responsibleUserId: toId(row.ASSIGNED_BY_ID),
		dealIds,
		createdAt: toIsoUtc(row.DATE_CREATE),
	};
}

/**
 * A `user.get` row. The list tells no administrators; `USER_TYPE` says employee, extranet (an external partner)
 * or email. The portal's owner is taken to be its first user (ID 1, who registered the portal — inferred: Bitrix24
 * has no owner field). `me` is what `profile` says of the user the connection works as (the webhook's owner).
 */
export function userFromRow(
	row: Record<string, unknown>,
	me?: { id: string; isAdmin: boolean },
): CrmUser {
	const id = toText(row.ID);
	const user: CrmUser = {
		id,
		name: fullName(row.NAME, row.LAST_NAME) || toText(row.EMAIL) || `User ${id}`,
		email: toText(row.EMAIL) || null,
		active: row.ACTIVE === true || row.ACTIVE === 'Y' || row.ACTIVE === '1' || row.ACTIVE === 1,
		isOwner: id === '1',
		isTechnical: me !== undefined && id === me.id,
	};
	if (me && id === me.id) user.isAdmin = me.isAdmin;
	const type = toText(row.USER_TYPE).toLowerCase();
	if (type === 'extranet' || type === 'email' || type === 'bot') user.kind = type;
	else if (type === 'employee') user.kind = 'employee';
	return user;
}

/** Activities that plan a next step: to-dos, meetings, tasks, and calls not made yet. */
export function isTask(row: Record<string, unknown>): boolean {
	const type = toNumber(row.TYPE_ID);
	if (row.PROVIDER_ID === 'CRM_TODO' || type === 1 || type === 3 || type === 6) return true;
	return type === 2 && !toFlag(row.COMPLETED);
}

export function taskFromActivity(row: Record<string, unknown>): CrmTask {
	const subject = toText(row.SUBJECT);
	const description = toText(row.DESCRIPTION);
	return {
		id: toText(row.ID),
		dealId: toId(row.OWNER_ID),
		text: description && description !== subject ? `${subject}\n${description}`.trim() : subject,
		dueAt: toIsoUtc(row.DEADLINE) ?? toIsoUtc(row.END_TIME) ?? '',
		responsibleUserId: toId(row.RESPONSIBLE_ID),
		completed: toFlag(row.COMPLETED),
		createdAt: toIsoUtc(row.CREATED),
	};
}

/** Bitrix24 telephony codes (SIP-like: 200, 304, 486, 603…) → the unified outcome. */
export function outcomeOfStatusCode(code: string): CallOutcome {
	switch (code) {
		case '200':
			return 'answered';
		case '304':
			return 'no_answer';
		case '486':
			return 'busy';
		case '603':
		case '603-S':
			return 'rejected';
		case '480':
		case '484':
		case '503':
			return 'unreachable';
		case '404':
			return 'wrong_number';
		default:
			return 'unknown';
	}
}

/**
 * A call activity. The outcome comes from a telephony status code when the activity carries one (SETTINGS); else a
 * finished call with talk time was answered and one without was not.
 */
export function callFromActivity(row: Record<string, unknown>): CrmCall {
	const settings = (row.SETTINGS && typeof row.SETTINGS === 'object' ? row.SETTINGS : {}) as Record<
		string,
		unknown
	>;
	const rawStatus = toText(settings.STATUS_CODE ?? settings.CALL_FAILED_CODE) || null;
	const start = Date.parse(toText(row.START_TIME));
	const end = Date.parse(toText(row.END_TIME));
	const duration =
		Number.isFinite(start) && Number.isFinite(end)
			? Math.max(0, Math.round((end - start) / 1000))
			: 0;
	const communications = Array.isArray(row.COMMUNICATIONS)
		? (row.COMMUNICATIONS as Array<Record<string, unknown>>)
		: [];
	let outcome: CallOutcome = rawStatus ? outcomeOfStatusCode(rawStatus) : 'unknown';
	if (outcome === 'unknown' && toFlag(row.COMPLETED))
		outcome = duration > 0 ? 'answered' : 'no_answer';
	if (settings.MISSED_CALL === true || settings.MISSED_CALL === 'Y') outcome = 'no_answer';
	return {
		id: toText(row.ID),
		dealId: toId(row.OWNER_ID),
		direction: toNumber(row.DIRECTION) === 1 ? 'inbound' : 'outbound',
		outcome,
		durationSeconds: duration,
		at: toIsoUtc(row.START_TIME) ?? toIsoUtc(row.CREATED) ?? '',
		phone: toText(communications[0]?.VALUE) || null,
		responsibleUserId: toId(row.RESPONSIBLE_ID),
		rawStatus,
		key: toText(row.ORIGIN_ID) || null,
	};
}

export { stageSemantics };
