/** Activities (calls, to-dos, meetings) and timeline comments (reference §3.7). */
import { isoWithOffset, legacyError, PORTAL_OFFSET_MINUTES } from '../envelope';
import { ENTITY_BY_TYPE_ID, toInt, toTime, type EntityName } from '../fields';
import { matchFilter, orderBy } from '../filter';
import { listRows } from '../listIndex';
import { nextId, type ActivityRecord, type CommentRecord } from '../portal';
import { getRecord } from '../records';
import {
	fieldsParam,
	idParam,
	itemError,
	page,
	param,
	startParam,
	type MethodContext,
	type MethodTable,
} from './context';

const CALL = 2;
const MEETING = 1;
const TASK = 3;
const PROVIDER = 6;

export function showActivity(
	activity: ActivityRecord,
	withCommunications: boolean,
): Record<string, unknown> {
	const time = (ms: number | null) => (ms === null ? '' : isoWithOffset(ms));
	const out: Record<string, unknown> = {
		ID: String(activity.ID),
		OWNER_ID: String(activity.OWNER_ID),
		OWNER_TYPE_ID: String(activity.OWNER_TYPE_ID),
		TYPE_ID: String(activity.TYPE_ID),
		PROVIDER_ID: activity.PROVIDER_ID,
		PROVIDER_TYPE_ID: activity.PROVIDER_TYPE_ID,
		PROVIDER_GROUP_ID: null,
		ASSOCIATED_ENTITY_ID: '0',
		SUBJECT: activity.SUBJECT,
		CREATED: time(activity.CREATED),
		LAST_UPDATED: time(activity.LAST_UPDATED),
		START_TIME: time(activity.START_TIME),
		END_TIME: time(activity.END_TIME),
		DEADLINE: time(activity.DEADLINE),
		COMPLETED: activity.COMPLETED,
		STATUS: String(activity.STATUS),
		RESPONSIBLE_ID: String(activity.RESPONSIBLE_ID),
		PRIORITY: String(activity.PRIORITY),
		NOTIFY_TYPE: '0',
		NOTIFY_VALUE: '0',
		DESCRIPTION: activity.DESCRIPTION,
		DESCRIPTION_TYPE: String(activity.DESCRIPTION_TYPE),
		DIRECTION: String(activity.DIRECTION),
		LOCATION: activity.LOCATION,
		SETTINGS: Object.keys(activity.SETTINGS).length ? activity.SETTINGS : [],
		ORIGINATOR_ID: activity.ORIGINATOR_ID || null,
		ORIGIN_ID: activity.ORIGIN_ID || null,
		AUTHOR_ID: String(activity.AUTHOR_ID),
		EDITOR_ID: String(activity.EDITOR_ID),
	};
	if (withCommunications) {
		out.COMMUNICATIONS = activity.COMMUNICATIONS.map((c) => ({
			ID: String(c.ID),
			TYPE: c.TYPE,
			VALUE: c.VALUE,
			ENTITY_ID: String(c.ENTITY_ID),
			ENTITY_TYPE_ID: String(c.ENTITY_TYPE_ID),
		}));
	}
	return out;
}

function ownerExists(ctx: MethodContext, ownerTypeId: number, ownerId: number): boolean {
	const entity: EntityName | undefined = ENTITY_BY_TYPE_ID[ownerTypeId];
	return Boolean(entity && getRecord(ctx.state, entity, ownerId));
}

function time(value: unknown): number | null | undefined {
	return toTime(value, PORTAL_OFFSET_MINUTES);
}

function addActivity(ctx: MethodContext): number {
	const fields = fieldsParam(ctx.params);
	const ownerId = toInt(fields.OWNER_ID) ?? 0;
	const ownerTypeId = toInt(fields.OWNER_TYPE_ID) ?? 0;
	const typeId = toInt(fields.TYPE_ID) ?? 0;
	const subject = String(fields.SUBJECT ?? '').trim();
	if (!typeId) throw legacyError('The field TYPE_ID is not defined or invalid.');
	if (!subject) throw legacyError('The field SUBJECT is not defined or empty.');
	const rawCommunications = Array.isArray(fields.COMMUNICATIONS)
		? fields.COMMUNICATIONS
		: fields.COMMUNICATIONS && typeof fields.COMMUNICATIONS === 'object'
			? Object.values(fields.COMMUNICATIONS)
			: [];
	if (rawCommunications.length === 0)
		throw legacyError('The field COMMUNICATIONS is not defined or invalid.');
	if (typeId === CALL && rawCommunications.length > 1)
		throw legacyError('The only one communication is allowed for activity of specified type.');
	if (!ownerId || !ownerTypeId || !ownerExists(ctx, ownerTypeId, ownerId)) {
		throw legacyError(
			'Could not build binding. Please ensure that owner info and communications are specified correctly.',
		);
	}
	const start = time(fields.START_TIME) ?? ctx.now;
	const end = time(fields.END_TIME) ?? start;
	const completed = String(fields.COMPLETED ?? 'N').toUpperCase() === 'Y' ? 'Y' : 'N';
	const activity: ActivityRecord = {
		ID: nextId(ctx.state, 'activity'),
		OWNER_ID: ownerId,
		OWNER_TYPE_ID: ownerTypeId,
		TYPE_ID: typeId,
		PROVIDER_ID:
			typeId === CALL
				? 'VOXIMPLANT_CALL'
				: typeId === MEETING
					? 'CRM_MEETING'
					: typeId === TASK
						? 'TASKS'
						: 'REST_APP',
		PROVIDER_TYPE_ID:
			typeId === CALL ? 'CALL' : typeId === MEETING ? 'MEETING' : typeId === TASK ? 'TASK' : 'REST',
		SUBJECT: subject,
		START_TIME: start,
		END_TIME: end,
		// Calls and meetings take their deadline from the start, tasks from the end.
		DEADLINE: typeId === CALL || typeId === MEETING ? start : end,
		COMPLETED: completed,
		STATUS: completed === 'Y' ? 2 : 1,
		RESPONSIBLE_ID: toInt(fields.RESPONSIBLE_ID) ?? ctx.userId,
		PRIORITY: toInt(fields.PRIORITY) ?? 2,
		DESCRIPTION: String(fields.DESCRIPTION ?? ''),
		DESCRIPTION_TYPE: toInt(fields.DESCRIPTION_TYPE) ?? 1,
		DIRECTION: toInt(fields.DIRECTION) ?? 0,
		LOCATION: String(fields.LOCATION ?? ''),
		CREATED: ctx.now,
		LAST_UPDATED: ctx.now,
		AUTHOR_ID: ctx.userId,
		EDITOR_ID: ctx.userId,
		ORIGIN_ID: String(fields.ORIGIN_ID ?? ''),
		ORIGINATOR_ID: String(fields.ORIGINATOR_ID ?? ''),
		SETTINGS:
			fields.SETTINGS && typeof fields.SETTINGS === 'object'
				? (fields.SETTINGS as Record<string, unknown>)
				: {},
		COMMUNICATIONS: (rawCommunications as Array<Record<string, unknown>>).map((c) => ({
			ID: nextId(ctx.state, 'communication'),
			TYPE: String(c.TYPE ?? (typeId === CALL ? 'PHONE' : 'EMAIL')),
			VALUE: String(c.VALUE ?? ''),
			ENTITY_ID: toInt(c.ENTITY_ID) ?? ownerId,
			ENTITY_TYPE_ID: toInt(c.ENTITY_TYPE_ID) ?? ownerTypeId,
		})),
		BINDINGS: [{ OWNER_ID: ownerId, OWNER_TYPE_ID: ownerTypeId }],
	};
	ctx.state.activities.set(activity.ID, activity);
	ctx.emit('ONCRMACTIVITYADD', { ID: activity.ID });
	return activity.ID;
}

function addTodo(ctx: MethodContext) {
	const p = ctx.params;
	const ownerTypeId = toInt(p.ownerTypeId) ?? 0;
	const ownerId = toInt(p.ownerId) ?? 0;
	if (!ownerTypeId || !ownerId)
		throw itemError('100', 'Required parameters "ownerTypeId" and "ownerId" are missing');
	if (!ownerExists(ctx, ownerTypeId, ownerId))
		throw itemError('OWNER_NOT_FOUND', 'Owner not found');
	if (p.deadline === undefined || p.deadline === '')
		throw itemError('100', 'Required parameter "deadline" is missing');
	const deadline = time(p.deadline);
	if (typeof deadline !== 'number')
		throw itemError('WRONG_DATETIME_FORMAT', 'Wrong datetime format');
	const activity: ActivityRecord = {
		ID: nextId(ctx.state, 'activity'),
		OWNER_ID: ownerId,
		OWNER_TYPE_ID: ownerTypeId,
		TYPE_ID: PROVIDER,
		PROVIDER_ID: 'CRM_TODO',
		PROVIDER_TYPE_ID: 'TODO',
		SUBJECT: String(p.title ?? ''),
		START_TIME: deadline,
		END_TIME: deadline,
		DEADLINE: deadline,
		COMPLETED: 'N',
		STATUS: 1,
		RESPONSIBLE_ID: toInt(p.responsibleId) ?? ctx.userId,
		PRIORITY: 2,
		DESCRIPTION: String(p.description ?? ''),
		DESCRIPTION_TYPE: 1,
		DIRECTION: 0,
		LOCATION: '',
		CREATED: ctx.now,
		LAST_UPDATED: ctx.now,
		AUTHOR_ID: ctx.userId,
		EDITOR_ID: ctx.userId,
		ORIGIN_ID: '',
		ORIGINATOR_ID: '',
		SETTINGS: {},
		COMMUNICATIONS: [],
		BINDINGS: [{ OWNER_ID: ownerId, OWNER_TYPE_ID: ownerTypeId }],
	};
	ctx.state.activities.set(activity.ID, activity);
	ctx.emit('ONCRMACTIVITYADD', { ID: activity.ID });
	return { id: activity.ID };
}

function findActivity(ctx: MethodContext): ActivityRecord {
	const activity = ctx.state.activities.get(idParam(ctx.params));
	if (!activity) throw legacyError('Not found');
	return activity;
}

export function activityLookup(activity: ActivityRecord) {
	const dates = new Set(['CREATED', 'LAST_UPDATED', 'START_TIME', 'END_TIME', 'DEADLINE']);
	return (field: string) => {
		const value = (activity as unknown as Record<string, unknown>)[field];
		if (value === undefined) return undefined;
		return {
			def: dates.has(field) ? { type: 'datetime' as const, title: field } : undefined,
			values: [value],
		};
	};
}

function addComment(ctx: MethodContext) {
	// Since crm 23.100.0 only the lower-case `fields` is read (reference §3.0).
	const fields = ctx.params.fields;
	if (!fields || typeof fields !== 'object')
		throw itemError('INVALID_ARG_VALUE', 'Required parameter "fields" is missing');
	const f = fields as Record<string, unknown>;
	const entityType = String(f.ENTITY_TYPE ?? '').toLowerCase();
	const entityId = toInt(f.ENTITY_ID) ?? 0;
	const entity = ({ lead: 'LEAD', deal: 'DEAL', contact: 'CONTACT' } as Record<string, EntityName>)[
		entityType
	];
	if (!entity || !entityId || !getRecord(ctx.state, entity, entityId))
		throw itemError('OWNER_NOT_FOUND', 'Owner not found');
	const text = String(f.COMMENT ?? '').trim();
	if (!text) throw itemError('INVALID_ARG_VALUE', 'Comment text is empty');
	const comment: CommentRecord = {
		ID: nextId(ctx.state, 'comment'),
		CREATED: ctx.now,
		ENTITY_ID: entityId,
		ENTITY_TYPE: entityType,
		AUTHOR_ID: toInt(f.AUTHOR_ID) ?? ctx.userId,
		COMMENT: String(f.COMMENT),
		FILES: [],
	};
	ctx.state.comments.set(comment.ID, comment);
	return comment.ID;
}

function showComment(c: CommentRecord) {
	return {
		ID: String(c.ID),
		CREATED: isoWithOffset(c.CREATED),
		ENTITY_ID: String(c.ENTITY_ID),
		ENTITY_TYPE: c.ENTITY_TYPE,
		AUTHOR_ID: String(c.AUTHOR_ID),
		COMMENT: c.COMMENT,
		FILES: c.FILES,
	};
}

export const activityMethods: MethodTable = {
	'crm.activity.add': { scope: 'crm', cost: 0.1, run: addActivity },
	'crm.activity.todo.add': { scope: 'crm', cost: 0.1, run: addTodo },
	'crm.activity.get': {
		scope: 'crm',
		cost: 0.02,
		run: (ctx) => showActivity(findActivity(ctx), true),
	},
	'crm.activity.update': {
		scope: 'crm',
		cost: 0.08,
		run: (ctx) => {
			const activity = findActivity(ctx);
			const fields = fieldsParam(ctx.params);
			if (fields.SUBJECT !== undefined) activity.SUBJECT = String(fields.SUBJECT);
			if (fields.DESCRIPTION !== undefined) activity.DESCRIPTION = String(fields.DESCRIPTION);
			if (fields.RESPONSIBLE_ID !== undefined)
				activity.RESPONSIBLE_ID = toInt(fields.RESPONSIBLE_ID) ?? activity.RESPONSIBLE_ID;
			if (fields.PRIORITY !== undefined)
				activity.PRIORITY = toInt(fields.PRIORITY) ?? activity.PRIORITY;
			for (const key of ['START_TIME', 'END_TIME', 'DEADLINE'] as const) {
				const t = time(fields[key]);
				if (typeof t === 'number') activity[key] = t;
			}
			if (fields.COMPLETED !== undefined) {
				activity.COMPLETED = String(fields.COMPLETED).toUpperCase() === 'Y' ? 'Y' : 'N';
				activity.STATUS = activity.COMPLETED === 'Y' ? 2 : 1;
			}
			activity.LAST_UPDATED = ctx.now;
			activity.EDITOR_ID = ctx.userId;
			ctx.emit('ONCRMACTIVITYUPDATE', { ID: activity.ID });
			return true;
		},
	},
	'crm.activity.delete': {
		scope: 'crm',
		cost: 0.05,
		run: (ctx) => {
			const activity = findActivity(ctx);
			ctx.state.activities.delete(activity.ID);
			ctx.emit('ONCRMACTIVITYDELETE', { ID: activity.ID });
			return true;
		},
	},
	'crm.activity.list': {
		scope: 'crm',
		cost: (ctx) => 0.05 + (startParam(ctx.params) === -1 ? 0 : ctx.state.activities.size * 0.00003),
		run: (ctx) => {
			const filter = param(ctx.params, 'filter');
			const order = param(ctx.params, 'order');
			const rows = listRows({
				table: ctx.state.activities,
				filter,
				order,
				start: startParam(ctx.params),
				matches: (a) => matchFilter(filter, activityLookup(a)),
				sort: (all) =>
					all.sort(
						orderBy<ActivityRecord>(
							order,
							(a, f) => (a as unknown as Record<string, unknown>)[f.toUpperCase()],
						),
					),
				indexed: { OWNER_ID: (a) => a.OWNER_ID },
			});
			const select = param(ctx.params, 'select');
			const selected = Array.isArray(select) ? select.map(String) : [];
			const withCommunications = selected.includes('COMMUNICATIONS');
			return page(rows, startParam(ctx.params), (slice) =>
				slice.map((a) => showActivity(a, withCommunications)),
			);
		},
	},
	'crm.timeline.comment.add': { scope: 'crm', cost: 0.05, run: addComment },
	'crm.timeline.comment.list': {
		scope: 'crm',
		cost: 0.03,
		run: (ctx) => {
			const filter = (param(ctx.params, 'filter') ?? {}) as Record<string, unknown>;
			if (!filter.ENTITY_ID || !filter.ENTITY_TYPE)
				throw itemError('INVALID_ARG_VALUE', 'ENTITY_ID and ENTITY_TYPE are required in filter');
			const rows = [...ctx.state.comments.values()].filter((c) =>
				matchFilter(filter, (field) => {
					const value = (c as unknown as Record<string, unknown>)[field];
					return value === undefined
						? undefined
						: {
								def: field === 'CREATED' ? { type: 'datetime', title: field } : undefined,
								values: [value],
							};
				}),
			);
			rows.sort(
				orderBy<CommentRecord>(
					param(ctx.params, 'order') ?? { CREATED: 'DESC' },
					(c, f) => (c as unknown as Record<string, unknown>)[f.toUpperCase()],
				),
			);
			return page(rows, startParam(ctx.params), (slice) => slice.map(showComment));
		},
	},
};
