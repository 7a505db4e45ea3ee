/**
 * The one stage picker of both CRM nodes: a Pipeline, then a Stage of that pipeline — each picked from a list
 * filled from the account, typed by name, or given by ID. Names keep a workflow portable between accounts (IDs
 * differ from account to account); the stage list follows the pipeline chosen beside it, and shows every stage as
 * "Pipeline > Stage" while none is chosen.
 */
import type {
	IDisplayOptions,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { nameKey, resolvePipeline } from '../crm/stages';
import type { CrmPipeline, CrmStage } from '../crm/types';

export interface LocatorOptions {
	/** The parameter's name as saved workflows store it. */
	name: string;
	displayName: string;
	description: string;
	namePlaceholder: string;
	idPlaceholder: string;
	/** The editor's check of a typed ID, where the CRM's IDs have one form (amoCRM: digits). */
	idPattern?: { regex: string; errorMessage: string };
	required?: boolean;
	displayOptions?: IDisplayOptions;
}

/** A parameter filled from the account: From List (searchable), By Name, By ID. */
export function accountLocator(searchListMethod: string, o: LocatorOptions): INodeProperties {
	return {
		displayName: o.displayName,
		name: o.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: o.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: o.namePlaceholder },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: o.idPlaceholder,
				...(o.idPattern
					? { validation: [{ type: 'regex' as const, properties: o.idPattern }] }
					: {}),
			},
		],
		...(o.required ? { required: true } : {}),
		...(o.displayOptions ? { displayOptions: o.displayOptions } : {}),
	};
}

export function pipelinePicker(o: LocatorOptions): INodeProperties {
	return accountLocator('searchPipelines', o);
}

export function stagePicker(o: LocatorOptions): INodeProperties {
	return accountLocator('searchStages', o);
}

const MEANING: Record<CrmStage['semantics'], string> = {
	open: 'in progress',
	won: 'success',
	lost: 'failure',
};

function matching(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const wanted = filter ? nameKey(filter) : '';
	return {
		results: wanted
			? items.filter((i) => nameKey(i.name).includes(wanted) || String(i.value) === filter)
			: items,
	};
}

/** The pipelines, for searchPipelines. */
export function pipelineList(
	pipelines: CrmPipeline[],
	filter?: string,
	urlOf?: (pipeline: CrmPipeline) => string,
): INodeListSearchResult {
	return matching(
		pipelines.map((p) => ({
			name: p.name,
			value: p.id,
			description: `${p.stages.length} stages${p.isMain ? ' · main pipeline' : ''}`,
			...(urlOf ? { url: urlOf(p) } : {}),
		})),
		filter,
	);
}

/**
 * The stages of the chosen pipeline (by its name or ID), or every stage as "Pipeline > Stage" while none is chosen
 * — then `qualify` makes each value name its pipeline where stage IDs repeat between pipelines (amoCRM's won/lost).
 */
export function stageList(
	pipelines: CrmPipeline[],
	chosenPipeline: string,
	filter: string | undefined,
	qualify: (pipeline: CrmPipeline, stage: CrmStage) => string = (_p, s) => s.id,
): INodeListSearchResult {
	const chosen = chosenPipeline ? resolvePipeline(pipelines, chosenPipeline) : undefined;
	const describe = (s: CrmStage) => `${s.id} · ${MEANING[s.semantics]}`;
	if (chosen?.ok)
		return matching(
			chosen.value.stages.map((s) => ({ name: s.name, value: s.id, description: describe(s) })),
			filter,
		);
	return matching(
		pipelines.flatMap((p) =>
			p.stages.map((s) => ({
				name: `${p.name} > ${s.name}`,
				value: qualify(p, s),
				description: describe(s),
			})),
		),
		filter,
	);
}

/** A resource locator's current value in a list search (the pipeline chosen beside the stage). */
export function currentLocatorValue(ctx: ILoadOptionsFunctions, name: string): string {
	try {
		const value = ctx.getCurrentNodeParameter(name, { extractValue: true });
		return value === undefined || value === null ? '' : String(value).trim();
	} catch {
		return '';
	}
}
