/**
 * FunnelCrm on Bitrix24. The funnel is the deal pipelines (categories) by default, or the lead statuses when the
 * user works with leads. Every method takes many items and batches them (50 commands a request); metadata
 * (funnels, fields) is read once per execution. Tags are a multiple list field, loss reasons are failure stages
 * (and/or a list field), merges go through crm.entity.mergeBatch.
 */
import { randomUUID } from 'node:crypto';

import { resolveStage, stageWithSemantics } from '../stages';
import type {
	ContactMatch,
	CrmCall,
	CrmDeal,
	CrmLossReason,
	CrmPipeline,
	CrmTask,
	CrmUser,
	DealFilter,
	DealUpdate,
	FunnelCrm,
	ItemResult,
	NewDeal,
	NewTask,
	TaskFilter,
} from '../types';
import type { Command, CommandOutcome, CommandRunner } from './commands';
import {
	connectBitrix24,
	type Bitrix24Connection,
	type Bitrix24Context,
	type ConnectOptions,
} from './connect';
import { searchPeople } from './contactSearch';
import { createDealsWithContacts, pairedContactOrigin } from './createDeals';
import { adviceFor, Bitrix24Error } from './errors';
import {
	fieldsFrom,
	findLossReasonField,
	findTagsField,
	loadFields,
	tagIds,
	type EntityFields,
	type ListField,
} from './fieldInfo';
import { dealFunnelsFrom, funnelOfStage, leadFunnelFrom, loadFunnels } from './funnels';
import { listAll, readAfterId, rowsOf, scanById } from './paging';
import { toApiDateTime, toText } from './parse';
import {
	callFromActivity,
	contactFromRow,
	dealFromItem,
	dealFromLead,
	dealSelect,
	isTask,
	leadSelect,
	taskFromActivity,
	userFromRow,
	type ParseContext,
} from './records';
import {
	commentReconciler,
	createdByOrigin,
	mergeReconciler,
	ORIGINATOR,
	todoReconciler,
} from './reconcile';
import { changedTagSet, createMissingTagValues, sameSet } from './tags';

export interface Bitrix24FunnelOptions {
	/** What the funnel moves: deals through their pipelines (default), or leads through the lead statuses. */
	entity?: 'deal' | 'lead';
	/** The multiple list field that holds tags (name or label); default UF_CRM_TAGS or the one labelled Tags/Теги. */
	tagsField?: string;
	/** Create tag values the field lacks (needs CRM administrator rights). Off: an unknown tag is an error. */
	createMissingTags?: boolean;
	/** A list field of loss reasons, besides the failure stages; default: a single list field labelled "…причин…"/"reason". */
	lossReasonField?: string;
	/**
	 * Find +7 numbers stored without the country code (`916 123-45-67`) too: one more lookup value per number.
	 * Default true; a portal whose numbers all carry +7 / 8 can turn it off to halve the phone lookups.
	 */
	nationalPhoneLookups?: boolean;
	connection?: ConnectOptions;
	/** Reuse a connection the caller already holds (one client, one request count). */
	sharedConnection?: Bitrix24Connection;
}

const CHUNK = 50;

function chunk<T>(list: T[], size = CHUNK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

function failure(error: Bitrix24Error | { message: string; code?: string; description?: string }): {
	ok: false;
	error: { message: string; code?: string; httpCode?: number; description?: string };
} {
	if (error instanceof Bitrix24Error) {
		return {
			ok: false,
			error: {
				message: `${error.method}: ${error.description || error.code}`,
				code: error.code || undefined,
				httpCode: error.httpStatus,
				description: adviceFor(error),
			},
		};
	}
	return { ok: false, error };
}

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

export class Bitrix24Funnel implements FunnelCrm {
	readonly kind = 'bitrix24' as const;
	private readonly entity: 'deal' | 'lead';
	private connection?: Promise<Bitrix24Connection>;
	private funnels?: Promise<CrmPipeline[]>;
	private fields?: Promise<EntityFields>;
	private tagsFieldCache?: ListField;

	constructor(
		private readonly context: Bitrix24Context,
		private readonly options: Bitrix24FunnelOptions = {},
	) {
		this.entity = options.entity ?? 'deal';
	}

	private async connect(): Promise<Bitrix24Connection> {
		this.connection ??= this.options.sharedConnection
			? Promise.resolve(this.options.sharedConnection)
			: connectBitrix24(this.context, this.options.connection);
		return await this.connection;
	}

	private async runner(): Promise<CommandRunner> {
		return (await this.connect()).runner;
	}

	/** The connection's runner, for callers that batch their own commands alongside. */
	async commandRunner(): Promise<CommandRunner> {
		return await this.runner();
	}

	async portalUrl(): Promise<string> {
		const { webhook } = await this.connect();
		return webhook.base.replace(/\/rest\/.*$/, '');
	}

	private async entityFields(): Promise<EntityFields> {
		this.fields ??= this.runner().then((r) => loadFields(r, this.entity));
		return await this.fields;
	}

	/** The tags list field (see findTagsField); with `required`, its absence is an error. */
	async tagsField(required: boolean): Promise<ListField | undefined> {
		if (this.tagsFieldCache) return this.tagsFieldCache;
		const found = findTagsField(await this.entityFields(), this.options.tagsField);
		if (found.ok) this.tagsFieldCache = found.field;
		else if (required)
			throw new Bitrix24Error(
				'NO_TAGS_FIELD',
				found.reason,
				undefined,
				`crm.${this.entity}.fields`,
			);
		return found.ok ? found.field : undefined;
	}

	async lossReasonField(): Promise<ListField | undefined> {
		if (this.entity !== 'deal') return undefined;
		return findLossReasonField(await this.entityFields(), this.options.lossReasonField);
	}

	private async parseContext(): Promise<ParseContext> {
		return {
			portalUrl: await this.portalUrl(),
			tagsField: await this.tagsField(false),
			lossReasonField: await this.lossReasonField(),
		};
	}

	/** Tag names → value ids, creating missing values when allowed. */
	async resolveTagValues(
		names: string[],
	): Promise<{ ok: true; ids: string[] } | { ok: false; error: string }> {
		if (names.length === 0) return { ok: true, ids: [] };
		let field = (await this.tagsField(true)) as ListField;
		let { ids, missing } = tagIds(field, names);
		if (missing.length && this.options.createMissingTags) {
			const created = await createMissingTagValues(await this.runner(), this.entity, field, names);
			field = created.field;
			this.tagsFieldCache = field;
			this.fields = Promise.resolve(created.fields);
			({ ids, missing } = tagIds(field, names));
		}
		if (missing.length) {
			return {
				ok: false,
				error: `No tag ${missing.map((m) => `"${m}"`).join(', ')} in the field "${field.label}"; add the value in Bitrix24 or allow creating missing tags`,
			};
		}
		return { ok: true, ids };
	}

	// ---- reference data --------------------------------------------------------------------------------

	async listUsers(): Promise<CrmUser[]> {
		const rows = await listAll(await this.runner(), 'user.get', { sort: 'ID', order: 'ASC' });
		return rows.map(userFromRow);
	}

	async listPipelines(): Promise<CrmPipeline[]> {
		this.funnels ??= this.runner().then((r) => loadFunnels(r, this.entity));
		return await this.funnels;
	}

	async listLossReasons(): Promise<CrmLossReason[]> {
		const reasons: CrmLossReason[] = [];
		for (const pipeline of await this.listPipelines()) {
			for (const stage of pipeline.stages.filter((s) => s.semantics === 'lost')) {
				reasons.push({
					id: stage.id,
					name: stage.name,
					stageId: stage.id,
					pipelineId: pipeline.id,
				});
			}
		}
		const field = await this.lossReasonField();
		for (const item of field?.items ?? []) reasons.push({ id: item.id, name: item.value });
		return reasons;
	}

	// ---- contacts ----------------------------------------------------------------------------------------

	/**
	 * People whose phone or e-mail equals a key exactly. The lookups, the records found, their deals and the funnels
	 * that name the deals' stages are packed into as few batches as they fit (contactSearch.ts): 1,000 phones take
	 * two requests.
	 */
	async findContacts(keys: { phones?: string[]; emails?: string[] }): Promise<ContactMatch[]> {
		const runner = await this.runner();
		const cached = this.fields ? await this.fields : undefined;
		const selects = (answer: unknown) => this.selectsFor(cached ?? fieldsFrom(answer));
		const found = await searchPeople(runner, keys, {
			entity: this.entity,
			knownFields: cached !== undefined,
			wantFunnels: this.funnels === undefined,
			dealSelect: (answer) => selects(answer).deal,
			leadSelect: (answer) => selects(answer).lead,
			nationalForms: this.options.nationalPhoneLookups ?? true,
		});
		if (found.fieldsAnswer !== undefined && !this.fields)
			this.fields = Promise.resolve(fieldsFrom(found.fieldsAnswer));
		if (found.funnels && !this.funnels) {
			const { categories, stagesByEntity } = found.funnels;
			this.funnels = Promise.resolve(
				categories
					? dealFunnelsFrom(categories, stagesByEntity)
					: leadFunnelFrom(stagesByEntity.get('STATUS') ?? []),
			);
		}
		if (found.hits.length === 0) return [];
		const ctx = await this.parseContext();
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
					: this.entity === 'lead'
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
	private selectsFor(fields: EntityFields): { deal: string[]; lead: string[] } {
		const tags = findTagsField(fields, this.options.tagsField);
		const ctx: ParseContext = {
			portalUrl: '',
			tagsField: tags.ok ? tags.field : undefined,
			lossReasonField:
				this.entity === 'deal'
					? findLossReasonField(fields, this.options.lossReasonField)
					: undefined,
		};
		return {
			deal: dealSelect(ctx),
			lead: [
				...new Set([...leadSelect(ctx), 'PHONE', 'EMAIL', 'NAME', 'SECOND_NAME', 'LAST_NAME']),
			],
		};
	}

	// ---- deals -------------------------------------------------------------------------------------------

	async getDeals(ids: string[]): Promise<Map<string, CrmDeal>> {
		const result = new Map<string, CrmDeal>();
		const wanted = [...new Set(ids.filter(Boolean))];
		if (wanted.length === 0) return result;
		const runner = await this.runner();
		const ctx = await this.parseContext();
		const commands: Command[] =
			this.entity === 'deal'
				? chunk(wanted).map((part) => ({
						method: 'crm.item.list',
						params: {
							entityTypeId: 2,
							useOriginalUfNames: 'Y',
							filter: { '@id': part.map(Number) },
							select: dealSelect(ctx),
							start: -1,
						},
					}))
				: chunk(wanted).map((part) => ({
						method: 'crm.lead.list',
						params: { filter: { '@ID': part }, select: leadSelect(ctx), start: -1 },
					}));
		for (const answer of await runner.run(commands)) {
			if (!answer.ok) throw answer.error;
			for (const row of rowsOf(answer.value)) {
				const deal = this.entity === 'deal' ? dealFromItem(row, ctx) : dealFromLead(row, ctx);
				result.set(deal.id, deal);
			}
		}
		return result;
	}

	async *listDeals(filter: DealFilter): AsyncIterable<CrmDeal[]> {
		const { client } = await this.connect();
		const ctx = await this.parseContext();
		if (this.entity === 'deal') {
			const f: Record<string, unknown> = {};
			if (filter.pipelineIds?.length) f['@categoryId'] = filter.pipelineIds.map(Number);
			if (filter.stageIds?.length) f['@stageId'] = filter.stageIds;
			if (filter.responsibleUserIds?.length)
				f['@assignedById'] = filter.responsibleUserIds.map(Number);
			if (filter.openOnly) f.stageSemanticId = 'P';
			if (filter.createdFrom) f['>=createdTime'] = toApiDateTime(filter.createdFrom);
			if (filter.createdTo) f['<=createdTime'] = toApiDateTime(filter.createdTo);
			if (filter.updatedFrom) f['>=updatedTime'] = toApiDateTime(filter.updatedFrom);
			if (filter.updatedTo) f['<=updatedTime'] = toApiDateTime(filter.updatedTo);
			for await (const page of scanById(
				client,
				'crm.item.list',
				{ entityTypeId: 2, useOriginalUfNames: 'Y', filter: f, select: dealSelect(ctx) },
				{ idField: 'id' },
			)) {
				yield page.map((row) => dealFromItem(row, ctx));
			}
			return;
		}
		const f: Record<string, unknown> = {};
		if (filter.stageIds?.length) f['@STATUS_ID'] = filter.stageIds;
		if (filter.responsibleUserIds?.length) f['@ASSIGNED_BY_ID'] = filter.responsibleUserIds;
		if (filter.openOnly) f.STATUS_SEMANTIC_ID = 'P';
		if (filter.createdFrom) f['>=DATE_CREATE'] = toApiDateTime(filter.createdFrom);
		if (filter.createdTo) f['<=DATE_CREATE'] = toApiDateTime(filter.createdTo);
		if (filter.updatedFrom) f['>=DATE_MODIFY'] = toApiDateTime(filter.updatedFrom);
		if (filter.updatedTo) f['<=DATE_MODIFY'] = toApiDateTime(filter.updatedTo);
		for await (const page of scanById(
			client,
			'crm.lead.list',
			{ filter: f, select: leadSelect(ctx) },
			{ idField: 'ID' },
		)) {
			yield page.map((row) => dealFromLead(row, ctx));
		}
	}

	/** Where a new or moved deal goes: a stage by id or name, within a pipeline when one is named. */
	async resolvePlacement(
		pipelineRef: string | undefined,
		stageRef: string | undefined,
	): Promise<{ ok: true; categoryId?: number; stageId?: string } | { ok: false; error: string }> {
		if (!pipelineRef && !stageRef) return { ok: true };
		const pipelines = await this.listPipelines();
		if (stageRef) {
			const stage = resolveStage(pipelines, {
				pipeline: this.entity === 'deal' ? pipelineRef : undefined,
				stage: stageRef,
			});
			if (!stage.ok) return { ok: false, error: stage.reason };
			return {
				ok: true,
				categoryId: this.entity === 'deal' ? Number(stage.value.pipelineId) : undefined,
				stageId: stage.value.id,
			};
		}
		const pipeline = pipelines.find(
			(p) => p.id === pipelineRef || p.name.toLowerCase() === String(pipelineRef).toLowerCase(),
		);
		if (!pipeline)
			return {
				ok: false,
				error: `No pipeline "${pipelineRef}"; the pipelines are: ${pipelines.map((p) => p.name).join(', ')}`,
			};
		return { ok: true, categoryId: this.entity === 'deal' ? Number(pipeline.id) : undefined };
	}

	async createDeals(
		items: NewDeal[],
	): Promise<Array<ItemResult<{ dealId: string; contactId: string | null }>>> {
		const runner = await this.runner();
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
			const place = await this.resolvePlacement(item.pipelineId, item.stageId);
			if (!place.ok) {
				results[i] = failure({ message: place.error, code: 'STAGE_NOT_FOUND' });
				continue;
			}
			const tags = await this.resolveTagValues(item.tags ?? []);
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
					? { [this.entity === 'deal' ? 'STAGE_ID' : 'STATUS_ID']: place.stageId }
					: {}),
				...(tags.ids.length ? { [(await this.tagsField(true))!.name]: tags.ids } : {}),
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
				if (this.entity === 'lead') Object.assign(fields, person);
				else newContact = { ...person, ...pairedContactOrigin(origin) };
			}
			if (existing)
				Object.assign(
					fields,
					this.entity === 'deal' ? { CONTACT_IDS: [existing] } : { CONTACT_ID: existing },
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
		const method = `crm.${this.entity}.add`;
		const created = await runner.run(
			alone.map((p) => ({
				method,
				params: { fields: p.fields, params: { REGISTER_SONET_EVENT: 'N' } },
				reconcile: createdByOrigin(this.entity),
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
			const notes = await this.addNotes(
				noted.map((p) => ({
					dealId: (results[p.index] as { value: { dealId: string } }).value.dealId,
					text: String(items[p.index].note),
				})),
			);
			// A deal whose note failed still exists: report the deal, keep the note's error visible.
			notes.forEach((n, i) => {
				if (!n.ok)
					results[noted[i].index] = failure({
						message: `The ${this.entity} was created (id ${(results[noted[i].index] as { value: { dealId: string } }).value.dealId}) but its note failed: ${n.error.message}`,
						code: 'NOTE_FAILED',
					});
			});
		}
		return results as Array<ItemResult<{ dealId: string; contactId: string | null }>>;
	}

	async updateDeals(items: DealUpdate[]): Promise<Array<ItemResult<{ dealId: string }>>> {
		const runner = await this.runner();
		const results: Array<ItemResult<{ dealId: string }> | undefined> = new Array(items.length);
		const pipelines = await this.listPipelines();
		// The deal fields (a request of their own) matter only to updates that carry a loss reason.
		const reasonField = items.some((u) => u.lossReasonId)
			? await this.lossReasonField()
			: undefined;
		// A loss reason from the list field without a stage: the deal's own pipeline decides the lost stage.
		const needCategory = items.filter(
			(u) =>
				u.lossReasonId &&
				!u.stageId &&
				!pipelines.some((p) => p.stages.some((s) => s.id === u.lossReasonId)),
		);
		const current = needCategory.length
			? await this.getDeals(needCategory.map((u) => u.id))
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
				? await this.resolvePlacement(update.pipelineId, stageId)
				: await this.resolvePlacement(update.pipelineId, undefined);
			if (!place.ok) {
				results[i] = failure({ message: place.error, code: 'STAGE_NOT_FOUND' });
				continue;
			}
			if (this.entity === 'deal') {
				const fields: Record<string, unknown> = {};
				// categoryId with stageId: crm.item.update moves the deal between pipelines when needed, in one call.
				if (place.stageId)
					Object.assign(fields, {
						categoryId:
							place.categoryId ?? Number(funnelOfStage(pipelines, place.stageId)?.id ?? 0),
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

	async addTags(items: Array<{ dealId: string; tags: string[] }>) {
		return await this.changeTags(items, 'add');
	}

	async removeTags(items: Array<{ dealId: string; tags: string[] }>) {
		return await this.changeTags(items, 'remove');
	}

	/** Read the tag field, change it, write it back — only where it changes. */
	private async changeTags(
		items: Array<{ dealId: string; tags: string[] }>,
		mode: 'add' | 'remove',
	): Promise<Array<ItemResult<{ dealId: string }>>> {
		const runner = await this.runner();
		const results: Array<ItemResult<{ dealId: string }> | undefined> = new Array(items.length);
		let field: ListField;
		try {
			field = (await this.tagsField(true)) as ListField;
		} catch (error) {
			return items.map(() => failure(error as Bitrix24Error));
		}
		const wanted = new Map<number, string[]>();
		let current: Map<string, string[]>;
		try {
			for (let i = 0; i < items.length; i++) {
				if (mode === 'add') {
					const ids = await this.resolveTagValues(items[i].tags);
					if (!ids.ok) results[i] = failure({ message: ids.error, code: 'TAG_NOT_FOUND' });
					else wanted.set(i, ids.ids);
				} else {
					wanted.set(i, tagIds(field, items[i].tags).ids);
				}
			}
			field = (this.tagsFieldCache ?? field) as ListField;
			const ids = [...new Set(items.filter((_, i) => wanted.has(i)).map((it) => it.dealId))];
			current = await this.currentTagValues(ids, field.name);
		} catch (error) {
			// The tag values or the current tags could not be read (the portal kept failing): no deal was written,
			// each item not yet answered says so (the batch contract: one result per item, never a throw).
			const reason =
				error instanceof Bitrix24Error
					? error
					: { message: error instanceof Error ? error.message : String(error) };
			return items.map((_, i) => results[i] ?? failure(reason));
		}
		const writes: Array<{ index: number; command: Command }> = [];
		for (const [i, tagValueIds] of wanted) {
			const have = current.get(items[i].dealId);
			if (!have) {
				results[i] = failure({
					message: `${this.entity === 'deal' ? 'Deal' : 'Lead'} ${items[i].dealId} was not found`,
					code: 'RECORD_NOT_FOUND',
				});
				continue;
			}
			const next =
				mode === 'add'
					? changedTagSet(have, tagValueIds, [])
					: changedTagSet(have, [], tagValueIds);
			current.set(items[i].dealId, next);
			if (sameSet(next, have)) results[i] = { ok: true, value: { dealId: items[i].dealId } };
			else
				writes.push({
					index: i,
					command: {
						method: `crm.${this.entity}.update`,
						params: { id: Number(items[i].dealId), fields: { [field.name]: next } },
					},
				});
		}
		// Two items for the same deal: the last write carries both changes.
		const lastWrite = new Map<string, number>();
		writes.forEach((w, n) => lastWrite.set(items[w.index].dealId, n));
		const toSend = writes.filter((w, n) => lastWrite.get(items[w.index].dealId) === n);
		const outcomes = await runner.run(
			toSend.map((w) => ({
				...w.command,
				params: {
					...w.command.params,
					fields: { [field.name]: current.get(items[w.index].dealId) },
				},
			})),
		);
		const byDeal = new Map<string, CommandOutcome>();
		toSend.forEach((w, n) => byDeal.set(items[w.index].dealId, outcomes[n]));
		for (const w of writes) {
			const outcome = byDeal.get(items[w.index].dealId) as CommandOutcome;
			results[w.index] = outcome.ok
				? { ok: true, value: { dealId: items[w.index].dealId } }
				: failure(outcome.error);
		}
		return results as Array<ItemResult<{ dealId: string }>>;
	}

	private async currentTagValues(ids: string[], fieldName: string): Promise<Map<string, string[]>> {
		const runner = await this.runner();
		const method = `crm.${this.entity}.list`;
		const answers = await runner.run(
			chunk(ids).map((part) => ({
				method,
				params: { filter: { '@ID': part }, select: ['ID', fieldName], start: -1 },
			})),
		);
		const result = new Map<string, string[]>();
		for (const answer of answers) {
			if (!answer.ok) throw answer.error;
			for (const row of rowsOf(answer.value)) {
				const value = row[fieldName];
				result.set(
					toText(row.ID),
					Array.isArray(value) ? value.map(String) : value ? [String(value)] : [],
				);
			}
		}
		return result;
	}

	async addNotes(
		items: Array<{ dealId: string; text: string }>,
	): Promise<Array<ItemResult<{ noteId: string }>>> {
		const runner = await this.runner();
		const since = new Date(Date.now() - 5 * 60_000).toISOString();
		const reconcile = commentReconciler(toApiDateTime(since));
		const outcomes = await runner.run(
			items.map((n) => ({
				method: 'crm.timeline.comment.add',
				params: {
					fields: { ENTITY_ID: Number(n.dealId), ENTITY_TYPE: this.entity, COMMENT: n.text },
				},
				reconcile,
			})),
		);
		return outcomes.map((o) =>
			o.ok ? { ok: true, value: { noteId: String(o.value) } } : failure(o.error),
		);
	}

	// ---- tasks and calls ---------------------------------------------------------------------------------

	private get ownerTypeId(): number {
		return this.entity === 'deal' ? 2 : 1;
	}

	async createTasks(items: NewTask[]): Promise<Array<ItemResult<{ taskId: string }>>> {
		const runner = await this.runner();
		// Our clock may run ahead of the portal's: look back a few minutes when checking for a lost answer.
		const reconcile = todoReconciler(
			toApiDateTime(new Date(Date.now() - 5 * 60_000).toISOString()),
		);
		const outcomes = await runner.run(
			items.map((t) => {
				const title =
					t.kind === 'call' && !/^(позвонить|перезвонить|звонок|call)/i.test(t.text)
						? `Позвонить: ${t.text}`
						: t.text;
				return {
					method: 'crm.activity.todo.add',
					params: {
						ownerTypeId: this.ownerTypeId,
						ownerId: Number(t.dealId),
						deadline: toApiDateTime(t.dueAt),
						title: title.slice(0, 255),
						description: t.text,
						...(t.responsibleUserId ? { responsibleId: Number(t.responsibleUserId) } : {}),
					},
					reconcile,
				};
			}),
		);
		return outcomes.map((o) =>
			o.ok
				? { ok: true, value: { taskId: toText((o.value as { id?: unknown })?.id ?? o.value) } }
				: failure(o.error),
		);
	}

	/**
	 * Activities of these deals (or of every deal), read the fast way: `start=-1`, ID order, `>ID` paging — never
	 * a counted list, which a portal charges by the size of its whole activity table (reference §2.2): the calls
	 * of a week's 6,581 new deals counted page by page ran crm.activity.list out of its operating budget.
	 */
	private async activitiesOf(
		dealIds: string[] | undefined,
		extra: Record<string, unknown>,
	): Promise<Array<Record<string, unknown>>> {
		const base = { OWNER_TYPE_ID: this.ownerTypeId, ...extra };
		const select = ['*', 'COMMUNICATIONS'];
		if (dealIds) {
			if (dealIds.length === 0) return [];
			// 50 owners a command: each chunk is its own list, paged by ID until a page comes back short. Each deal once,
			// or a deal named twice would have its activities read twice.
			const owners = chunk([...new Set(dealIds)]);
			return readAfterId(
				await this.runner(),
				'crm.activity.list',
				{ select },
				owners.map((part) => ({ ...base, '@OWNER_ID': part })),
			);
		}
		const { client } = await this.connect();
		const rows: Array<Record<string, unknown>> = [];
		for await (const page of scanById(
			client,
			'crm.activity.list',
			{ filter: base, select },
			{ idField: 'ID' },
		))
			rows.push(...page);
		return rows;
	}

	async listTasks(filter: TaskFilter): Promise<CrmTask[]> {
		const extra: Record<string, unknown> = {};
		if (filter.responsibleUserIds?.length) extra['@RESPONSIBLE_ID'] = filter.responsibleUserIds;
		if (filter.completed !== undefined) extra.COMPLETED = filter.completed ? 'Y' : 'N';
		const rows = await this.activitiesOf(filter.dealIds, extra);
		return rows.filter(isTask).map(taskFromActivity);
	}

	async listCalls(dealIds: string[]): Promise<Map<string, CrmCall[]>> {
		// Calls made: a call activity not completed yet is a planned call (a task), not an attempt.
		const rows = await this.activitiesOf(dealIds, { TYPE_ID: 2, COMPLETED: 'Y' });
		const result = new Map<string, CrmCall[]>(dealIds.map((id) => [id, []]));
		for (const call of rows.map(callFromActivity)) {
			if (call.dealId) result.set(call.dealId, [...(result.get(call.dealId) ?? []), call]);
		}
		for (const [id, calls] of result)
			result.set(
				id,
				calls.sort((a, b) => a.at.localeCompare(b.at)),
			);
		return result;
	}

	// ---- merging -----------------------------------------------------------------------------------------

	async mergeContacts(
		groups: Array<{ keepId: string; mergeIds: string[] }>,
	): Promise<Array<ItemResult<{ status: 'merged' | 'conflict' }>>> {
		const runner = await this.runner();
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
}
