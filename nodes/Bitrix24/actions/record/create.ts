/** Create leads, deals, contacts or companies — many items, few requests; a lost answer is looked up by ORIGIN_ID, never sent twice. */
import { randomUUID } from 'node:crypto';
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	createDealsWithContacts,
	pairErrorAsBitrix24,
	pairedContactOrigin,
} from '../../../shared/crm/bitrix24/createDeals';
import { createdByOrigin, ORIGINATOR } from '../../../shared/crm/bitrix24/reconcile';
import { readItems, sendItems, type SendResult } from '../../../shared/n8n/crmNode/items';
import { customFields, locatorValue, namesList, phoneForStorage } from '../common';
import {
	hasFunnel,
	type Entity,
	type ItemOutcome,
	type Operation,
	type OperationContext,
} from '../types';
import { createDescription } from './createDescription';

interface Draft {
	fields: IDataObject;
	/** A deal's new contact, made with it in one batch. */
	newContact?: IDataObject;
	category?: string;
	stage?: string;
	tags: string[];
}

function readDraft(this: IExecuteFunctions, entity: Entity, i: number): Draft {
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const fields: IDataObject = {};
	const text = (name: string) => String(this.getNodeParameter(name, i, '') ?? '').trim();
	if (entity !== 'contact' && text('title')) fields.TITLE = text('title');
	if (entity === 'deal' && !fields.TITLE)
		throw new NodeOperationError(this.getNode(), 'A deal needs a title', {
			itemIndex: i,
			description:
				'Fill in Title, e.g. with an expression such as {{ $json.email }}, {{ $json.name }}',
		});
	if (entity === 'company' && !fields.TITLE)
		throw new NodeOperationError(this.getNode(), 'A company needs a name', {
			itemIndex: i,
			description: 'Fill in Company Name, e.g. with an expression such as {{ $json.company }}',
		});
	if (entity !== 'deal') {
		if (entity !== 'company' && text('name')) fields.NAME = text('name');
		if (text('phone'))
			fields.PHONE = [{ VALUE: phoneForStorage(text('phone')), VALUE_TYPE: 'WORK' }];
		if (text('email')) fields.EMAIL = [{ VALUE: text('email'), VALUE_TYPE: 'WORK' }];
		if (entity === 'contact' && !fields.NAME && !extra.lastName) {
			throw new NodeOperationError(this.getNode(), 'A contact needs a name', {
				itemIndex: i,
				description: 'Fill in Name (or Last Name under Additional Fields)',
			});
		}
	}
	const contactMode =
		entity === 'deal' ? String(this.getNodeParameter('contactMode', i, 'existing')) : 'none';
	if (contactMode === 'existing' && text('contactId')) fields.CONTACT_IDS = [text('contactId')];
	const responsible = locatorValue.call(this, 'responsible', i);
	if (responsible) fields.ASSIGNED_BY_ID = responsible;
	let newContact: IDataObject | undefined;
	if (contactMode === 'new') {
		const name = text('contactName');
		if (!name && !text('phone') && !text('email')) {
			throw new NodeOperationError(this.getNode(), 'The new contact has no name, phone or email', {
				itemIndex: i,
				description: 'Fill in Contact Name, Phone or Email, or choose Contact → No Contact',
			});
		}
		newContact = {
			NAME: name || text('phone') || text('email'),
			...(text('phone')
				? { PHONE: [{ VALUE: phoneForStorage(text('phone')), VALUE_TYPE: 'WORK' }] }
				: {}),
			...(text('email') ? { EMAIL: [{ VALUE: text('email'), VALUE_TYPE: 'WORK' }] } : {}),
			...(responsible ? { ASSIGNED_BY_ID: responsible } : {}),
		};
	}
	const map: Record<string, string> = {
		comments: 'COMMENTS',
		currency: 'CURRENCY_ID',
		sourceId: 'SOURCE_ID',
		sourceDescription: 'SOURCE_DESCRIPTION',
		opportunity: 'OPPORTUNITY',
		lastName: 'LAST_NAME',
		address: 'ADDRESS',
		utmSource: 'UTM_SOURCE',
		utmMedium: 'UTM_MEDIUM',
		utmCampaign: 'UTM_CAMPAIGN',
		utmContent: 'UTM_CONTENT',
		utmTerm: 'UTM_TERM',
	};
	for (const [key, name] of Object.entries(map))
		if (extra[key] !== undefined && extra[key] !== '') fields[name] = extra[key];
	fields.ORIGINATOR_ID = ORIGINATOR;
	fields.ORIGIN_ID = String(extra.externalId ?? '').trim() || `n8n-${randomUUID()}`;
	Object.assign(fields, customFields(extra.customFields as IDataObject));
	if (newContact) Object.assign(newContact, pairedContactOrigin(String(fields.ORIGIN_ID)));
	return {
		fields,
		newContact,
		category: entity === 'deal' ? locatorValue.call(this, 'category', i) : undefined,
		stage: hasFunnel(entity) ? locatorValue.call(this, 'stage', i) || undefined : undefined,
		tags: hasFunnel(entity) ? namesList(this.getNodeParameter('tags', i, [])) : [],
	};
}

/** The checks that need the portal (stage by name, tag values): reads only, so nothing is written yet. */
async function placeDraft(
	this: IExecuteFunctions,
	ctx: OperationContext,
	entity: 'lead' | 'deal',
	draft: Draft,
	i: number,
): Promise<void> {
	const funnel = ctx.funnel(entity);
	if (draft.stage || draft.category) {
		const place = await funnel.resolvePlacement(draft.category, draft.stage);
		if (!place.ok)
			throw new NodeOperationError(this.getNode(), place.error, {
				itemIndex: i,
				description: 'Choose the stage from the list, or check its spelling and the pipeline',
			});
		if (place.categoryId !== undefined) draft.fields.CATEGORY_ID = place.categoryId;
		if (place.stageId) draft.fields[entity === 'lead' ? 'STATUS_ID' : 'STAGE_ID'] = place.stageId;
	}
	if (draft.tags.length) {
		const tags = await funnel.resolveTagValues(draft.tags, { create: false });
		if (!tags.ok)
			throw new NodeOperationError(this.getNode(), tags.error, {
				itemIndex: i,
				description:
					'Add the tag to the list field in Bitrix24, or turn on Options → Create Missing Tags',
			});
	}
}

export function createRecords(entity: Entity): Operation {
	return {
		description: createDescription(entity),
		async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
			const prepared = await readItems(this, ctx.items.length, async (i) => {
				const draft = readDraft.call(this, entity, i);
				if (hasFunnel(entity)) await placeDraft.call(this, ctx, entity, draft, i);
				return draft;
			});
			const portal = ctx.connection.webhook.base.replace(/\/rest\/.*$/, '');
			return await sendItems(
				prepared,
				async (drafts) => {
					const results: Array<SendResult<{ id: string; contactId?: string }>> = new Array(
						drafts.length,
					);
					// Tag values missing from the list are made now (Create Missing Tags), right before the records.
					for (const [n, draft] of drafts.entries()) {
						if (!hasFunnel(entity) || !draft.tags.length) continue;
						const funnel = ctx.funnel(entity);
						const tags = await funnel.resolveTagValues(draft.tags);
						if (tags.ok) draft.fields[(await funnel.tagsField(true))!.name] = tags.ids;
						else results[n] = { ok: false, error: { message: tags.error, code: 'TAG_NOT_FOUND' } };
					}
					const ready = drafts.flatMap((draft, n) => (results[n] ? [] : [{ draft, n }]));
					// A new contact goes with its deal in the same batch (createDeals.ts); the rest are created alone.
					const paired = ready.filter((r) => r.draft.newContact);
					const pairOutcomes = await createDealsWithContacts(
						ctx.connection.runner,
						paired.map((r) => ({ contact: r.draft.newContact!, deal: r.draft.fields })),
					);
					paired.forEach((r, k) => {
						const outcome = pairOutcomes[k];
						results[r.n] = outcome.ok
							? { ok: true, value: { id: outcome.dealId, contactId: outcome.contactId } }
							: { ok: false, error: pairErrorAsBitrix24(outcome.error) };
					});
					const alone = ready.filter((r) => !r.draft.newContact);
					const reconcile = createdByOrigin(entity);
					const outcomes = await ctx.connection.runner.run(
						alone.map((r) => ({
							method: `crm.${entity}.add`,
							params: { fields: r.draft.fields, params: { REGISTER_SONET_EVENT: 'Y' } },
							reconcile,
						})),
					);
					alone.forEach((r, k) => {
						const outcome = outcomes[k];
						results[r.n] = outcome.ok
							? { ok: true, value: { id: String(outcome.value) } }
							: outcome;
					});
					return results;
				},
				(made, draft) => ({
					id: made.id,
					entity,
					url: `${portal}/crm/${entity}/details/${made.id}/`,
					externalId: String(draft.fields.ORIGIN_ID),
					...(made.contactId ? { contactId: made.contactId } : {}),
				}),
			);
		},
	};
}
