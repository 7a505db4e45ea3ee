import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { createAmoCrmFunnel } from '../../shared/crm/amocrm';
import type { FieldEntity } from '../../shared/crm/amocrm/catalog';

/** Dropdowns filled from the account: pipelines, stages (as "Pipeline > Stage"), users, loss reasons, fields. */

export async function getPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pipelines = await createAmoCrmFunnel(this).listPipelines();
	return pipelines.map((p) => ({ name: p.isMain ? `${p.name} (main)` : p.name, value: p.id }));
}

export async function getAllStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pipelines = await createAmoCrmFunnel(this).listPipelines();
	return pipelines.flatMap((p) =>
		p.stages.map((s) => ({ name: `${p.name} > ${s.name}`, value: `${p.id}:${s.id}` })),
	);
}

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const users = await createAmoCrmFunnel(this).listUsers();
	return users
		.filter((u) => u.active)
		.map((u) => ({ name: u.email ? `${u.name} (${u.email})` : u.name, value: u.id }));
}

export async function getLossReasons(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const reasons = await createAmoCrmFunnel(this).listLossReasons();
	return reasons.map((r) => ({ name: r.name, value: r.id }));
}

async function fieldsOf(
	ctx: ILoadOptionsFunctions,
	entity: FieldEntity,
): Promise<INodePropertyOptions[]> {
	const fields = await createAmoCrmFunnel(ctx).catalog.customFields(entity);
	return fields.map((f) => ({
		name: `${f.name}${f.code ? ` (${f.code})` : ''}`,
		value: String(f.id),
		description: `Type: ${f.type}${f.enums?.length ? `; options: ${f.enums.map((e) => e.value).join(', ')}` : ''}`,
	}));
}

export async function getLeadFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return fieldsOf(this, 'leads');
}

export async function getContactFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return fieldsOf(this, 'contacts');
}

export async function getCompanyFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return fieldsOf(this, 'companies');
}

export const loadOptions = {
	getPipelines,
	getAllStages,
	getUsers,
	getLossReasons,
	getLeadFields,
	getContactFields,
	getCompanyFields,
};
