import type { AccountState } from '../account';
import { hal, noContent, type ApiRequest, type ApiResponse } from '../http';
import { selfLink, valuesOf } from '../listing';
import type { EntityType } from '../model';
import type { Router } from '../router';
import { BatchValidator, batchOf, isRecord, type ItemErrors } from '../validation';

const ENTITIES: EntityType[] = ['leads', 'contacts', 'companies'];

interface LinkRow {
	entity_id: number;
	entity_type: EntityType;
	to_entity_id: number;
	to_entity_type: EntityType;
	metadata: Record<string, unknown> | null;
}

/** Links between leads, contacts and companies (§3.11): list, link, unlink, per entity or in mass. */
export function linkRoutes(router: Router) {
	for (const entity of ENTITIES) {
		router.get(`/api/v4/${entity}/links`, (req) => listMass(req, entity));
		router.get(`/api/v4/${entity}/:entityId/links`, (req) => listOne(req, entity));
		router.post(`/api/v4/${entity}/link`, (req) => change(req, entity, undefined, 'link'));
		router.post(`/api/v4/${entity}/unlink`, (req) => change(req, entity, undefined, 'unlink'));
		router.post(`/api/v4/${entity}/:entityId/link`, (req) =>
			change(req, entity, Number(req.params.entityId), 'link'),
		);
		router.post(`/api/v4/${entity}/:entityId/unlink`, (req) =>
			change(req, entity, Number(req.params.entityId), 'unlink'),
		);
	}
}

function linksOf(account: AccountState, entity: EntityType, id: number): LinkRow[] {
	const rows: LinkRow[] = [];
	const push = (to: EntityType, toId: number, metadata: Record<string, unknown> | null = null) =>
		rows.push({
			entity_id: id,
			entity_type: entity,
			to_entity_id: toId,
			to_entity_type: to,
			metadata,
		});
	if (entity === 'leads') {
		const lead = account.leads.get(id);
		for (const c of lead?.contacts ?? []) push('contacts', c.id, { main_contact: c.is_main });
		for (const companyId of lead?.companyIds ?? []) push('companies', companyId);
	} else if (entity === 'contacts') {
		for (const lead of account.leadsOfContact(id))
			push('leads', lead.id, {
				main_contact: lead.contacts.find((c) => c.id === id)?.is_main ?? false,
			});
		for (const companyId of account.contacts.get(id)?.companyIds ?? [])
			push('companies', companyId);
	} else {
		for (const lead of account.leads.values())
			if (lead.companyIds.includes(id)) push('leads', lead.id);
		for (const contact of account.contacts.values())
			if (contact.companyIds.includes(id)) push('contacts', contact.id);
	}
	return rows;
}

function exists(account: AccountState, entity: EntityType, id: number): boolean {
	const map =
		entity === 'leads'
			? account.leads
			: entity === 'contacts'
				? account.contacts
				: account.companies;
	const found = map.get(id);
	return Boolean(found && !found.is_deleted);
}

function listOne(req: ApiRequest, entity: EntityType): ApiResponse {
	const id = Number(req.params.entityId);
	if (!exists(req.account, entity, id)) return noContent();
	const filter = isRecord(req.query.filter) ? req.query.filter : {};
	const toIds = valuesOf(filter.to_entity_id).map(Number);
	const toType = valuesOf(filter.to_entity_type)[0];
	const rows = linksOf(req.account, entity, id).filter(
		(r) =>
			(!toIds.length || toIds.includes(r.to_entity_id)) && (!toType || r.to_entity_type === toType),
	);
	if (rows.length === 0) return noContent();
	return hal({
		_total_items: rows.length,
		_links: selfLink(req, req.path),
		_embedded: { links: rows },
	});
}

function listMass(req: ApiRequest, entity: EntityType): ApiResponse {
	const filter = isRecord(req.query.filter) ? req.query.filter : {};
	const ids = valuesOf(filter.entity_id).map(Number);
	const rows = ids.flatMap((id) =>
		exists(req.account, entity, id) ? linksOf(req.account, entity, id) : [],
	);
	if (rows.length === 0) return noContent();
	return hal({
		_total_items: rows.length,
		_links: selfLink(req, req.path),
		_embedded: { links: rows },
	});
}

function prepareLink(
	account: AccountState,
	entity: EntityType,
	id: number,
	item: Record<string, unknown>,
	errors: ItemErrors,
	mode: 'link' | 'unlink',
) {
	if (!exists(account, entity, id)) errors.notChoice('entity_id');
	const toType = String(item.to_entity_type ?? '') as EntityType;
	const toId = Number(item.to_entity_id);
	if (!ENTITIES.includes(toType) || toType === entity) errors.notChoice('to_entity_type');
	else if (!exists(account, toType, toId)) errors.notChoice('to_entity_id');
	const metadata = isRecord(item.metadata) ? item.metadata : null;
	return (): LinkRow => {
		const pair = [
			{ type: entity, id },
			{ type: toType, id: toId },
		];
		const lead = pair.find((p) => p.type === 'leads');
		const contact = pair.find((p) => p.type === 'contacts');
		const company = pair.find((p) => p.type === 'companies');
		if (lead && contact) {
			const record = account.leads.get(lead.id)!;
			record.contacts = record.contacts.filter((c) => c.id !== contact.id);
			if (mode === 'link') {
				const isMain =
					metadata?.is_main === true ||
					metadata?.main_contact === true ||
					record.contacts.length === 0;
				if (isMain) record.contacts = record.contacts.map((c) => ({ ...c, is_main: false }));
				record.contacts.push({ id: contact.id, is_main: isMain });
			} else if (record.contacts.length > 0 && !record.contacts.some((c) => c.is_main)) {
				record.contacts[0].is_main = true;
			}
			account.changed({ entity: 'leads', action: 'update', id: lead.id });
		} else if (lead && company) {
			const record = account.leads.get(lead.id)!;
			record.companyIds =
				mode === 'link' ? [company.id] : record.companyIds.filter((c) => c !== company.id);
		} else if (contact && company) {
			const record = account.contacts.get(contact.id)!;
			record.companyIds =
				mode === 'link' ? [company.id] : record.companyIds.filter((c) => c !== company.id);
		}
		return {
			entity_id: id,
			entity_type: entity,
			to_entity_id: toId,
			to_entity_type: toType,
			metadata,
		};
	};
}

function change(
	req: ApiRequest,
	entity: EntityType,
	entityId: number | undefined,
	mode: 'link' | 'unlink',
): ApiResponse {
	const items = batchOf(req.body);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) =>
		prepareLink(
			req.account,
			entity,
			entityId ?? Number(item.entity_id),
			item,
			validator.item(i, item),
			mode,
		),
	);
	const rows = validator.applyAll(prepared);
	if (mode === 'unlink') return noContent();
	return hal({
		_total_items: rows.length,
		_links: selfLink(req, req.path),
		_embedded: { links: rows },
	});
}
