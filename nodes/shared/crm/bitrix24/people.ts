/**
 * People on Bitrix24: contacts (and, on the lead funnel, leads) found by phone or e-mail with their deals, and
 * contacts merged with crm.entity.mergeBatch.
 */
import type { ContactMatch, CrmDeal, ItemResult } from '../types';
import { searchPeople } from './contactSearch';
import { fieldsFrom, findLossReasonField, findTagsField, type EntityFields } from './fieldInfo';
import { dealFunnelsFrom, leadFunnelFrom } from './funnels';
import { toText } from './parse';
import {
	contactFromRow,
	dealFromItem,
	dealFromLead,
	dealSelect,
	leadSelect,
	type ParseContext,
} from './records';
import { mergeReconciler } from './reconcile';
import { failure, type Bitrix24Scope } from './scope';

/**
 * People whose phone or e-mail equals a key exactly. The lookups, the records found, their deals and the funnels
 * that name the deals' stages are packed into as few batches as they fit (contactSearch.ts): 1,000 phones take
 * two requests.
 */
export async function findContacts(
	scope: Bitrix24Scope,
	keys: { phones?: string[]; emails?: string[] },
): Promise<ContactMatch[]> {
	const runner = await scope.runner();
	const known = scope.knownFields();
	const cached = known ? await known : undefined;
	const selects = (answer: unknown) => selectsFor(scope, cached ?? fieldsFrom(answer));
	const found = await searchPeople(runner, keys, {
		entity: scope.entity,
		knownFields: cached !== undefined,
		wantFunnels: !scope.funnelsKnown(),
		dealSelect: (answer) => selects(answer).deal,
		leadSelect: (answer) => selects(answer).lead,
		nationalForms: scope.options.nationalPhoneLookups ?? true,
	});
	if (found.fieldsAnswer !== undefined && !known) scope.adoptFields(fieldsFrom(found.fieldsAnswer));
	if (found.funnels && !scope.funnelsKnown()) {
		const { categories, stagesByEntity } = found.funnels;
		scope.adoptFunnels(
			categories
				? dealFunnelsFrom(categories, stagesByEntity)
				: leadFunnelFrom(stagesByEntity.get('STATUS') ?? []),
		);
	}
	if (found.hits.length === 0) return [];
	const ctx = await scope.parseContext();
	const rank = (d: CrmDeal) => (d.semantics === 'open' ? 0 : 1);
	const dealsOf = new Map<string, CrmDeal[]>();
	for (const deal of found.dealRows.map((row) => dealFromItem(row, ctx))) {
		for (const contactId of deal.contactIds)
			dealsOf.set(contactId, [...(dealsOf.get(contactId) ?? []), deal]);
	}
	for (const list of dealsOf.values())
		list.sort((a, b) => rank(a) - rank(b) || b.updatedAt.localeCompare(a.updatedAt));
	return found.hits.map(({ key, keyType, entity, row }) => {
		const id = toText(row.ID);
		const deals =
			entity === 'CONTACT'
				? (dealsOf.get(id) ?? [])
				: scope.entity === 'lead'
					? [dealFromLead(row, ctx)]
					: [];
		return {
			key,
			keyType,
			entity: entity === 'CONTACT' ? ('contact' as const) : ('lead' as const),
			contact: contactFromRow(
				row,
				deals.map((d) => d.id),
			),
			deals,
		};
	});
}

/** What deals and leads are read with, given the portal's fields. */
function selectsFor(
	scope: Bitrix24Scope,
	fields: EntityFields,
): { deal: string[]; lead: string[] } {
	const tags = findTagsField(fields, scope.options.tagsField);
	const ctx: ParseContext = {
		portalUrl: '',
		tagsField: tags.ok ? tags.field : undefined,
		lossReasonField:
			scope.entity === 'deal'
				? findLossReasonField(fields, scope.options.lossReasonField)
				: undefined,
	};
	return {
		deal: dealSelect(ctx),
		lead: [...new Set([...leadSelect(ctx), 'PHONE', 'EMAIL', 'NAME', 'SECOND_NAME', 'LAST_NAME'])],
	};
}

export async function mergeContacts(
	scope: Bitrix24Scope,
	groups: Array<{ keepId: string; mergeIds: string[] }>,
): Promise<Array<ItemResult<{ status: 'merged' | 'conflict' }>>> {
	const runner = await scope.runner();
	const outcomes = await runner.run(
		groups.map((g) => ({
			method: 'crm.entity.mergeBatch',
			params: {
				params: {
					entityTypeId: 3,
					entityIds: [g.keepId, ...g.mergeIds.filter((id) => id !== g.keepId)].map(Number),
				},
			},
			reconcile: mergeReconciler,
		})),
	);
	return outcomes.map((o) => {
		if (!o.ok) return failure(o.error);
		const status = toText((o.value as { STATUS?: unknown })?.STATUS);
		if (status === 'SUCCESS') return { ok: true, value: { status: 'merged' as const } };
		if (status === 'CONFLICT') return { ok: true, value: { status: 'conflict' as const } };
		return failure({
			message: `mergeBatch answered ${status || 'nothing'}`,
			code: status || 'ERROR',
		});
	});
}
