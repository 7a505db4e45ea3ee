import { forbidden } from '../errors';
import { hal, noContent, type ApiRequest, type ApiResponse } from '../http';
import { idsOf, listPage, selfLink, valuesOf, withOf } from '../listing';
import type { CustomField, EntityType, Pipeline, User } from '../model';
import type { Router } from '../router';
import { BatchValidator, batchOf, isRecord } from '../validation';
import { looseMatch, queryOf } from './search';

/** The account's reference data: account, users, pipelines and statuses, loss reasons, custom fields, tags. */
export function catalogRoutes(router: Router) {
	router.get('/api/v4/account', getAccount);
	router.get('/api/v4/users', listUsers);
	router.get('/api/v4/users/:id', getUser);
	router.get('/api/v4/leads/pipelines', listPipelines);
	router.get('/api/v4/leads/pipelines/:id', getPipeline);
	router.get('/api/v4/leads/pipelines/:pipelineId/statuses', listStatuses);
	router.get('/api/v4/leads/pipelines/:pipelineId/statuses/:id', getStatus);
	router.get('/api/v4/leads/loss_reasons', listLossReasons);
	router.get('/api/v4/leads/loss_reasons/:id', getLossReason);
	for (const entity of ['leads', 'contacts', 'companies'] as const) {
		router.get(`/api/v4/${entity}/custom_fields`, (req) => listFields(req, entity));
		router.get(`/api/v4/${entity}/custom_fields/:id`, (req) => getField(req, entity));
		router.get(`/api/v4/${entity}/tags`, (req) => listTags(req, entity));
		router.post(`/api/v4/${entity}/tags`, (req) => addTags(req, entity));
	}
}

function getAccount(req: ApiRequest): ApiResponse {
	const { account } = req;
	const withs = withOf(req.query);
	const body: Record<string, unknown> = {
		id: account.id,
		name: account.name,
		subdomain: account.subdomain,
		created_at: 1_577_836_800,
		created_by: account.currentUserId,
		updated_at: 1_577_836_800,
		updated_by: account.currentUserId,
		current_user_id: req.identity!.userId,
		country: account.country,
		currency: account.currency,
		currency_symbol: account.currency === 'RUB' ? '₽' : '$',
		customers_mode: 'disabled',
		is_unsorted_on: true,
		mobile_feature_version: 0,
		is_loss_reason_enabled: true,
		is_helpbot_enabled: false,
		is_technical_account: false,
		contact_name_display_order: 1,
		_links: selfLink(req, '/api/v4/account'),
	};
	if (withs.has('amojo_id')) body.amojo_id = `amojo-${account.id}`;
	if (withs.has('uuid'))
		body.uuid = `00000000-0000-4000-8000-${String(account.id).padStart(12, '0')}`;
	if (withs.has('version')) body.version = 1;
	if (withs.has('is_api_filter_enabled')) body.is_api_filter_enabled = account.isApiFilterEnabled;
	const embedded: Record<string, unknown> = {};
	if (withs.has('task_types')) embedded.task_types = account.taskTypes;
	if (withs.has('users_groups'))
		embedded.users_groups = [{ id: 0, name: 'Отдел продаж', uuid: null }];
	if (withs.has('datetime_settings')) {
		embedded.datetime_settings = {
			date_pattern: 'd.m.Y H:i',
			short_date_pattern: 'd.m.Y',
			short_time_pattern: 'H:i',
			date_format: 'd.m.Y',
			time_format: 'H:i:s',
			timezone: 'Europe/Moscow',
			timezone_offset: '+03:00',
		};
	}
	if (Object.keys(embedded).length) body._embedded = embedded;
	return hal(body);
}

function userOut(req: ApiRequest, user: User, withs: Set<string>) {
	const all = { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' };
	const out: Record<string, unknown> = {
		id: user.id,
		name: user.name,
		email: user.email,
		lang: user.lang,
		rights: {
			leads: all,
			contacts: all,
			companies: all,
			tasks: { edit: 'A', delete: 'A' },
			mail_access: true,
			catalog_access: true,
			is_admin: user.is_admin,
			is_free: user.is_free === true,
			is_active: user.is_active,
			group_id: user.group_id || null,
			role_id: null,
			status_rights: [],
		},
		_links: selfLink(req, `/api/v4/users/${user.id}`),
	};
	if (withs.has('group'))
		out._embedded = { groups: [{ id: user.group_id, name: 'Отдел продаж' }], roles: [] };
	return out;
}

/** `/users` needs an admin's token (§3.13; unverified upstream, reproduced here). */
function requireAdmin(req: ApiRequest) {
	if (!req.account.users.get(req.identity!.userId)?.is_admin) throw forbidden('Access denied');
}

function listUsers(req: ApiRequest): ApiResponse {
	requireAdmin(req);
	const withs = withOf(req.query);
	return listPage(
		req,
		'users',
		[...req.account.users.values()].map((u) => userOut(req, u, withs)),
		{ totals: true },
	);
}

function getUser(req: ApiRequest): ApiResponse {
	requireAdmin(req);
	const user = req.account.users.get(Number(req.params.id));
	return user ? hal(userOut(req, user, withOf(req.query))) : noContent();
}

function pipelineOut(req: ApiRequest, pipeline: Pipeline) {
	return {
		id: pipeline.id,
		name: pipeline.name,
		sort: pipeline.sort,
		is_main: pipeline.is_main,
		is_unsorted_on: pipeline.is_unsorted_on,
		is_archive: pipeline.is_archive,
		account_id: req.account.id,
		_links: selfLink(req, `/api/v4/leads/pipelines/${pipeline.id}`),
		_embedded: { statuses: pipeline.statuses.map((s) => statusOut(req, pipeline, s)) },
	};
}

function statusOut(req: ApiRequest, pipeline: Pipeline, status: Pipeline['statuses'][number]) {
	return {
		...status,
		_links: selfLink(req, `/api/v4/leads/pipelines/${pipeline.id}/statuses/${status.id}`),
	};
}

function listPipelines(req: ApiRequest): ApiResponse {
	const pipelines = [...req.account.pipelines].sort((a, b) => a.sort - b.sort);
	return hal({
		_total_items: pipelines.length,
		_links: selfLink(req, '/api/v4/leads/pipelines'),
		_embedded: { pipelines: pipelines.map((p) => pipelineOut(req, p)) },
	});
}

function getPipeline(req: ApiRequest): ApiResponse {
	const pipeline = req.account.pipeline(Number(req.params.id));
	return pipeline ? hal(pipelineOut(req, pipeline)) : noContent();
}

function listStatuses(req: ApiRequest): ApiResponse {
	const pipeline = req.account.pipeline(Number(req.params.pipelineId));
	if (!pipeline) return noContent();
	return hal({
		_total_items: pipeline.statuses.length,
		_links: selfLink(req, `/api/v4/leads/pipelines/${pipeline.id}/statuses`),
		_embedded: { statuses: pipeline.statuses.map((s) => statusOut(req, pipeline, s)) },
	});
}

function getStatus(req: ApiRequest): ApiResponse {
	const pipeline = req.account.pipeline(Number(req.params.pipelineId));
	const status = pipeline?.statuses.find((s) => s.id === Number(req.params.id));
	return pipeline && status ? hal(statusOut(req, pipeline, status)) : noContent();
}

function listLossReasons(req: ApiRequest): ApiResponse {
	const reasons = [...req.account.lossReasons].sort((a, b) => a.sort - b.sort);
	return listPage(
		req,
		'loss_reasons',
		reasons.map((r) => ({ ...r, _links: selfLink(req, `/api/v4/leads/loss_reasons/${r.id}`) })),
		{ totals: true, defaultLimit: 250 },
	);
}

function getLossReason(req: ApiRequest): ApiResponse {
	const reason = req.account.lossReasons.find((r) => r.id === Number(req.params.id));
	return reason
		? hal({ ...reason, _links: selfLink(req, `/api/v4/leads/loss_reasons/${reason.id}`) })
		: noContent();
}

function fieldOut(req: ApiRequest, field: CustomField) {
	return {
		id: field.id,
		name: field.name,
		type: field.type,
		account_id: req.account.id,
		code: field.code,
		sort: field.sort,
		is_api_only: field.is_api_only,
		enums: field.enums,
		group_id: null,
		required_statuses: field.required_statuses,
		is_deletable: field.is_deletable,
		is_predefined: field.is_predefined,
		entity_type: field.entity_type,
		remind: null,
		triggers: [],
		currency: null,
		hidden_statuses: [],
		_links: selfLink(req, `/api/v4/${field.entity_type}/custom_fields/${field.id}`),
	};
}

function listFields(req: ApiRequest, entity: EntityType): ApiResponse {
	const filter = isRecord(req.query.filter) ? req.query.filter : {};
	const types = valuesOf(filter.type);
	const fields = req.account.fields(entity).filter((f) => !types.length || types.includes(f.type));
	return listPage(
		req,
		'custom_fields',
		fields.map((f) => fieldOut(req, f)),
		{ totals: true },
	);
}

function getField(req: ApiRequest, entity: EntityType): ApiResponse {
	const field = req.account.fields(entity).find((f) => f.id === Number(req.params.id));
	return field ? hal(fieldOut(req, field)) : noContent();
}

function listTags(req: ApiRequest, entity: EntityType): ApiResponse {
	const filter = isRecord(req.query.filter) ? req.query.filter : {};
	const name = valuesOf(filter.name)[0]?.toLowerCase();
	const ids = idsOf(filter.id);
	const text = queryOf(req.query);
	const tags = [...req.account.tags[entity].values()].filter(
		(t) =>
			(!name || t.name.toLowerCase() === name) &&
			(!ids || ids.has(t.id)) &&
			(text === undefined || looseMatch([t.name], text)),
	);
	return listPage(
		req,
		'tags',
		tags.map((t) => ({ id: t.id, name: t.name, color: t.color })),
	);
}

function addTags(req: ApiRequest, entity: EntityType): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) => {
		const errors = validator.item(i, item);
		if (typeof item.name !== 'string' || !item.name.trim()) errors.blank('name');
		return () => {
			const color = entity === 'leads' && typeof item.color === 'string' ? item.color : null;
			const tag = req.account.tagByName(entity, String(item.name), color);
			return {
				...tag,
				request_id: item.request_id !== undefined ? String(item.request_id) : String(i),
			};
		};
	});
	const created = validator.applyAll(prepared);
	return hal({
		_total_items: created.length,
		_links: selfLink(req, `/api/v4/${entity}/tags`),
		_embedded: { tags: created },
	});
}
