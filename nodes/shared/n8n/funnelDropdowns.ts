/**
 * Dropdowns of the funnel nodes, filled from the account of the CRM chosen on the node. Values are **names**, not
 * ids: a template keeps working when imported into another account whose pipelines and stages are named the same
 * (ids differ from account to account). A name repeated in several pipelines appears once; the node resolves it
 * in the deal's own pipeline.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { nameKey } from '../crm/stages';
import { getFunnelCrm } from '../crm';
import { withCrmErrors } from './crmErrors';

export async function getPipelineNames(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const crm = getFunnelCrm(this);
	if (!crm) return [];
	const pipelines = await crm.listPipelines();
	return pipelines.map((p) => ({
		name: p.isMain ? `${p.name} (main)` : p.name,
		value: p.name,
		description: `${p.stages.length} stages; ID ${p.id}`,
	}));
}

/** Every stage name of the account, each once, saying which pipelines have it. */
export async function getStageNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const crm = getFunnelCrm(this);
	if (!crm) return [];
	const byName = new Map<string, { name: string; pipelines: string[] }>();
	for (const pipeline of await crm.listPipelines()) {
		for (const stage of pipeline.stages) {
			const key = nameKey(stage.name);
			const known = byName.get(key) ?? { name: stage.name, pipelines: [] };
			known.pipelines.push(pipeline.name);
			byName.set(key, known);
		}
	}
	return [...byName.values()].map((s) => ({
		name: s.name,
		value: s.name,
		description: `In ${s.pipelines.join(', ')}`,
	}));
}

/** Loss reasons by name (Bitrix24: failure stages and the reason list field, each name once). */
export async function getLossReasonNames(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const crm = getFunnelCrm(this);
	if (!crm) return [];
	const seen = new Set<string>();
	const options: INodePropertyOptions[] = [];
	for (const reason of await crm.listLossReasons()) {
		if (seen.has(nameKey(reason.name))) continue;
		seen.add(nameKey(reason.name));
		options.push({ name: reason.name, value: reason.name });
	}
	return options;
}

export const funnelDropdowns = withCrmErrors({
	getPipelineNames,
	getStageNames,
	getLossReasonNames,
});
