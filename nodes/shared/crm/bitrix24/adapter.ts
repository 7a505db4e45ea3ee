/**
 * FunnelCrm on Bitrix24. The funnel is the deal pipelines (categories) by default, or the lead statuses when the
 * user works with leads. Every method takes many items and batches them (50 commands a request); metadata
 * (funnels, fields) is read once per execution. Tags are a multiple list field, loss reasons are failure stages
 * (and/or a list field), merges go through crm.entity.mergeBatch.
 *
 * This class holds the connection and the metadata (the `Bitrix24Scope`); the work is in one file per idea:
 * dealReads, dealWrites, tagWrites, activities, people.
 */
import { resolveStage } from '../stages';
import type {
	AccountReference,
	CallWindow,
	ContactDetails,
	ContactMatch,
	CrmCall,
	CrmDeal,
	CrmLossReason,
	CrmNote,
	CrmPipeline,
	CrmTask,
	CrmUser,
	DealFilter,
	DealUpdate,
	DealsSinceQuery,
	DealsWithSales,
	FunnelCrm,
	ItemResult,
	NamedFieldValues,
	NewCall,
	NewDeal,
	NewTask,
	StageChange,
	StageChangeFilter,
	TaskFilter,
} from '../types';
import { addNotes, createTasks, listCalls, listNotes, listTasks, logCalls } from './activities';
import { addContactDetails } from './contactDetails';
import { setFieldsByName } from './namedFields';
import type { CommandRunner } from './commands';
import { connectBitrix24, type Bitrix24Connection, type Bitrix24Context } from './connect';
import { getDeals, listDeals } from './dealReads';
import { createDeals, updateDeals } from './dealWrites';
import { Bitrix24Error } from './errors';
import {
	findLossReasonField,
	findTagsField,
	loadFields,
	tagIds,
	type EntityFields,
	type ListField,
} from './fieldInfo';
import { loadFunnels } from './funnels';
import { listCallsBetween, listDealsSince, listStageChanges } from './history';
import { listAllWith } from './paging';
import { userFromRow, type ParseContext } from './records';
import { readReference } from './reference';
import { findContacts, mergeContacts } from './people';
import type { Bitrix24FunnelOptions, Bitrix24Scope, Placement } from './scope';
import { changeTags } from './tagWrites';
import { createMissingTagValues } from './tags';

export type { Bitrix24FunnelOptions } from './scope';
export { itemFieldName } from './dealWrites';

export class Bitrix24Funnel implements FunnelCrm, Bitrix24Scope {
	readonly kind = 'bitrix24' as const;
	readonly entity: 'deal' | 'lead';
	private connection?: Promise<Bitrix24Connection>;
	private funnels?: Promise<CrmPipeline[]>;
	private fields?: Promise<EntityFields>;
	private tagsFieldCache?: ListField;

	constructor(
		private readonly context: Bitrix24Context,
		readonly options: Bitrix24FunnelOptions = {},
	) {
		this.entity = options.entity ?? 'deal';
	}

	async connect(): Promise<Bitrix24Connection> {
		this.connection ??= this.options.sharedConnection
			? Promise.resolve(this.options.sharedConnection)
			: connectBitrix24(this.context, this.options.connection);
		return await this.connection;
	}

	async runner(): Promise<CommandRunner> {
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

	/** The funnel entity's fields (crm.deal.fields / crm.lead.fields), read once per execution. */
	async entityFields(): Promise<EntityFields> {
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

	async parseContext(): Promise<ParseContext> {
		return {
			portalUrl: await this.portalUrl(),
			tagsField: await this.tagsField(false),
			lossReasonField: await this.lossReasonField(),
		};
	}

	/**
	 * Tag names → value ids, creating missing values when allowed. With `create: false` nothing is written:
	 * a missing tag that may be created later counts as fine (its id is not in `ids` yet).
	 */
	async resolveTagValues(
		names: string[],
		{ create = true }: { create?: boolean } = {},
	): Promise<{ ok: true; ids: string[] } | { ok: false; error: string }> {
		if (names.length === 0) return { ok: true, ids: [] };
		let field = (await this.tagsField(true)) as ListField;
		let { ids, missing } = tagIds(field, names);
		if (missing.length && this.options.createMissingTags) {
			if (!create) return { ok: true, ids };
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

	/** Every user; `profile`, in the same batch, says who the connection works as and whether they are an admin. */
	async listUsers(): Promise<CrmUser[]> {
		const { rows, alongside } = await listAllWith(
			await this.runner(),
			'user.get',
			{ sort: 'ID', order: 'ASC' },
			[{ method: 'profile', params: {} }],
		);
		const [profile] = alongside;
		const me =
			profile?.ok && profile.value && typeof profile.value === 'object'
				? (profile.value as Record<string, unknown>)
				: null;
		const self =
			me?.ID !== undefined
				? { id: String(me.ID), isAdmin: [true, 'Y', 'true', 1, '1'].includes(me.ADMIN as never) }
				: undefined;
		return rows.map((row) => userFromRow(row, self));
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

	/** Where a new or moved deal goes: a stage by id or name, within a pipeline when one is named. */
	async resolvePlacement(
		pipelineRef: string | undefined,
		stageRef: string | undefined,
	): Promise<Placement> {
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

	get ownerTypeId(): number {
		return this.entity === 'deal' ? 2 : 1;
	}

	knownFields(): Promise<EntityFields> | undefined {
		return this.fields;
	}

	adoptFields(fields: EntityFields): void {
		this.fields ??= Promise.resolve(fields);
	}

	funnelsKnown(): boolean {
		return this.funnels !== undefined;
	}

	adoptFunnels(funnels: CrmPipeline[]): void {
		this.funnels ??= Promise.resolve(funnels);
	}

	// ---- the work, one file per idea ---------------------------------------------------------------------

	async findContacts(keys: { phones?: string[]; emails?: string[] }): Promise<ContactMatch[]> {
		return await findContacts(this, keys);
	}

	async mergeContacts(
		groups: Array<{ keepId: string; mergeIds: string[] }>,
	): Promise<Array<ItemResult<{ status: 'merged' | 'conflict' }>>> {
		return await mergeContacts(this, groups);
	}

	async getDeals(ids: string[]): Promise<Map<string, CrmDeal>> {
		return await getDeals(this, ids);
	}

	listDeals(filter: DealFilter): AsyncIterable<CrmDeal[]> {
		return listDeals(this, filter);
	}

	async createDeals(
		items: NewDeal[],
	): Promise<Array<ItemResult<{ dealId: string; contactId: string | null }>>> {
		return await createDeals(this, items);
	}

	async updateDeals(items: DealUpdate[]): Promise<Array<ItemResult<{ dealId: string }>>> {
		return await updateDeals(this, items);
	}

	async addTags(items: Array<{ dealId: string; tags: string[] }>) {
		return await changeTags(this, items, 'add');
	}

	async removeTags(items: Array<{ dealId: string; tags: string[] }>) {
		return await changeTags(this, items, 'remove');
	}

	async addNotes(
		items: Array<{ dealId: string; text: string }>,
	): Promise<Array<ItemResult<{ noteId: string }>>> {
		return await addNotes(this, items);
	}

	async setFieldsByName(
		items: NamedFieldValues[],
	): Promise<Array<ItemResult<{ written: string[]; missing: string[] }>>> {
		return await setFieldsByName(this, items);
	}

	async listNotes(dealIds: string[]): Promise<Map<string, CrmNote[]>> {
		return await listNotes(this, dealIds);
	}

	/** Adds the values a contact (or lead) lacks; values sent without an ID keep the stored ones. */
	async addContactDetails(
		items: ContactDetails[],
	): Promise<Array<ItemResult<{ contactId: string; phones: string[]; emails: string[] }>>> {
		return await addContactDetails(this, items);
	}

	async createTasks(items: NewTask[]): Promise<Array<ItemResult<{ taskId: string }>>> {
		return await createTasks(this, items);
	}

	async listTasks(filter: TaskFilter): Promise<CrmTask[]> {
		return await listTasks(this, filter);
	}

	async listCalls(dealIds: string[]): Promise<Map<string, CrmCall[]>> {
		return await listCalls(this, dealIds);
	}

	async listReference(): Promise<AccountReference> {
		const { pipelines, users } = await readReference(this);
		return { pipelines, users, lossReasons: await this.listLossReasons() };
	}

	listStageChanges(filter: StageChangeFilter): AsyncIterable<StageChange[]> {
		return listStageChanges(this, filter);
	}

	listCallsBetween(window: CallWindow): AsyncIterable<CrmCall[]> {
		return listCallsBetween(this, window);
	}

	/**
	 * None: Bitrix24's chats live in its open lines, and the CRM's REST methods this package uses do not list their
	 * messages (a chat shows in the CRM as one activity per session).
	 */
	listChatMessages(): null {
		return null;
	}

	async listDealsSince(query: DealsSinceQuery): Promise<DealsWithSales> {
		return await listDealsSince(this, query);
	}

	async logCalls(items: NewCall[]): Promise<Array<ItemResult<{ callId: string }>>> {
		return await logCalls(this, items);
	}
}
