import type { AccountState } from '../account';
import { hal, noContent, type ApiRequest, type ApiResponse } from '../http';
import { idsOf, inRange, listPage, rangeOf, selfLink, sortBy, valuesOf } from '../listing';
import type { EntityType, Note } from '../model';
import type { Router } from '../router';
import { BatchValidator, batchOf, isIntLike, isRecord, type ItemErrors } from '../validation';

export const NOTE_TYPES = [
	'common',
	'call_in',
	'call_out',
	'service_message',
	'extended_service_message',
	'message_cashier',
	'geolocation',
	'sms_in',
	'sms_out',
	'attachment',
] as const;

const ENTITIES: EntityType[] = ['leads', 'contacts', 'companies'];

/** Notes (§3.10), including call notes with `call_status` 1–8 (1 message left … 8 undefined). */
export function noteRoutes(router: Router) {
	for (const entity of ENTITIES) {
		router.get(`/api/v4/${entity}/notes`, (req) => listNotes(req, entity, undefined));
		router.get(`/api/v4/${entity}/notes/:id`, (req) => getNote(req, entity));
		router.get(`/api/v4/${entity}/:entityId/notes`, (req) =>
			listNotes(req, entity, Number(req.params.entityId)),
		);
		router.post(`/api/v4/${entity}/notes`, (req) => addNotes(req, entity, undefined));
		router.post(`/api/v4/${entity}/:entityId/notes`, (req) =>
			addNotes(req, entity, Number(req.params.entityId)),
		);
		router.patch(`/api/v4/${entity}/notes`, (req) => updateNotes(req, entity));
	}
}

function noteOut(account: AccountState, req: ApiRequest, note: Note) {
	return {
		id: note.id,
		entity_id: note.entity_id,
		created_by: note.created_by,
		updated_by: note.updated_by,
		created_at: note.created_at,
		updated_at: note.updated_at,
		responsible_user_id: note.responsible_user_id,
		group_id: note.group_id,
		note_type: note.note_type,
		params: note.params,
		account_id: account.id,
		_links: selfLink(req, `/api/v4/${note.entity_type}/notes/${note.id}`),
	};
}

function listNotes(req: ApiRequest, entity: EntityType, entityId: number | undefined): ApiResponse {
	const { account, query } = req;
	const filter = isRecord(query.filter) ? query.filter : {};
	const ids = idsOf(filter.id);
	const types = valuesOf(filter.note_type);
	const entityIds = entityId !== undefined ? new Set([entityId]) : idsOf(filter.entity_id);
	const updated = rangeOf(filter.updated_at);
	const found = [...account.notes.values()].filter(
		(n) =>
			n.entity_type === entity &&
			(!entityIds || entityIds.has(n.entity_id)) &&
			(!ids || ids.has(n.id)) &&
			(!types.length || types.includes(n.note_type)) &&
			inRange(n.updated_at, updated),
	);
	const ordered = sortBy(found, query, ['created_at', 'updated_at', 'id']);
	return listPage(req, 'notes', ordered, { render: (n) => noteOut(account, req, n) });
}

function getNote(req: ApiRequest, entity: EntityType): ApiResponse {
	const note = req.account.notes.get(Number(req.params.id));
	return note && note.entity_type === entity ? hal(noteOut(req.account, req, note)) : noContent();
}

function entityExists(account: AccountState, entity: EntityType, id: number): boolean {
	const map =
		entity === 'leads'
			? account.leads
			: entity === 'contacts'
				? account.contacts
				: account.companies;
	const found = map.get(id);
	return Boolean(found && !found.is_deleted);
}

function checkParams(
	account: AccountState,
	type: string,
	params: Record<string, unknown>,
	errors: ItemErrors,
) {
	const text = (key: string, required = true) => {
		const value = params[key];
		if (value === undefined || value === null || value === '') {
			if (required) errors.blank(`params.${key}`);
		} else if (typeof value !== 'string') errors.wrongType(`params.${key}`, 'string');
	};
	switch (type) {
		case 'common':
			text('text');
			break;
		case 'call_in':
		case 'call_out': {
			text('uniq');
			text('source');
			text('phone');
			text('link', false);
			text('call_result', false);
			if (!isIntLike(params.duration) || Number(params.duration) < 0)
				errors.wrongType('params.duration', 'int');
			if (params.call_status !== undefined) {
				const status = Number(params.call_status);
				if (!isIntLike(params.call_status) || status < 1 || status > 8)
					errors.notChoice('params.call_status');
			}
			if (params.call_responsible !== undefined && typeof params.call_responsible !== 'string') {
				if (!account.users.has(Number(params.call_responsible)))
					errors.notChoice('params.call_responsible');
			}
			break;
		}
		case 'service_message':
			text('service');
			text('text');
			break;
		case 'sms_in':
		case 'sms_out':
			text('text');
			text('phone');
			break;
		default:
			break;
	}
}

function prepareNote(
	account: AccountState,
	entity: EntityType,
	item: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
): () => Note {
	const entityId = Number(item.entity_id);
	if (!isIntLike(item.entity_id) || !entityExists(account, entity, entityId))
		errors.notChoice('entity_id');
	const type = String(item.note_type ?? '');
	if (!(NOTE_TYPES as readonly string[]).includes(type)) errors.notChoice('note_type');
	const params = isRecord(item.params) ? item.params : {};
	if (!isRecord(item.params)) errors.wrongType('params', 'array');
	else checkParams(account, type, params, errors);
	return () => {
		const now = account.clock.now();
		const stored = { ...params };
		// A string call_responsible is a user's name (zenland CHANGELOG 0.3.1); amoCRM resolves it to the user.
		if (typeof stored.call_responsible === 'string') {
			const user = [...account.users.values()].find((u) => u.name === stored.call_responsible);
			if (user) stored.call_responsible = user.id;
		}
		const note: Note = {
			id: account.nextId('notes'),
			entity_id: entityId,
			entity_type: entity,
			created_by: item.created_by !== undefined ? Number(item.created_by) : actorId,
			updated_by: actorId,
			created_at: item.created_at !== undefined ? Number(item.created_at) : now,
			updated_at: now,
			responsible_user_id:
				item.responsible_user_id !== undefined ? Number(item.responsible_user_id) : actorId,
			group_id: 0,
			note_type: type,
			params: stored,
		};
		account.notes.set(note.id, note);
		if (type === 'call_in' || type === 'call_out') {
			account.recordEvent({
				type: type === 'call_in' ? 'incoming_call' : 'outgoing_call',
				entity_id: entityId,
				entity_type: entity === 'leads' ? 'lead' : entity === 'contacts' ? 'contact' : 'company',
				created_by: actorId,
				value_after: [{ note: { id: note.id } }],
				value_before: [],
			});
		}
		account.changed({ entity, action: 'note', id: entityId, noteId: note.id });
		return note;
	};
}

function addNotes(req: ApiRequest, entity: EntityType, entityId: number | undefined): ApiResponse {
	const items = batchOf(req.body).map((item) =>
		entityId !== undefined ? { ...item, entity_id: entityId } : item,
	);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) =>
		prepareNote(req.account, entity, item, validator.item(i, item), req.identity!.userId),
	);
	const created = validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, `/api/v4/${entity}/notes`),
		_embedded: {
			notes: created.map((note, i) => ({
				id: note.id,
				entity_id: note.entity_id,
				request_id: items[i].request_id !== undefined ? String(items[i].request_id) : String(i),
				_links: selfLink(req, `/api/v4/${entity}/notes/${note.id}`),
			})),
		},
	});
}

function updateNotes(req: ApiRequest, entity: EntityType): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) => {
		const errors = validator.item(i, item);
		const note = req.account.notes.get(Number(item.id));
		if (!note || note.entity_type !== entity) {
			errors.add('id', 'NotFound', 'Entity not found');
			return () => undefined;
		}
		const params = isRecord(item.params) ? item.params : undefined;
		if (params) checkParams(req.account, note.note_type, { ...note.params, ...params }, errors);
		return () => {
			if (params) note.params = { ...note.params, ...params };
			note.updated_at = req.account.clock.now();
			note.updated_by = req.identity!.userId;
		};
	});
	validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, `/api/v4/${entity}/notes`),
		_embedded: {
			notes: items.map((item) => ({
				id: Number(item.id),
				updated_at: req.account.notes.get(Number(item.id))!.updated_at,
			})),
		},
	});
}
