/** Dropdowns filled from the portal: stages (of the chosen pipeline), statuses, tags, reasons, sources, fields. */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { connectBitrix24, createBitrix24Funnel } from '../../shared/crm/bitrix24';
import { loadFields } from '../../shared/crm/bitrix24/fieldInfo';
import { listAll } from '../../shared/crm/bitrix24/paging';
import { toText } from '../../shared/crm/bitrix24/parse';

type Entity = 'lead' | 'deal' | 'contact' | 'company';

function currentEntity(this: ILoadOptionsFunctions): Entity {
	const resource = String(this.getCurrentNodeParameter('resource') ?? 'deal');
	return resource === 'lead' || resource === 'contact' || resource === 'company'
		? resource
		: 'deal';
}

function funnelEntity(this: ILoadOptionsFunctions): 'lead' | 'deal' {
	return currentEntity.call(this) === 'lead' ? 'lead' : 'deal';
}

function chosenCategory(this: ILoadOptionsFunctions): string {
	try {
		const value = this.getCurrentNodeParameter('category', { extractValue: true });
		return value === undefined || value === null ? '' : String(value).trim();
	} catch {
		return '';
	}
}

const SEMANTIC_WORD = { open: 'in progress', won: 'success', lost: 'failure' } as const;

export async function getLeadStatuses(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const [leads] = await createBitrix24Funnel(this, { entity: 'lead' }).listPipelines();
	return leads.stages.map((s) => ({
		name: s.name,
		value: s.id,
		description: `${s.id} · ${SEMANTIC_WORD[s.semantics]}`,
	}));
}

export async function getDealStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pipelines = await createBitrix24Funnel(this, { entity: 'deal' }).listPipelines();
	const chosen = chosenCategory.call(this);
	const scope = pipelines.filter(
		(p) => !chosen || p.id === chosen || p.name.toLowerCase() === chosen.toLowerCase(),
	);
	return (scope.length ? scope : pipelines).flatMap((p) =>
		p.stages.map((s) => ({
			name: scope.length === 1 ? s.name : `${p.name} > ${s.name}`,
			value: s.id,
			description: `${s.id} · ${SEMANTIC_WORD[s.semantics]}`,
		})),
	);
}

export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pipelines = await createBitrix24Funnel(this, { entity: 'deal' }).listPipelines();
	return pipelines.map((p) => ({
		name: p.name,
		value: p.id,
		description: `${p.stages.length} stages${p.isMain ? ' · default pipeline' : ''}`,
	}));
}

export async function getLossReasons(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const entity = funnelEntity.call(this);
	const funnel = createBitrix24Funnel(this, { entity });
	const [reasons, pipelines, field] = await Promise.all([
		funnel.listLossReasons(),
		funnel.listPipelines(),
		funnel.lossReasonField(),
	]);
	const chosen = entity === 'deal' ? chosenCategory.call(this) : '';
	const name = (pipelineId?: string) => pipelines.find((p) => p.id === pipelineId)?.name ?? '';
	return reasons
		.filter((r) => !r.pipelineId || !chosen || r.pipelineId === chosen)
		.map((r) => ({
			name: r.stageId
				? entity === 'deal' && !chosen
					? `${name(r.pipelineId)} > ${r.name}`
					: r.name
				: `${field?.label ?? 'Reason'}: ${r.name}`,
			value: r.id,
			description: r.stageId
				? `Failure stage ${r.stageId}`
				: `Value ${r.id} of ${field?.name ?? 'the loss-reason field'}; the record goes to its pipeline's lost stage`,
		}));
}

export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const options = (this.getCurrentNodeParameter('options') ?? {}) as { tagsField?: string };
	const field = await createBitrix24Funnel(this, {
		entity: funnelEntity.call(this),
		tagsField: options.tagsField || undefined,
	}).tagsField(true);
	return (field?.items ?? []).map((i) => ({
		name: i.value,
		value: i.value,
		description: `${field!.label} · value ${i.id}`,
	}));
}

export async function getListFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { runner } = await connectBitrix24(this);
	const fields = await loadFields(runner, funnelEntity.call(this));
	return [...fields.lists.values()].map((f) => ({
		name: `${f.label} (${f.name})`,
		value: f.name,
		description: `${f.multiple ? 'Multiple' : 'Single'} list of ${f.items.length} values`,
	}));
}

export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { runner } = await connectBitrix24(this);
	const fields = await loadFields(runner, currentEntity.call(this));
	return [...fields.labels.entries()]
		.map(([name, label]) => ({ name: label === name ? name : `${label} (${name})`, value: name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { runner } = await connectBitrix24(this);
	const rows = await listAll(runner, 'crm.status.list', {
		filter: { ENTITY_ID: 'SOURCE' },
		order: { SORT: 'ASC' },
	});
	return rows.map((r) => ({ name: toText(r.NAME), value: toText(r.STATUS_ID) }));
}
