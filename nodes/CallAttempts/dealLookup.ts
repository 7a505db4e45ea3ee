/**
 * The deal each call belongs to: the one a CRM call record is attached to, by the ID the item carries (one getDeals
 * for all items), or by the client's number
 * (one findContacts for all numbers) — the client's open deal, in the chosen pipeline when one is set, the most
 * recently updated first. A client with only closed deals gets the latest closed one: the decision is still made,
 * but nothing in the CRM is changed (see followUp.ts).
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { resolvePipeline } from '../shared/crm/stages';
import type { CrmDeal, CrmPipeline, FunnelCrm } from '../shared/crm/types';
import { crmCallError } from '../shared/n8n/funnelCrmErrors';
import { itemParameter } from './itemParameter';
import type { CallAttemptsSettings } from './settings';
import type { CallWork, ItemFailure } from './work';

export type DealFound =
	{ ok: true; deal: CrmDeal } | { ok: false; reason: string; description: string };

async function dealsByIds(crm: FunnelCrm, ids: string[]): Promise<Map<string, DealFound>> {
	const deals = await crm.getDeals([...new Set(ids)]);
	return new Map(
		ids.map((id) => {
			const deal = deals.get(id);
			const found: DealFound = deal
				? { ok: true, deal }
				: {
						ok: false,
						reason: `No deal with ID "${id}" in the CRM`,
						description:
							'Check the Deal ID expression: it must give the ID of an existing deal (an amoCRM lead, a Bitrix24 deal or lead).',
					};
			return [id, found];
		}),
	);
}

async function dealsByPhones(
	crm: FunnelCrm,
	phones: string[],
	pipeline: CrmPipeline | null,
): Promise<Map<string, DealFound>> {
	const unique = [...new Set(phones)];
	const matches = unique.length ? await crm.findContacts({ phones: unique }) : [];
	const result = new Map<string, DealFound>();
	for (const phone of unique) {
		const found = matches.filter((m) => m.key === phone);
		const deals = uniqueDeals(found.flatMap((m) => m.deals)).filter(
			(d) => !pipeline || d.pipelineId === pipeline.id,
		);
		const deal = pickDeal(deals);
		if (deal) result.set(phone, { ok: true, deal });
		else if (found.length === 0) {
			result.set(phone, {
				ok: false,
				reason: `No contact with the phone ${phone} in the CRM`,
				description:
					'The call is not from or to a known client. Create the contact and deal first, or pass the Deal ID.',
			});
		} else {
			result.set(phone, {
				ok: false,
				reason: `The contact with the phone ${phone} has no deal${pipeline ? ` in the pipeline "${pipeline.name}"` : ''}`,
				description: pipeline
					? "Clear the Pipeline parameter to take the client's deal in any pipeline, or pass the Deal ID."
					: 'Create a deal for the client, or pass the Deal ID.',
			});
		}
	}
	return result;
}

function uniqueDeals(deals: CrmDeal[]): CrmDeal[] {
	const byId = new Map<string, CrmDeal>();
	for (const deal of deals) byId.set(deal.id, deal);
	return [...byId.values()];
}

/** The open deal changed last, else the closed deal changed last. */
export function pickDeal(deals: CrmDeal[]): CrmDeal | null {
	const sorted = [...deals].sort(
		(a, b) =>
			Number(a.semantics !== 'open') - Number(b.semantics !== 'open') ||
			b.updatedAt.localeCompare(a.updatedAt),
	);
	return sorted[0] ?? null;
}

/** Attaches each call's deal; a call without one becomes a failure of its item. Returns the calls with a deal. */
export async function findDeals(
	ctx: IExecuteFunctions,
	crm: FunnelCrm,
	work: CallWork[],
	settings: CallAttemptsSettings,
	failures: ItemFailure[],
): Promise<CallWork[]> {
	const node = ctx.getNode();
	const byId = new Map<CallWork, string>();
	const byPhone = new Map<CallWork, string>();
	const dealId = settings.dealLookup === 'id' ? itemParameter(ctx, 'dealId', '') : () => '';
	for (const w of work) {
		// A call from the CRM itself (a call note, a call activity) names its deal.
		const attached =
			w.call.attachedTo?.entity === settings.dealEntity ? w.call.attachedTo.id : null;
		let key: string;
		try {
			key =
				attached ??
				(settings.dealLookup === 'id'
					? String(dealId(w.index) ?? '').trim()
					: (w.call.clientPhone ?? ''));
		} catch (error) {
			failures.push({
				index: w.index,
				error: new NodeOperationError(node, error as Error, { itemIndex: w.index }),
			});
			continue;
		}
		if (key) (attached || settings.dealLookup === 'id' ? byId : byPhone).set(w, key);
		else if (settings.dealLookup === 'id') {
			failures.push({
				index: w.index,
				error: new NodeOperationError(node, 'No deal ID', {
					itemIndex: w.index,
					description:
						"The Deal ID expression gave nothing for this item: map the field that holds the deal's ID.",
				}),
			});
		} else {
			failures.push({
				index: w.index,
				error: new NodeOperationError(
					node,
					'The call result has no client phone to find the deal by',
					{
						itemIndex: w.index,
						description:
							'Set "Find the Deal By" to Deal ID and map the deal\'s ID, or map the client\'s number (Custom Mapping).',
					},
				),
			});
		}
	}
	let foundById: Map<string, DealFound>;
	let foundByPhone: Map<string, DealFound>;
	try {
		foundById = byId.size ? await dealsByIds(crm, [...byId.values()]) : new Map();
		foundByPhone = byPhone.size
			? await dealsByPhones(
					crm,
					[...byPhone.values()],
					settings.pipeline ? await pipelineNamed(ctx, crm, settings.pipeline) : null,
				)
			: new Map();
	} catch (error) {
		throw crmCallError(node, error);
	}
	const ready: CallWork[] = [];
	for (const w of work) {
		const deal = byId.has(w)
			? foundById.get(byId.get(w)!)
			: byPhone.has(w)
				? foundByPhone.get(byPhone.get(w)!)
				: undefined;
		if (!deal) continue;
		if (deal.ok) ready.push({ ...w, deal: deal.deal });
		else
			failures.push({
				index: w.index,
				error: new NodeOperationError(node, deal.reason, {
					itemIndex: w.index,
					description: deal.description,
				}),
			});
	}
	return ready;
}

async function pipelineNamed(
	ctx: IExecuteFunctions,
	crm: FunnelCrm,
	name: string,
): Promise<CrmPipeline> {
	const pipeline = resolvePipeline(await crm.listPipelines(), name);
	if (!pipeline.ok)
		throw new NodeOperationError(ctx.getNode(), `Pipeline: ${pipeline.reason}`, {
			description:
				"Choose the pipeline from the list, or clear it to take the client's deal in any pipeline.",
		});
	return pipeline.value;
}
