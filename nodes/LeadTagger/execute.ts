import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import { readPath } from '../shared/funnel/fieldPath';
import type { LeadClass } from '../shared/funnel/lead';
import { normalizeName } from '../shared/funnel/name';
import {
	classifyByBudgetAndUrgency,
	parseAnswer,
	scoreLead,
	type Criterion,
} from '../shared/funnel/qualification';
import { AGENCY_TAG_PRESET } from '../shared/funnel/tagging/agencyPreset';
import {
	compileTagRules,
	decideTags,
	type TagCondition,
	type TagRule,
} from '../shared/funnel/tagging/tagRules';
import { mergeTags, parseTags, tagKey } from '../shared/funnel/tagging/tags';
import { errorItem } from '../shared/n8n/crmErrors';
import { itemFrom } from '../shared/n8n/items';
import { writeFieldsToCrm, writeTagsToCrm, type CrmTagOutcome } from './crmTags';

interface TaggerOptions {
	explain?: boolean;
	ignoreCase?: boolean;
	tagsField?: string;
}

/**
 * What the tagger decided for one item. Decisions are made for every item before any request is built; then, with
 * a CRM chosen, crmTags.ts adds the tags to each item's deal in one batched call.
 */
export interface TaggingDecision {
	itemIndex: number;
	/** The lead's tags after tagging: the ones it had plus the added ones, each once. */
	tags: string[];
	/** Tags this run added (for a CRM writer: add only these). */
	added: string[];
	score: number | null;
	class: LeadClass | null;
	explanation: IDataObject;
}

const CLASS_TAGS = ['A', 'B', 'C'];

export async function executeLeadTagger(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const decisions: Array<TaggingDecision | { itemIndex: number; error: string }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			decisions.push(decideForItem.call(this, items[i].json, i));
		} catch (error) {
			if (!this.continueOnFail())
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			decisions.push({ itemIndex: i, error: (error as Error).message });
		}
	}
	const decided = decisions.filter((d): d is TaggingDecision => !('error' in d));
	const withCrm = this.getNodeParameter('crm', 0, 'none') !== 'none';
	const written = withCrm
		? await writeTagsToCrm.call(this, decided)
		: new Map<number, CrmTagOutcome>();
	// Fields go to the deals whose tags did not fail.
	const filled = withCrm
		? await writeFieldsToCrm.call(
				this,
				decided.map((d) => d.itemIndex).filter((i) => !('error' in (written.get(i) ?? {}))),
			)
		: new Map<number, CrmTagOutcome>();
	const failed = [...written.values(), ...filled.values()].find(
		(o): o is { error: NodeApiError | NodeOperationError } => 'error' in o,
	);
	if (failed && !this.continueOnFail()) throw failed.error;
	return [
		decisions.map((decision) => {
			const outcome = written.get(decision.itemIndex);
			if (outcome && 'error' in outcome) return errorItem(outcome.error, decision.itemIndex);
			const fields = filled.get(decision.itemIndex);
			if (fields && 'error' in fields) return errorItem(fields.error, decision.itemIndex);
			const item = emit(
				items[decision.itemIndex].json,
				decision,
				this.getNodeParameter('options', decision.itemIndex, {}) as TaggerOptions,
			);
			if (outcome) item.json.crmTags = outcome.json;
			if (fields) item.json.crmFields = fields.json;
			return item;
		}),
	];
}

function decideForItem(this: IExecuteFunctions, lead: IDataObject, i: number): TaggingDecision {
	const options = this.getNodeParameter('options', i, {}) as TaggerOptions;
	const existing = parseTags(readPath(lead, options.tagsField || 'tags'));

	const rules = [
		...(this.getNodeParameter('preset', i, 'none') === 'agency' ? AGENCY_TAG_PRESET : []),
		...tableRules.call(this, i),
	];
	const compiled = compileTagRules(rules, { ignoreCase: options.ignoreCase ?? true });
	if (!compiled.ok) {
		throw new NodeOperationError(
			this.getNode(),
			`Tag rule ${compiled.index + 1 - presetCount.call(this, i)} is not usable: ${compiled.reason}`,
			{
				itemIndex: i,
				description:
					'Fix the rule in the Tag Rules table: each rule needs a field, a condition, a value where the condition takes one, and tags.',
			},
		);
	}
	const byRules = decideTags(lead, compiled.rules);
	let tags = mergeTags(existing, byRules.tags);
	const explanation: IDataObject = { rules: byRules.matched as unknown as IDataObject[] };

	let score: number | null = null;
	let leadClass: LeadClass | null = null;
	const qualification = this.getNodeParameter('qualification', i, 'none') as string;
	if (qualification === 'scoring') {
		const criteria = (
			this.getNodeParameter('criteria.criterion', i, []) as Array<{
				name: string;
				points: unknown;
				weight?: number;
			}>
		).map((c): Criterion => ({ name: c.name, points: c.points, weight: c.weight ?? 1 }));
		const result = scoreLead(criteria, {
			a: this.getNodeParameter('thresholdA', i) as number,
			b: this.getNodeParameter('thresholdB', i) as number,
		});
		if (!result.ok) {
			throw new NodeOperationError(this.getNode(), `Cannot score this lead: ${result.reason}`, {
				itemIndex: i,
				description:
					"Each criterion's points must be a number from 1 to 5 (or empty when unknown), weights 0 or more, and B From Score not above A From Score.",
			});
		}
		score = result.score;
		leadClass = result.class;
		explanation.qualification = result.reason;
	} else if (qualification === 'budgetUrgency') {
		const result = classifyByBudgetAndUrgency(
			parseAnswer(this.getNodeParameter('budget', i, '')),
			parseAnswer(this.getNodeParameter('urgency', i, '')),
		);
		leadClass = result.class;
		explanation.qualification = result.reason;
	}
	if (leadClass && (this.getNodeParameter('addClassTag', i, true) as boolean)) {
		// A lead is one class at a time: a re-qualified B → A loses its B tag on the item.
		tags = mergeTags(
			tags.filter(
				(t) => !CLASS_TAGS.includes(t.trim().toUpperCase()) || t.trim().toUpperCase() === leadClass,
			),
			[leadClass],
		);
	}

	const manager = normalizeName(this.getNodeParameter('managerTag', i, ''));
	if (manager) tags = mergeTags(tags, [manager]);

	const before = new Set(existing.map(tagKey));
	return {
		itemIndex: i,
		tags,
		added: tags.filter((t) => !before.has(tagKey(t))),
		score,
		class: leadClass,
		explanation,
	};
}

function tableRules(this: IExecuteFunctions, i: number): TagRule[] {
	const rows = this.getNodeParameter('rules.rule', i, []) as Array<{
		field: string;
		condition: TagCondition;
		value?: string;
		tags: string;
	}>;
	return rows.map((row) => ({
		field: row.field,
		condition: row.condition,
		value: row.value ?? '',
		tags: row.tags,
	}));
}

function presetCount(this: IExecuteFunctions, i: number): number {
	return this.getNodeParameter('preset', i, 'none') === 'agency' ? AGENCY_TAG_PRESET.length : 0;
}

function emit(
	lead: IDataObject,
	decision: TaggingDecision | { itemIndex: number; error: string },
	options: TaggerOptions,
): INodeExecutionData {
	if ('error' in decision) return itemFrom({ ...lead, error: decision.error }, decision.itemIndex);
	const json: IDataObject = {
		...lead,
		tags: decision.tags,
		score: decision.score ?? (lead.score as number | null) ?? null,
		class: decision.class ?? (lead.class as string | null) ?? null,
	};
	if (options.explain ?? true) json.tagging = { added: decision.added, ...decision.explanation };
	return itemFrom(json, decision.itemIndex);
}
