import { randomUUID } from 'node:crypto';

import type { AccountState } from '../account';
import { ApiError, hal, noContent, problem, type ApiRequest, type ApiResponse } from '../http';
import { listPage, selfLink, valuesOf } from '../listing';
import type { Lead, UnsortedItem } from '../model';
import type { Router } from '../router';
import { BatchValidator, batchOf, isRecord } from '../validation';
import { preparePersonCreate } from './contacts';
import { prepareLeadCreate } from './leads';

/**
 * Incoming leads ("Неразобранное", §3.12): forms and calls land in the pipeline's incoming stage until a
 * manager accepts (→ first stage) or declines (→ deleted) them.
 */
export function unsortedRoutes(router: Router) {
	router.get('/api/v4/leads/unsorted', listUnsorted);
	router.get('/api/v4/leads/unsorted/summary', summary);
	router.get('/api/v4/leads/unsorted/:uid', getUnsorted);
	router.post('/api/v4/leads/unsorted/forms', (req) => addUnsorted(req, 'forms'));
	router.post('/api/v4/leads/unsorted/sip', (req) => addUnsorted(req, 'sip'));
	router.post('/api/v4/leads/unsorted/:uid/accept', accept);
	router.delete('/api/v4/leads/unsorted/:uid/decline', decline);
}

function unsortedOut(req: ApiRequest, item: UnsortedItem) {
	return {
		uid: item.uid,
		source_uid: item.source_uid,
		source_name: item.source_name,
		category: item.category,
		pipeline_id: item.pipeline_id,
		created_at: item.created_at,
		metadata: item.metadata,
		account_id: req.account.id,
		_links: selfLink(req, `/api/v4/leads/unsorted/${item.uid}`),
		_embedded: {
			leads: [{ id: item.leadId, _links: selfLink(req, `/api/v4/leads/${item.leadId}`) }],
			contacts: item.contactIds.map((id) => ({
				id,
				_links: selfLink(req, `/api/v4/contacts/${id}`),
			})),
			companies: item.companyIds.map((id) => ({
				id,
				_links: selfLink(req, `/api/v4/companies/${id}`),
			})),
		},
	};
}

function listUnsorted(req: ApiRequest): ApiResponse {
	const filter = isRecord(req.query.filter) ? req.query.filter : {};
	const uids = valuesOf(filter.uid);
	const categories = valuesOf(filter.category);
	const pipelines = valuesOf(filter.pipeline_id).map(Number);
	const found = [...req.account.unsorted.values()].filter(
		(u) =>
			u.state === 'pending' &&
			(!uids.length || uids.includes(u.uid)) &&
			(!categories.length || categories.includes(u.category)) &&
			(!pipelines.length || pipelines.includes(u.pipeline_id)),
	);
	return listPage(
		req,
		'unsorted',
		found.map((u) => unsortedOut(req, u)),
	);
}

function summary(req: ApiRequest): ApiResponse {
	const all = [...req.account.unsorted.values()];
	const count = (state: UnsortedItem['state']) => all.filter((u) => u.state === state).length;
	const categories = { forms: 0, sip: 0, mail: 0, chats: 0 };
	for (const u of all) if (u.state === 'pending') categories[u.category]++;
	return hal({
		total: count('pending'),
		accepted: count('accepted'),
		declined: count('declined'),
		average_sort_time: 0,
		categories,
	});
}

function getUnsorted(req: ApiRequest): ApiResponse {
	const item = req.account.unsorted.get(req.params.uid);
	return item ? hal(unsortedOut(req, item)) : noContent();
}

export function createUnsortedFor(
	account: AccountState,
	lead: Lead,
	metadata: Record<string, unknown>,
	contactIds: number[],
	source: { uid?: string; name?: string; category?: UnsortedItem['category'] } = {},
): UnsortedItem {
	const pipeline = account.pipeline(lead.pipeline_id)!;
	const incoming = pipeline.statuses.find((s) => s.type === 1);
	if (incoming) lead.status_id = incoming.id;
	const item: UnsortedItem = {
		uid: randomUUID(),
		source_uid: source.uid ?? String(metadata.form_id ?? 'api'),
		source_name: source.name ?? String(metadata.form_name ?? 'API'),
		category:
			source.category ??
			(metadata.from !== undefined || metadata.phone !== undefined ? 'sip' : 'forms'),
		pipeline_id: pipeline.id,
		created_at: account.clock.now(),
		metadata,
		leadId: lead.id,
		contactIds,
		companyIds: lead.companyIds,
		state: 'pending',
	};
	account.unsorted.set(item.uid, item);
	return item;
}

function addUnsorted(req: ApiRequest, category: UnsortedItem['category']): ApiResponse {
	const { account } = req;
	const actorId = req.identity!.userId;
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) => {
		const errors = validator.item(i, item);
		if (typeof item.source_uid !== 'string' || !item.source_uid) errors.blank('source_uid');
		if (typeof item.source_name !== 'string' || !item.source_name) errors.blank('source_name');
		if (!isRecord(item.metadata)) errors.blank('metadata');
		const embedded = isRecord(item._embedded) ? item._embedded : {};
		const leadInput =
			Array.isArray(embedded.leads) && isRecord(embedded.leads[0]) ? { ...embedded.leads[0] } : {};
		if (item.pipeline_id !== undefined) leadInput.pipeline_id = item.pipeline_id;
		delete leadInput.status_id;
		const lead = prepareLeadCreate(
			account,
			leadInput,
			errors.scoped('_embedded.leads.0.'),
			actorId,
		);
		const contacts = (
			Array.isArray(embedded.contacts) ? embedded.contacts.filter(isRecord) : []
		).map((c, j) =>
			preparePersonCreate(
				account,
				'contacts',
				c,
				errors.scoped(`_embedded.contacts.${j}.`),
				actorId,
			),
		);
		return () => {
			const created = lead();
			const contactIds = contacts.map((make) => make().id);
			created.contacts = contactIds.map((id, j) => ({ id, is_main: j === 0 }));
			const metadata = isRecord(item.metadata) ? item.metadata : {};
			const record = createUnsortedFor(account, created, metadata, contactIds, {
				uid: String(item.source_uid),
				name: String(item.source_name),
				category,
			});
			if (typeof item.created_at === 'number') record.created_at = item.created_at;
			return {
				record,
				requestId: item.request_id !== undefined ? String(item.request_id) : String(i),
			};
		};
	});
	const created = validator.applyAll(prepared);
	return hal({
		_total_items: created.length,
		_embedded: {
			unsorted: created.map(({ record, requestId }) => ({
				uid: record.uid,
				account_id: account.id,
				request_id: requestId,
				_embedded: unsortedOut(req, record)._embedded,
			})),
		},
	});
}

function pendingItem(req: ApiRequest): UnsortedItem {
	const item = req.account.unsorted.get(req.params.uid);
	if (!item || item.state !== 'pending')
		throw new ApiError(problem(400, 'Bad Request', 'Unsorted not found or already processed'));
	return item;
}

function accept(req: ApiRequest): ApiResponse {
	const item = pendingItem(req);
	const body = isRecord(req.body) ? req.body : {};
	const lead = req.account.leads.get(item.leadId)!;
	const pipeline = req.account.pipeline(item.pipeline_id)!;
	const statusId =
		body.status_id !== undefined ? Number(body.status_id) : req.account.firstStatus(pipeline).id;
	const status = pipeline.statuses.find((s) => s.id === statusId && s.type === 0);
	if (!status) throw new ApiError(problem(400, 'Bad Request', 'Request validation failed'));
	lead.status_id = status.id;
	if (body.user_id !== undefined) lead.responsible_user_id = Number(body.user_id);
	lead.updated_at = req.account.clock.now();
	item.state = 'accepted';
	req.account.changed({ entity: 'leads', action: 'update', id: lead.id });
	return hal({
		uid: item.uid,
		account_id: req.account.id,
		_embedded: unsortedOut(req, item)._embedded,
	});
}

function decline(req: ApiRequest): ApiResponse {
	const item = pendingItem(req);
	const lead = req.account.leads.get(item.leadId)!;
	lead.is_deleted = true;
	lead.updated_at = req.account.clock.now();
	item.state = 'declined';
	req.account.changed({ entity: 'leads', action: 'delete', id: lead.id });
	return hal({
		uid: item.uid,
		account_id: req.account.id,
		_embedded: unsortedOut(req, item)._embedded,
	});
}
