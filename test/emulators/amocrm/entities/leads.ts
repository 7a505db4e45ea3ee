import type { AccountState } from '../account';
import { hal, noContent, type ApiRequest, type ApiResponse } from '../http';
import { idsOf, inRange, listPage, rangeOf, selfLink, sortBy, valuesOf, withOf } from '../listing';
import type { Lead, Pipeline, Status } from '../model';
import type { Router } from '../router';
import {
	BatchValidator,
	batchOf,
	checkInt,
	checkString,
	isRecord,
	type ItemErrors,
} from '../validation';
import { fieldTexts, hasValue, matchesFieldFilter, prepareFieldValues } from './fields';
import { looseMatch, queryOf } from './search';
import { prepareTags, tagsOut } from './tags';

export const WON = 142;
export const LOST = 143;

/** Leads (§3.1–3.2): list with filters, get, add, update, single update. There is no DELETE in API v4. */
export function leadRoutes(router: Router) {
	router.get('/api/v4/leads', listLeads);
	router.get('/api/v4/leads/:id', getLead);
	router.post('/api/v4/leads', addLeads);
	router.patch('/api/v4/leads', updateLeads);
	router.patch('/api/v4/leads/:id', updateOneLead);
}

export function leadOut(account: AccountState, req: ApiRequest, lead: Lead, withs: Set<string>) {
	const embedded: Record<string, unknown> = {
		tags: tagsOut(account, 'leads', lead.tagIds),
		companies: lead.companyIds.map((id) => ({
			id,
			_links: selfLink(req, `/api/v4/companies/${id}`),
		})),
	};
	if (withs.has('contacts')) {
		embedded.contacts = lead.contacts.map((c) => ({
			id: c.id,
			is_main: c.is_main,
			_links: selfLink(req, `/api/v4/contacts/${c.id}`),
		}));
	}
	if (withs.has('catalog_elements'))
		embedded.catalog_elements = (lead.catalog_elements ?? []).map((e) => ({
			id: e.id,
			metadata: { quantity: e.quantity, catalog_id: e.catalog_id },
		}));
	if (withs.has('loss_reason') && lead.loss_reason_id) {
		const reason = account.lossReasons.find((r) => r.id === lead.loss_reason_id);
		if (reason)
			embedded.loss_reason = [
				{ ...reason, _links: selfLink(req, `/api/v4/leads/loss_reasons/${reason.id}`) },
			];
	}
	const out: Record<string, unknown> = {
		id: lead.id,
		name: lead.name,
		price: lead.price,
		responsible_user_id: lead.responsible_user_id,
		group_id: lead.group_id,
		status_id: lead.status_id,
		pipeline_id: lead.pipeline_id,
		loss_reason_id: lead.loss_reason_id,
		source_id: lead.source_id,
		created_by: lead.created_by,
		updated_by: lead.updated_by,
		created_at: lead.created_at,
		updated_at: lead.updated_at,
		closed_at: lead.closed_at,
		closest_task_at: account.closestTaskAt('leads', lead.id),
		is_deleted: lead.is_deleted,
		custom_fields_values: lead.custom_fields_values,
		score: lead.score,
		account_id: account.id,
		labor_cost: lead.labor_cost,
		_links: selfLink(req, `/api/v4/leads/${lead.id}`),
		_embedded: embedded,
	};
	if (withs.has('is_price_modified_by_robot')) out.is_price_modified_by_robot = false;
	return out;
}

function listLeads(req: ApiRequest): ApiResponse {
	const { account, query } = req;
	const filter = isRecord(query.filter) ? query.filter : {};
	const ids = idsOf(filter.id);
	const names = valuesOf(filter.name).map((n) => n.toLowerCase());
	const price = rangeOf(filter.price);
	const createdBy = idsOf(filter.created_by);
	const updatedBy = idsOf(filter.updated_by);
	const responsible = idsOf(filter.responsible_user_id);
	const pipelines = idsOf(filter.pipeline_id);
	const statuses = statusPairs(filter.statuses);
	const ranges = {
		created_at: rangeOf(filter.created_at),
		updated_at: rangeOf(filter.updated_at),
		closed_at: rangeOf(filter.closed_at),
		closest_task_at: rangeOf(filter.closest_task_at),
	};
	const text = queryOf(query);
	const withs = withOf(query);
	const onlyDeleted = withs.has('only_deleted');
	const fieldFilter = account.isApiFilterEnabled ? filter.custom_fields_values : undefined;
	const found = [...account.leads.values()].filter((lead) => {
		if (lead.is_deleted !== onlyDeleted) return false;
		if (ids && !ids.has(lead.id)) return false;
		if (names.length && !names.includes(lead.name.toLowerCase())) return false;
		if (price && !inRange(lead.price, price)) return false;
		if (createdBy && !createdBy.has(lead.created_by)) return false;
		if (updatedBy && !updatedBy.has(lead.updated_by)) return false;
		if (responsible && !responsible.has(lead.responsible_user_id)) return false;
		if (pipelines && !pipelines.has(lead.pipeline_id)) return false;
		if (
			statuses &&
			!statuses.some((s) => s.pipeline_id === lead.pipeline_id && s.status_id === lead.status_id)
		)
			return false;
		if (
			!inRange(lead.created_at, ranges.created_at) ||
			!inRange(lead.updated_at, ranges.updated_at)
		)
			return false;
		if (ranges.closed_at && !inRange(lead.closed_at, ranges.closed_at)) return false;
		if (
			ranges.closest_task_at &&
			!inRange(account.closestTaskAt('leads', lead.id), ranges.closest_task_at)
		)
			return false;
		if (fieldFilter && !matchesFieldFilter(lead.custom_fields_values, fieldFilter)) return false;
		if (
			text !== undefined &&
			!looseMatch([lead.name, String(lead.price), ...fieldTexts(lead.custom_fields_values)], text)
		)
			return false;
		return true;
	});
	const ordered = sortBy(found, query, ['created_at', 'updated_at', 'id']);
	return listPage(req, 'leads', ordered, { render: (lead) => leadOut(account, req, lead, withs) });
}

function statusPairs(
	value: unknown,
): Array<{ pipeline_id: number; status_id: number }> | undefined {
	if (value === undefined) return undefined;
	const list = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
	return list
		.filter(isRecord)
		.map((s) => ({ pipeline_id: Number(s.pipeline_id), status_id: Number(s.status_id) }));
}

function getLead(req: ApiRequest): ApiResponse {
	const lead = req.account.leads.get(Number(req.params.id));
	if (!lead || lead.is_deleted) return noContent();
	return hal(leadOut(req.account, req, lead, withOf(req.query)));
}

function addLeads(req: ApiRequest): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) =>
		prepareLeadCreate(req.account, item, validator.item(i, item), req.identity!.userId),
	);
	const created = validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, '/api/v4/leads'),
		_embedded: {
			leads: created.map((lead, i) => ({
				id: lead.id,
				request_id: items[i].request_id !== undefined ? String(items[i].request_id) : String(i),
				_links: selfLink(req, `/api/v4/leads/${lead.id}`),
			})),
		},
	});
}

function updateLeads(req: ApiRequest): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) => {
		const errors = validator.item(i, item);
		const lead = req.account.leads.get(Number(item.id));
		if (!lead || lead.is_deleted) {
			errors.add('id', 'NotFound', 'Entity not found');
			return () => undefined;
		}
		return prepareLeadUpdate(req.account, lead, item, errors, req.identity!.userId);
	});
	validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, '/api/v4/leads'),
		_embedded: {
			leads: items.map((item) => {
				const lead = req.account.leads.get(Number(item.id))!;
				const out: Record<string, unknown> = {
					id: lead.id,
					updated_at: lead.updated_at,
					_links: selfLink(req, `/api/v4/leads/${lead.id}`),
				};
				if (item.request_id !== undefined) out.request_id = String(item.request_id);
				return out;
			}),
		},
	});
}

function updateOneLead(req: ApiRequest): ApiResponse {
	const lead = req.account.leads.get(Number(req.params.id));
	if (!lead || lead.is_deleted) return noContent();
	const item = isRecord(req.body) ? req.body : {};
	const validator = new BatchValidator();
	validator.applyAll([
		prepareLeadUpdate(req.account, lead, item, validator.item(0, item), req.identity!.userId),
	]);
	return hal({
		id: lead.id,
		updated_at: lead.updated_at,
		_links: selfLink(req, `/api/v4/leads/${lead.id}`),
	});
}

interface StageChoice {
	pipeline: Pipeline;
	status: Status;
}

/** Where a write puts the lead: `status_id` alone finds its pipeline; 142/143 stay in the given or current one. */
function chooseStage(
	account: AccountState,
	item: Record<string, unknown>,
	errors: ItemErrors,
	current: { pipeline_id: number; status_id: number } | undefined,
): StageChoice | undefined {
	const pipelineId = checkInt(errors, item, 'pipeline_id');
	const statusId = checkInt(errors, item, 'status_id');
	if (pipelineId === undefined && statusId === undefined) {
		if (current) return undefined;
		const main = account.mainPipeline();
		return { pipeline: main, status: account.firstStatus(main) };
	}
	let pipeline: Pipeline | undefined;
	if (pipelineId !== undefined) {
		pipeline = account.pipeline(pipelineId);
		if (!pipeline) return void errors.notChoice('pipeline_id');
	} else if (statusId === WON || statusId === LOST) {
		pipeline = current ? account.pipeline(current.pipeline_id) : account.mainPipeline();
	} else {
		pipeline = account.pipelines.find((p) => p.statuses.some((s) => s.id === statusId));
	}
	if (!pipeline) return void errors.notChoice('status_id');
	if (statusId === undefined) return { pipeline, status: account.firstStatus(pipeline) };
	const status = pipeline.statuses.find((s) => s.id === statusId);
	// Leads reach the incoming ("unsorted") stage only through the unsorted API.
	if (!status || status.type === 1) return void errors.notChoice('status_id');
	return { pipeline, status };
}

function checkRequiredFields(
	account: AccountState,
	lead: Pick<Lead, 'custom_fields_values'>,
	stage: StageChoice,
	errors: ItemErrors,
) {
	for (const field of account.fields('leads')) {
		const required = field.required_statuses.some(
			(r) => r.pipeline_id === stage.pipeline.id && r.status_id === stage.status.id,
		);
		if (required && !hasValue(lead.custom_fields_values, field.id)) {
			errors.add(
				'custom_fields_values',
				'FieldRequired',
				`Field "${field.name}" is required for status ${stage.status.id}`,
			);
		}
	}
}

function commonChecks(account: AccountState, item: Record<string, unknown>, errors: ItemErrors) {
	checkString(errors, item, 'name');
	const price = checkInt(errors, item, 'price');
	if (price !== undefined && price < 0) errors.notChoice('price');
	const responsible = checkInt(errors, item, 'responsible_user_id');
	if (responsible !== undefined && !account.users.has(responsible))
		errors.notChoice('responsible_user_id');
	const reason = item.loss_reason_id;
	if (
		reason !== undefined &&
		reason !== null &&
		!account.lossReasons.some((r) => r.id === Number(reason))
	)
		errors.notChoice('loss_reason_id');
	for (const key of ['created_at', 'updated_at', 'closed_at', 'created_by', 'updated_by'])
		checkInt(errors, item, key);
}

export function prepareLeadCreate(
	account: AccountState,
	item: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
): () => Lead {
	commonChecks(account, item, errors);
	const stage = chooseStage(account, item, errors, undefined);
	const fields = prepareFieldValues(account, 'leads', item.custom_fields_values, errors);
	const tags = prepareTags(account, 'leads', item, errors);
	const embedded = isRecord(item._embedded) ? item._embedded : {};
	const contactRefs = Array.isArray(embedded.contacts) ? embedded.contacts.filter(isRecord) : [];
	contactRefs.forEach((ref, i) => {
		if (!account.contacts.has(Number(ref.id))) errors.notChoice(`_embedded.contacts.${i}.id`);
	});
	const companyRefs = Array.isArray(embedded.companies) ? embedded.companies.filter(isRecord) : [];
	companyRefs.forEach((ref, i) => {
		if (!account.companies.has(Number(ref.id))) errors.notChoice(`_embedded.companies.${i}.id`);
	});
	const customFields = fields ? fields(null) : null;
	if (stage) checkRequiredFields(account, { custom_fields_values: customFields }, stage, errors);
	return () => {
		const now = account.clock.now();
		const closed = stage!.status.id === WON || stage!.status.id === LOST;
		const lead: Lead = {
			id: account.nextId('leads'),
			name: typeof item.name === 'string' ? item.name : '',
			price: item.price !== undefined && item.price !== null ? Number(item.price) : 0,
			responsible_user_id:
				item.responsible_user_id !== undefined ? Number(item.responsible_user_id) : actorId,
			group_id: 0,
			status_id: stage!.status.id,
			pipeline_id: stage!.pipeline.id,
			loss_reason_id:
				stage!.status.id === LOST && item.loss_reason_id ? Number(item.loss_reason_id) : null,
			source_id: null,
			created_by: item.created_by !== undefined ? Number(item.created_by) : actorId,
			updated_by: item.updated_by !== undefined ? Number(item.updated_by) : actorId,
			created_at: item.created_at !== undefined ? Number(item.created_at) : now,
			updated_at: item.updated_at !== undefined ? Number(item.updated_at) : now,
			closed_at: closed ? (item.closed_at !== undefined ? Number(item.closed_at) : now) : null,
			is_deleted: false,
			score: null,
			labor_cost: null,
			custom_fields_values: customFields,
			tagIds: tags ? tags([]) : [],
			contacts: contactRefs.map((ref, i) => ({
				id: Number(ref.id),
				is_main: ref.is_main === true || (i === 0 && ref.is_main === undefined),
			})),
			companyIds: companyRefs.slice(0, 1).map((ref) => Number(ref.id)),
		};
		account.leads.set(lead.id, lead);
		account.recordEvent({
			type: 'lead_added',
			entity_id: lead.id,
			entity_type: 'lead',
			created_by: actorId,
			value_after: [],
			value_before: [],
		});
		account.changed({ entity: 'leads', action: 'add', id: lead.id });
		return lead;
	};
}

export function prepareLeadUpdate(
	account: AccountState,
	lead: Lead,
	item: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
): () => void {
	commonChecks(account, item, errors);
	const stage = chooseStage(account, item, errors, lead);
	const fields = prepareFieldValues(account, 'leads', item.custom_fields_values, errors);
	const tags = prepareTags(account, 'leads', item, errors);
	const nextFields = fields ? fields(lead.custom_fields_values) : lead.custom_fields_values;
	const target = stage ?? {
		pipeline: account.pipeline(lead.pipeline_id)!,
		status: account.status(lead.pipeline_id, lead.status_id)!,
	};
	if (stage && (stage.status.id !== lead.status_id || stage.pipeline.id !== lead.pipeline_id)) {
		checkRequiredFields(account, { custom_fields_values: nextFields }, stage, errors);
	}
	return () => {
		const now = account.clock.now();
		const before = {
			status_id: lead.status_id,
			pipeline_id: lead.pipeline_id,
			responsible_user_id: lead.responsible_user_id,
		};
		if (typeof item.name === 'string') lead.name = item.name;
		if (item.price !== undefined && item.price !== null) lead.price = Number(item.price);
		if (item.responsible_user_id !== undefined)
			lead.responsible_user_id = Number(item.responsible_user_id);
		lead.custom_fields_values = nextFields;
		if (tags) lead.tagIds = tags(lead.tagIds);
		const statusChanged =
			target.status.id !== lead.status_id || target.pipeline.id !== lead.pipeline_id;
		lead.status_id = target.status.id;
		lead.pipeline_id = target.pipeline.id;
		const closed = lead.status_id === WON || lead.status_id === LOST;
		if (statusChanged) lead.closed_at = closed ? now : null;
		if (item.closed_at !== undefined && closed) lead.closed_at = Number(item.closed_at);
		if (lead.status_id !== LOST) lead.loss_reason_id = null;
		else if (item.loss_reason_id !== undefined)
			lead.loss_reason_id = item.loss_reason_id === null ? null : Number(item.loss_reason_id);
		lead.updated_by = item.updated_by !== undefined ? Number(item.updated_by) : actorId;
		lead.updated_at = item.updated_at !== undefined ? Number(item.updated_at) : now;
		if (statusChanged) {
			account.recordEvent({
				type: 'lead_status_changed',
				entity_id: lead.id,
				entity_type: 'lead',
				created_by: actorId,
				value_before: [{ lead_status: { id: before.status_id, pipeline_id: before.pipeline_id } }],
				value_after: [{ lead_status: { id: lead.status_id, pipeline_id: lead.pipeline_id } }],
			});
			account.changed({
				entity: 'leads',
				action: 'status',
				id: lead.id,
				oldStatusId: before.status_id,
				oldPipelineId: before.pipeline_id,
			});
		}
		if (before.responsible_user_id !== lead.responsible_user_id) {
			account.recordEvent({
				type: 'entity_responsible_changed',
				entity_id: lead.id,
				entity_type: 'lead',
				created_by: actorId,
				value_before: [{ responsible_user: { id: before.responsible_user_id } }],
				value_after: [{ responsible_user: { id: lead.responsible_user_id } }],
			});
			account.changed({
				entity: 'leads',
				action: 'responsible',
				id: lead.id,
				oldResponsibleId: before.responsible_user_id,
			});
		}
		account.changed({ entity: 'leads', action: 'update', id: lead.id });
	};
}
