import type { AccountState } from '../account';
import { hal, noContent, type ApiRequest, type ApiResponse } from '../http';
import { idsOf, inRange, listPage, rangeOf, selfLink, sortBy, valuesOf, withOf } from '../listing';
import type { Company, Contact, EntityType } from '../model';
import type { Router } from '../router';
import {
	BatchValidator,
	batchOf,
	checkInt,
	checkString,
	isRecord,
	type ItemErrors,
} from '../validation';
import { fieldTexts, matchesFieldFilter, prepareFieldValues } from './fields';
import { looseMatch, queryOf } from './search';
import { prepareTags, tagsOut } from './tags';

/** Contacts and companies (§3.4): the same list/get/add/update shape; `query` is the loose search of §3.5. */
export function contactRoutes(router: Router) {
	for (const entity of ['contacts', 'companies'] as const) {
		router.get(`/api/v4/${entity}`, (req) => listPeople(req, entity));
		router.get(`/api/v4/${entity}/:id`, (req) => getPerson(req, entity));
		router.post(`/api/v4/${entity}`, (req) => addPeople(req, entity));
		router.patch(`/api/v4/${entity}`, (req) => updatePeople(req, entity));
		router.patch(`/api/v4/${entity}/:id`, (req) => updateOnePerson(req, entity));
	}
}

type Person = Contact | Company;
type PersonEntity = Extract<EntityType, 'contacts' | 'companies'>;

function store(account: AccountState, entity: PersonEntity): Map<number, Person> {
	return entity === 'contacts' ? account.contacts : account.companies;
}

export function personOut(
	account: AccountState,
	req: ApiRequest,
	entity: PersonEntity,
	person: Person,
	withs: Set<string>,
) {
	const embedded: Record<string, unknown> = { tags: tagsOut(account, entity, person.tagIds) };
	const out: Record<string, unknown> = {
		id: person.id,
		name: person.name,
	};
	if (entity === 'contacts') {
		const contact = person as Contact;
		out.first_name = contact.first_name;
		out.last_name = contact.last_name;
		embedded.companies = contact.companyIds.map((id) => ({
			id,
			_links: selfLink(req, `/api/v4/companies/${id}`),
		}));
	}
	if (withs.has('leads')) {
		const leads =
			entity === 'contacts'
				? account.leadsOfContact(person.id)
				: [...account.leads.values()].filter((l) => l.companyIds.includes(person.id));
		embedded.leads = leads
			.filter((l) => !l.is_deleted)
			.map((l) => ({ id: l.id, _links: selfLink(req, `/api/v4/leads/${l.id}`) }));
	}
	if (withs.has('contacts') && entity === 'companies') {
		const contacts = [...account.contacts.values()].filter((c) => c.companyIds.includes(person.id));
		embedded.contacts = contacts.map((c) => ({
			id: c.id,
			_links: selfLink(req, `/api/v4/contacts/${c.id}`),
		}));
	}
	Object.assign(out, {
		responsible_user_id: person.responsible_user_id,
		group_id: person.group_id,
		created_by: person.created_by,
		updated_by: person.updated_by,
		created_at: person.created_at,
		updated_at: person.updated_at,
		closest_task_at: account.closestTaskAt(entity, person.id),
		is_deleted: person.is_deleted,
		is_unsorted: false,
		custom_fields_values: person.custom_fields_values,
		account_id: account.id,
		_links: selfLink(req, `/api/v4/${entity}/${person.id}`),
		_embedded: embedded,
	});
	return out;
}

function listPeople(req: ApiRequest, entity: PersonEntity): ApiResponse {
	const { account, query } = req;
	const filter = isRecord(query.filter) ? query.filter : {};
	const ids = idsOf(filter.id);
	const names = valuesOf(filter.name).map((n) => n.toLowerCase());
	const createdBy = idsOf(filter.created_by);
	const updatedBy = idsOf(filter.updated_by);
	const responsible = idsOf(filter.responsible_user_id);
	const created = rangeOf(filter.created_at);
	const updated = rangeOf(filter.updated_at);
	const closestTask = rangeOf(filter.closest_task_at);
	const fieldFilter = account.isApiFilterEnabled ? filter.custom_fields_values : undefined;
	const text = queryOf(query);
	const withs = withOf(query);
	const found = [...store(account, entity).values()].filter((p) => {
		if (p.is_deleted) return false;
		if (ids && !ids.has(p.id)) return false;
		if (names.length && !names.includes(p.name.toLowerCase())) return false;
		if (createdBy && !createdBy.has(p.created_by)) return false;
		if (updatedBy && !updatedBy.has(p.updated_by)) return false;
		if (responsible && !responsible.has(p.responsible_user_id)) return false;
		if (!inRange(p.created_at, created) || !inRange(p.updated_at, updated)) return false;
		if (closestTask && !inRange(account.closestTaskAt(entity, p.id), closestTask)) return false;
		if (fieldFilter && !matchesFieldFilter(p.custom_fields_values, fieldFilter)) return false;
		if (text !== undefined && !looseMatch(searchTexts(p), text)) return false;
		return true;
	});
	const ordered = sortBy(found, query, ['created_at', 'updated_at', 'id']);
	return listPage(req, entity, ordered, {
		render: (p) => personOut(account, req, entity, p, withs),
	});
}

function searchTexts(person: Person): string[] {
	const names =
		'first_name' in person ? [person.name, person.first_name, person.last_name] : [person.name];
	return [...names, ...fieldTexts(person.custom_fields_values)];
}

function getPerson(req: ApiRequest, entity: PersonEntity): ApiResponse {
	const person = store(req.account, entity).get(Number(req.params.id));
	if (!person || person.is_deleted) return noContent();
	return hal(personOut(req.account, req, entity, person, withOf(req.query)));
}

function addPeople(req: ApiRequest, entity: PersonEntity): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) =>
		preparePersonCreate(req.account, entity, item, validator.item(i, item), req.identity!.userId),
	);
	const created = validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, `/api/v4/${entity}`),
		_embedded: {
			[entity]: created.map((p, i) => ({
				id: p.id,
				request_id: items[i].request_id !== undefined ? String(items[i].request_id) : String(i),
				_links: selfLink(req, `/api/v4/${entity}/${p.id}`),
			})),
		},
	});
}

function updatePeople(req: ApiRequest, entity: PersonEntity): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) => {
		const errors = validator.item(i, item);
		const person = store(req.account, entity).get(Number(item.id));
		if (!person || person.is_deleted) {
			errors.add('id', 'NotFound', 'Entity not found');
			return () => undefined;
		}
		return preparePersonUpdate(req.account, entity, person, item, errors, req.identity!.userId);
	});
	validator.applyAll(prepared);
	return hal({
		_links: selfLink(req, `/api/v4/${entity}`),
		_embedded: {
			[entity]: items.map((item) => {
				const person = store(req.account, entity).get(Number(item.id))!;
				const out: Record<string, unknown> = {
					id: person.id,
					name: person.name,
					updated_at: person.updated_at,
					_links: selfLink(req, `/api/v4/${entity}/${person.id}`),
				};
				if (item.request_id !== undefined) out.request_id = String(item.request_id);
				return out;
			}),
		},
	});
}

function updateOnePerson(req: ApiRequest, entity: PersonEntity): ApiResponse {
	const person = store(req.account, entity).get(Number(req.params.id));
	if (!person || person.is_deleted) return noContent();
	const item = isRecord(req.body) ? req.body : {};
	const validator = new BatchValidator();
	validator.applyAll([
		preparePersonUpdate(
			req.account,
			entity,
			person,
			item,
			validator.item(0, item),
			req.identity!.userId,
		),
	]);
	return hal({
		id: person.id,
		name: person.name,
		updated_at: person.updated_at,
		_links: selfLink(req, `/api/v4/${entity}/${person.id}`),
	});
}

function commonChecks(account: AccountState, item: Record<string, unknown>, errors: ItemErrors) {
	for (const key of ['name', 'first_name', 'last_name']) checkString(errors, item, key);
	const responsible = checkInt(errors, item, 'responsible_user_id');
	if (responsible !== undefined && !account.users.has(responsible))
		errors.notChoice('responsible_user_id');
	for (const key of ['created_at', 'updated_at', 'created_by', 'updated_by'])
		checkInt(errors, item, key);
}

function companyRefOf(
	account: AccountState,
	item: Record<string, unknown>,
	errors: ItemErrors,
): number[] | undefined {
	const embedded = isRecord(item._embedded) ? item._embedded : {};
	if (!Array.isArray(embedded.companies)) return undefined;
	const refs = embedded.companies.filter(isRecord);
	refs.forEach((ref, i) => {
		if (!account.companies.has(Number(ref.id))) errors.notChoice(`_embedded.companies.${i}.id`);
	});
	// A contact belongs to at most one company.
	return refs.slice(0, 1).map((ref) => Number(ref.id));
}

function displayName(item: Record<string, unknown>): string {
	if (typeof item.name === 'string' && item.name.trim()) return item.name;
	return [item.first_name, item.last_name]
		.filter((p) => typeof p === 'string' && p.trim())
		.join(' ');
}

export function preparePersonCreate(
	account: AccountState,
	entity: PersonEntity,
	item: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
): () => Person {
	commonChecks(account, item, errors);
	const fields = prepareFieldValues(account, entity, item.custom_fields_values, errors);
	const tags = prepareTags(account, entity, item, errors);
	const companies = entity === 'contacts' ? companyRefOf(account, item, errors) : undefined;
	return () => {
		const now = account.clock.now();
		const base = {
			id: account.nextId(entity),
			name: displayName(item),
			responsible_user_id:
				item.responsible_user_id !== undefined ? Number(item.responsible_user_id) : actorId,
			group_id: 0,
			created_by: item.created_by !== undefined ? Number(item.created_by) : actorId,
			updated_by: item.updated_by !== undefined ? Number(item.updated_by) : actorId,
			created_at: item.created_at !== undefined ? Number(item.created_at) : now,
			updated_at: item.updated_at !== undefined ? Number(item.updated_at) : now,
			is_deleted: false,
			custom_fields_values: fields ? fields(null) : null,
			tagIds: tags ? tags([]) : [],
		};
		const person: Person =
			entity === 'contacts'
				? {
						...base,
						first_name: typeof item.first_name === 'string' ? item.first_name : '',
						last_name: typeof item.last_name === 'string' ? item.last_name : '',
						companyIds: companies ?? [],
					}
				: base;
		store(account, entity).set(person.id, person);
		account.changed({ entity, action: 'add', id: person.id });
		return person;
	};
}

export function preparePersonUpdate(
	account: AccountState,
	entity: PersonEntity,
	person: Person,
	item: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
): () => void {
	commonChecks(account, item, errors);
	const fields = prepareFieldValues(account, entity, item.custom_fields_values, errors);
	const tags = prepareTags(account, entity, item, errors);
	const companies = entity === 'contacts' ? companyRefOf(account, item, errors) : undefined;
	return () => {
		const beforeResponsible = person.responsible_user_id;
		if ('first_name' in person) {
			if (typeof item.first_name === 'string') person.first_name = item.first_name;
			if (typeof item.last_name === 'string') person.last_name = item.last_name;
			if (companies) person.companyIds = companies;
		}
		if (typeof item.name === 'string') person.name = item.name;
		else if (
			'first_name' in person &&
			(item.first_name !== undefined || item.last_name !== undefined)
		) {
			person.name = [person.first_name, person.last_name].filter(Boolean).join(' ');
		}
		if (item.responsible_user_id !== undefined)
			person.responsible_user_id = Number(item.responsible_user_id);
		if (fields) person.custom_fields_values = fields(person.custom_fields_values);
		if (tags) person.tagIds = tags(person.tagIds);
		person.updated_by = item.updated_by !== undefined ? Number(item.updated_by) : actorId;
		person.updated_at =
			item.updated_at !== undefined ? Number(item.updated_at) : account.clock.now();
		if (beforeResponsible !== person.responsible_user_id) {
			account.changed({
				entity,
				action: 'responsible',
				id: person.id,
				oldResponsibleId: beforeResponsible,
			});
		}
		account.changed({ entity, action: 'update', id: person.id });
	};
}
