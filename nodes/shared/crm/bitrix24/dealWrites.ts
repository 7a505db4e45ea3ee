/**
 * Deals (or leads) created and updated in batches. A new contact and its deal go in the same batch
 * (createDeals.ts); every create carries our ORIGINATOR_ID/ORIGIN_ID so a lost answer is found again, never
 * doubled. Updates move deals across pipelines in one crm.item.update and fill the loss-reason field.
 */
import { randomUUID } from 'node:crypto';

import { stageWithSemantics } from '../stages';
import type { CrmDeal, DealUpdate, ItemResult, NewDeal } from '../types';
import type { Command } from './commands';
import { createDealsWithContacts, pairedContactOrigin } from './createDeals';
import { funnelOfStage } from './funnels';
import { createdByOrigin, ORIGINATOR } from './reconcile';
import { failure, type Bitrix24Scope } from './scope';

function splitName(name: string): { NAME: string; LAST_NAME?: string } {
	const parts = name.trim().split(/\s+/);
	return parts.length > 1
		? { NAME: parts[0], LAST_NAME: parts.slice(1).join(' ') }
		: { NAME: name.trim() };
}

/** Legacy UPPER_CASE field names for crm.item.*; user fields keep their names (useOriginalUfNames). */
export function itemFieldName(name: string): string {
	if (/^UF_/i.test(name) || /^[a-z]/.test(name)) return name;
	const special: Record<string, string> = {
		ASSIGNED_BY_ID: 'assignedById',
		STAGE_ID: 'stageId',
		CATEGORY_ID: 'categoryId',
		CONTACT_IDS: 'contactIds',
	};
	if (special[name]) return special[name];
	return name.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export async function createDeals(
	scope: Bitrix24Scope,
	items: NewDeal[],
): Promise<Array<ItemResult<{ dealId: string; contactId: string | null }>>> {
	const runner = await scope.runner();
	const results: Array<ItemResult<{ dealId: string; contactId: string | null }> | undefined> =
		new Array(items.length);
	const prepared: Array<{
		index: number;
		fields: Record<string, unknown>;
		contactId: string | null;
		newContact?: Record<string, unknown>;
	}> = [];
	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		const place = await scope.resolvePlacement(item.pipelineId, item.stageId);
		if (!place.ok) {
			results[i] = failure({ message: place.error, code: 'STAGE_NOT_FOUND' });
			continue;
		}
		const tags = await scope.resolveTagValues(item.tags ?? []);
		if (!tags.ok) {
			results[i] = failure({ message: tags.error, code: 'TAG_NOT_FOUND' });
			continue;
		}
		const origin = item.externalId ? String(item.externalId) : `n8n-${randomUUID()}`;
		const fields: Record<string, unknown> = {
			TITLE: item.name,
			ORIGINATOR_ID: ORIGINATOR,
			ORIGIN_ID: origin,
			...(item.responsibleUserId ? { ASSIGNED_BY_ID: item.responsibleUserId } : {}),
			...(item.price !== undefined && item.price !== null ? { OPPORTUNITY: item.price } : {}),
			...Object.fromEntries(
				Object.entries(item.utm ?? {})
					.filter(([, v]) => v)
					.map(([k, v]) => [`UTM_${k.toUpperCase()}`, v]),
			),
			...(place.categoryId !== undefined ? { CATEGORY_ID: place.categoryId } : {}),
			...(place.stageId
				? { [scope.entity === 'deal' ? 'STAGE_ID' : 'STATUS_ID']: place.stageId }
				: {}),
			...(tags.ids.length ? { [(await scope.tagsField(true))!.name]: tags.ids } : {}),
			...(item.fields ?? {}),
		};
		const contact = item.contact;
		const existing = contact && 'id' in contact ? String(contact.id) : null;
		const fresh = contact && !('id' in contact) ? contact : undefined;
		let newContact: Record<string, unknown> | undefined;
		if (fresh) {
			const person = {
				...splitName(fresh.name || item.name),
				...(fresh.phone ? { PHONE: [{ VALUE: fresh.phone, VALUE_TYPE: 'WORK' }] } : {}),
				...(fresh.email ? { EMAIL: [{ VALUE: fresh.email, VALUE_TYPE: 'WORK' }] } : {}),
				...(fresh.responsibleUserId || item.responsibleUserId
					? { ASSIGNED_BY_ID: fresh.responsibleUserId ?? item.responsibleUserId }
					: {}),
			};
			// A lead holds the person itself; a deal links a contact created first.
			if (scope.entity === 'lead') Object.assign(fields, person);
			else newContact = { ...person, ...pairedContactOrigin(origin) };
		}
		if (existing)
			Object.assign(
				fields,
				scope.entity === 'deal' ? { CONTACT_IDS: [existing] } : { CONTACT_ID: existing },
			);
		prepared.push({ index: i, fields, contactId: existing, newContact });
	}

	// A new contact and its deal go in the same batch (see createDeals.ts); the rest are deals alone.
	const paired = prepared.filter((p) => p.newContact);
	const pairOutcomes = await createDealsWithContacts(
		runner,
		paired.map((p) => ({ contact: p.newContact as Record<string, unknown>, deal: p.fields })),
	);
	paired.forEach((p, i) => {
		const outcome = pairOutcomes[i];
		if (outcome.ok) p.contactId = outcome.contactId;
		results[p.index] = outcome.ok
			? { ok: true, value: { dealId: outcome.dealId, contactId: outcome.contactId } }
			: failure(outcome.error);
	});
	const alone = prepared.filter((p) => !p.newContact);
	const method = `crm.${scope.entity}.add`;
	const created = await runner.run(
		alone.map((p) => ({
			method,
			params: { fields: p.fields, params: { REGISTER_SONET_EVENT: 'N' } },
			reconcile: createdByOrigin(scope.entity),
		})),
	);
	alone.forEach((p, i) => {
		const outcome = created[i];
		results[p.index] = outcome.ok
			? { ok: true, value: { dealId: String(outcome.value), contactId: p.contactId } }
			: failure(outcome.error);
	});

	const noted = prepared.filter((p) => results[p.index]?.ok && items[p.index].note);
	if (noted.length) {
		const notes = await scope.addNotes(
			noted.map((p) => ({
				dealId: (results[p.index] as { value: { dealId: string } }).value.dealId,
				text: String(items[p.index].note),
			})),
		);
		// A deal whose note failed still exists: report the deal, keep the note's error visible.
		notes.forEach((n, i) => {
			if (!n.ok)
				results[noted[i].index] = failure({
					message: `The ${scope.entity} was created (id ${(results[noted[i].index] as { value: { dealId: string } }).value.dealId}) but its note failed: ${n.error.message}`,
					code: 'NOTE_FAILED',
				});
		});
	}
	return results as Array<ItemResult<{ dealId: string; contactId: string | null }>>;
}

export async function updateDeals(
	scope: Bitrix24Scope,
	items: DealUpdate[],
): Promise<Array<ItemResult<{ dealId: string }>>> {
	const runner = await scope.runner();
	const results: Array<ItemResult<{ dealId: string }> | undefined> = new Array(items.length);
	const pipelines = await scope.listPipelines();
	// The deal fields (a request of their own) matter only to updates that carry a loss reason.
	const reasonField = items.some((u) => u.lossReasonId) ? await scope.lossReasonField() : undefined;
	// A loss reason from the list field without a stage: the deal's own pipeline decides the lost stage.
	const needCategory = items.filter(
		(u) =>
			u.lossReasonId &&
			!u.stageId &&
			!pipelines.some((p) => p.stages.some((s) => s.id === u.lossReasonId)),
	);
	const current = needCategory.length
		? await scope.getDeals(needCategory.map((u) => u.id))
		: new Map<string, CrmDeal>();
	const commands: Array<{ index: number; command: Command }> = [];
	for (let i = 0; i < items.length; i++) {
		const update = items[i];
		let stageId = update.stageId;
		let reasonValue: string | undefined;
		if (update.lossReasonId) {
			const asStage = pipelines
				.flatMap((p) => p.stages)
				.find((s) => s.id === update.lossReasonId && s.semantics === 'lost');
			if (asStage) stageId ??= asStage.id;
			else if (reasonField?.items.some((r) => r.id === update.lossReasonId)) {
				reasonValue = update.lossReasonId;
				if (!stageId) {
					const pipeline = pipelines.find(
						(p) => p.id === (update.pipelineId ?? current.get(update.id)?.pipelineId),
					);
					stageId = pipeline ? stageWithSemantics(pipeline, 'lost')?.id : undefined;
					if (!stageId) {
						results[i] = failure({
							message: `Deal ${update.id} was not found or its pipeline has no lost stage`,
							code: 'RECORD_NOT_FOUND',
						});
						continue;
					}
				}
			} else {
				results[i] = failure({
					message: `No loss reason "${update.lossReasonId}"`,
					code: 'REASON_NOT_FOUND',
				});
				continue;
			}
		}
		const place = stageId
			? await scope.resolvePlacement(update.pipelineId, stageId)
			: await scope.resolvePlacement(update.pipelineId, undefined);
		if (!place.ok) {
			results[i] = failure({ message: place.error, code: 'STAGE_NOT_FOUND' });
			continue;
		}
		if (scope.entity === 'deal') {
			const fields: Record<string, unknown> = {};
			// categoryId with stageId: crm.item.update moves the deal between pipelines when needed, in one call.
			if (place.stageId)
				Object.assign(fields, {
					categoryId: place.categoryId ?? Number(funnelOfStage(pipelines, place.stageId)?.id ?? 0),
					stageId: place.stageId,
				});
			else if (place.categoryId !== undefined) fields.categoryId = place.categoryId;
			if (update.responsibleUserId) fields.assignedById = Number(update.responsibleUserId);
			if (update.price !== undefined) fields.opportunity = update.price;
			if (reasonValue && reasonField) fields[reasonField.name] = reasonValue;
			for (const [key, value] of Object.entries(update.fields ?? {}))
				fields[itemFieldName(key)] = value;
			commands.push({
				index: i,
				command: {
					method: 'crm.item.update',
					params: { entityTypeId: 2, id: Number(update.id), useOriginalUfNames: 'Y', fields },
				},
			});
		} else {
			const fields: Record<string, unknown> = { ...(update.fields ?? {}) };
			if (place.stageId) fields.STATUS_ID = place.stageId;
			if (update.responsibleUserId) fields.ASSIGNED_BY_ID = update.responsibleUserId;
			if (update.price !== undefined) fields.OPPORTUNITY = update.price;
			commands.push({
				index: i,
				command: { method: 'crm.lead.update', params: { id: Number(update.id), fields } },
			});
		}
	}
	const outcomes = await runner.run(commands.map((c) => c.command));
	commands.forEach((c, i) => {
		const outcome = outcomes[i];
		results[c.index] = outcome.ok
			? { ok: true, value: { dealId: items[c.index].id } }
			: failure(outcome.error);
	});
	return results as Array<ItemResult<{ dealId: string }>>;
}
