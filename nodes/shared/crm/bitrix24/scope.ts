/**
 * What the pieces of the Bitrix24 adapter share: the connection, the portal's metadata read once per execution
 * (funnels, fields, the tags and loss-reason fields) and the resolutions every write needs. `Bitrix24Funnel`
 * (adapter.ts) implements it; deal reads, deal writes, tags, activities and people each take it as their first
 * argument.
 */
import type { CrmDeal, CrmPipeline, ItemResult } from '../types';
import type { CommandRunner } from './commands';
import type { Bitrix24Connection, ConnectOptions } from './connect';
import { adviceFor, Bitrix24Error } from './errors';
import type { EntityFields, ListField } from './fieldInfo';
import type { ParseContext } from './records';

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

export type Placement =
	{ ok: true; categoryId?: number; stageId?: string } | { ok: false; error: string };

export interface Bitrix24Scope {
	readonly entity: 'deal' | 'lead';
	readonly options: Bitrix24FunnelOptions;
	/** crm.activity owner type of the funnel's records: 2 deal, 1 lead. */
	readonly ownerTypeId: number;
	connect(): Promise<Bitrix24Connection>;
	runner(): Promise<CommandRunner>;
	parseContext(): Promise<ParseContext>;
	listPipelines(): Promise<CrmPipeline[]>;
	/** The tags list field; with `required`, its absence is an error. */
	tagsField(required: boolean): Promise<ListField | undefined>;
	lossReasonField(): Promise<ListField | undefined>;
	/** Tag names → value ids, creating missing values when allowed. */
	resolveTagValues(
		names: string[],
	): Promise<{ ok: true; ids: string[] } | { ok: false; error: string }>;
	/** Where a new or moved deal goes: a stage by id or name, within a pipeline when one is named. */
	resolvePlacement(
		pipelineRef: string | undefined,
		stageRef: string | undefined,
	): Promise<Placement>;
	getDeals(ids: string[]): Promise<Map<string, CrmDeal>>;
	addNotes(
		items: Array<{ dealId: string; text: string }>,
	): Promise<Array<ItemResult<{ noteId: string }>>>;
	/** The fields when they were already read (no request), else undefined. */
	knownFields(): Promise<EntityFields> | undefined;
	/** Keep fields or funnels that another read brought along, so they are not asked for again. */
	adoptFields(fields: EntityFields): void;
	funnelsKnown(): boolean;
	adoptFunnels(funnels: CrmPipeline[]): void;
}

export type ItemFailure = {
	ok: false;
	error: { message: string; code?: string; httpCode?: number; description?: string };
};

/** One item's failure in the FunnelCrm result shape, with the method, the portal's words and advice. */
export function failure(
	error: Bitrix24Error | { message: string; code?: string; description?: string },
): ItemFailure {
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
