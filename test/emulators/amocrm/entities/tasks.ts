import type { AccountState } from '../account';
import { hal, noContent, type ApiRequest, type ApiResponse } from '../http';
import { idsOf, listPage, rangeOf, inRange, selfLink, sortBy, valuesOf } from '../listing';
import type { EntityType, Task } from '../model';
import type { Router } from '../router';
import {
	BatchValidator,
	batchOf,
	checkInt,
	checkString,
	isRecord,
	type ItemErrors,
} from '../validation';

const TASK_ENTITIES: EntityType[] = ['leads', 'contacts', 'companies'];

/** Tasks (§3.9): a responsible user and a deadline are required; completing = `is_completed` + `result.text`. */
export function taskRoutes(router: Router) {
	router.get('/api/v4/tasks', listTasks);
	router.get('/api/v4/tasks/:id', getTask);
	router.post('/api/v4/tasks', addTasks);
	router.patch('/api/v4/tasks', updateTasks);
	router.patch('/api/v4/tasks/:id', updateOneTask);
}

function taskOut(account: AccountState, req: ApiRequest, task: Task) {
	return {
		id: task.id,
		created_by: task.created_by,
		updated_by: task.updated_by,
		created_at: task.created_at,
		updated_at: task.updated_at,
		responsible_user_id: task.responsible_user_id,
		group_id: task.group_id,
		entity_id: task.entity_id,
		entity_type: task.entity_type,
		duration: task.duration,
		is_completed: task.is_completed,
		task_type_id: task.task_type_id,
		text: task.text,
		result: task.result ?? [],
		complete_till: task.complete_till,
		account_id: account.id,
		_links: selfLink(req, `/api/v4/tasks/${task.id}`),
	};
}

function listTasks(req: ApiRequest): ApiResponse {
	const { account, query } = req;
	const filter = isRecord(query.filter) ? query.filter : {};
	const ids = idsOf(filter.id);
	const responsible = idsOf(filter.responsible_user_id);
	const types = idsOf(filter.task_type);
	const entityTypes = valuesOf(filter.entity_type);
	const entityIds = entityTypes.length ? idsOf(filter.entity_id) : undefined;
	const completed =
		filter.is_completed === undefined
			? undefined
			: ['1', 'true'].includes(String(valuesOf(filter.is_completed)[0]));
	const updated = rangeOf(filter.updated_at);
	const found = [...account.tasks.values()].filter(
		(t) =>
			(!ids || ids.has(t.id)) &&
			(!responsible || responsible.has(t.responsible_user_id)) &&
			(!types || types.has(t.task_type_id)) &&
			(!entityTypes.length || (t.entity_type !== null && entityTypes.includes(t.entity_type))) &&
			(!entityIds || (t.entity_id !== null && entityIds.has(t.entity_id))) &&
			(completed === undefined || t.is_completed === completed) &&
			inRange(t.updated_at, updated),
	);
	const ordered = sortBy(found, query, ['created_at', 'complete_till', 'id']);
	return listPage(req, 'tasks', ordered, { render: (t) => taskOut(account, req, t) });
}

function getTask(req: ApiRequest): ApiResponse {
	const task = req.account.tasks.get(Number(req.params.id));
	return task ? hal(taskOut(req.account, req, task)) : noContent();
}

function entityExists(account: AccountState, type: EntityType, id: number): boolean {
	const map =
		type === 'leads' ? account.leads : type === 'contacts' ? account.contacts : account.companies;
	const entity = map.get(id);
	return Boolean(entity && !entity.is_deleted);
}

function checkTask(
	account: AccountState,
	item: Record<string, unknown>,
	errors: ItemErrors,
	creating: boolean,
) {
	const text = checkString(errors, item, 'text');
	if (creating && (text === undefined || !text.trim())) errors.blank('text');
	const till = checkInt(errors, item, 'complete_till');
	if (creating && till === undefined && !errors.errors.some((e) => e.path === 'complete_till'))
		errors.blank('complete_till');
	const responsible = checkInt(errors, item, 'responsible_user_id');
	if (responsible !== undefined && !account.users.has(responsible))
		errors.notChoice('responsible_user_id');
	const type = checkInt(errors, item, 'task_type_id');
	if (type !== undefined && !account.taskTypes.some((t) => t.id === type))
		errors.notChoice('task_type_id');
	checkInt(errors, item, 'duration');
	if (item.entity_type !== undefined || item.entity_id !== undefined) {
		const entityType = String(item.entity_type) as EntityType;
		if (!TASK_ENTITIES.includes(entityType)) errors.notChoice('entity_type');
		else if (!entityExists(account, entityType, Number(item.entity_id)))
			errors.notChoice('entity_id');
	}
	if (item.result !== undefined && item.result !== null && !isRecord(item.result))
		errors.wrongType('result', 'array');
}

function prepareTaskCreate(
	account: AccountState,
	item: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
): () => Task {
	checkTask(account, item, errors, true);
	return () => {
		const now = account.clock.now();
		const task: Task = {
			id: account.nextId('tasks'),
			created_by: actorId,
			updated_by: actorId,
			created_at: item.created_at !== undefined ? Number(item.created_at) : now,
			updated_at: now,
			responsible_user_id:
				item.responsible_user_id !== undefined ? Number(item.responsible_user_id) : actorId,
			group_id: 0,
			entity_id: item.entity_id !== undefined ? Number(item.entity_id) : null,
			entity_type: item.entity_type !== undefined ? (String(item.entity_type) as EntityType) : null,
			is_completed: item.is_completed === true,
			task_type_id: item.task_type_id !== undefined ? Number(item.task_type_id) : 1,
			text: String(item.text),
			duration: item.duration !== undefined ? Number(item.duration) : 0,
			complete_till: Number(item.complete_till),
			result:
				isRecord(item.result) && typeof item.result.text === 'string'
					? { text: item.result.text }
					: null,
		};
		account.tasks.set(task.id, task);
		account.changed({ entity: 'task', action: 'add', id: task.id });
		return task;
	};
}

function prepareTaskUpdate(
	account: AccountState,
	task: Task,
	item: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
): () => void {
	checkTask(account, item, errors, false);
	return () => {
		if (typeof item.text === 'string') task.text = item.text;
		if (item.complete_till !== undefined) task.complete_till = Number(item.complete_till);
		if (item.responsible_user_id !== undefined)
			task.responsible_user_id = Number(item.responsible_user_id);
		if (item.task_type_id !== undefined) task.task_type_id = Number(item.task_type_id);
		if (item.duration !== undefined) task.duration = Number(item.duration);
		if (item.is_completed !== undefined)
			task.is_completed = item.is_completed === true || item.is_completed === 1;
		if (isRecord(item.result) && typeof item.result.text === 'string')
			task.result = { text: item.result.text };
		if (item.entity_type !== undefined) {
			task.entity_type = String(item.entity_type) as EntityType;
			task.entity_id = Number(item.entity_id);
		}
		task.updated_by = actorId;
		task.updated_at = account.clock.now();
		account.changed({ entity: 'task', action: 'update', id: task.id });
	};
}

function addTasks(req: ApiRequest): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) =>
		prepareTaskCreate(req.account, item, validator.item(i, item), req.identity!.userId),
	);
	const created = validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, '/api/v4/tasks'),
		_embedded: {
			tasks: created.map((task, i) => ({
				id: task.id,
				request_id: items[i].request_id !== undefined ? String(items[i].request_id) : String(i),
				_links: selfLink(req, `/api/v4/tasks/${task.id}`),
			})),
		},
	});
}

function updateTasks(req: ApiRequest): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) => {
		const errors = validator.item(i, item);
		const task = req.account.tasks.get(Number(item.id));
		if (!task) {
			errors.add('id', 'NotFound', 'Entity not found');
			return () => undefined;
		}
		return prepareTaskUpdate(req.account, task, item, errors, req.identity!.userId);
	});
	validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, '/api/v4/tasks'),
		_embedded: {
			tasks: items.map((item) => {
				const task = req.account.tasks.get(Number(item.id))!;
				const out: Record<string, unknown> = {
					id: task.id,
					updated_at: task.updated_at,
					_links: selfLink(req, `/api/v4/tasks/${task.id}`),
				};
				if (item.request_id !== undefined) out.request_id = String(item.request_id);
				return out;
			}),
		},
	});
}

function updateOneTask(req: ApiRequest): ApiResponse {
	const task = req.account.tasks.get(Number(req.params.id));
	if (!task) return noContent();
	const item = isRecord(req.body) ? req.body : {};
	const validator = new BatchValidator();
	validator.applyAll([
		prepareTaskUpdate(req.account, task, item, validator.item(0, item), req.identity!.userId),
	]);
	return hal({
		id: task.id,
		updated_at: task.updated_at,
		_links: selfLink(req, `/api/v4/tasks/${task.id}`),
	});
}
