/**
 * The portal's data: users, statuses and funnels, leads/deals/contacts, activities, timeline comments, user
 * fields and the outgoing webhooks that receive events. Methods read and change it; the control API shows it.
 */
import type { EntityName, EntityRecord, UserField } from './fields';
import type { ProductRowRecord, StageHistoryRow } from './stageHistory';
import { RecordTable } from './table';

export interface UserRecord {
	ID: number;
	ACTIVE: boolean;
	NAME: string;
	LAST_NAME: string;
	SECOND_NAME: string;
	EMAIL: string;
	WORK_POSITION: string;
	PERSONAL_MOBILE: string;
	UF_DEPARTMENT: number[];
	IS_ADMIN: boolean;
	/** `user.get` USER_TYPE: staff, or an external partner (extranet); employee when absent. */
	USER_TYPE?: 'employee' | 'extranet';
	TIME_ZONE: string;
	DATE_REGISTER: number;
	LAST_LOGIN: number | null;
}

/** A `crm.status.list` row. */
export interface StatusRow {
	ID: number;
	ENTITY_ID: string;
	STATUS_ID: string;
	NAME: string;
	NAME_INIT: string;
	SORT: number;
	SYSTEM: 'Y' | 'N';
	CATEGORY_ID: number | null;
	COLOR: string;
	SEMANTICS: 'S' | 'F' | null;
	/** process / success / failure / apology */
	EXTRA_SEMANTICS: 'process' | 'success' | 'failure' | 'apology';
}

/** A `crm.category.list` row (deal funnels). */
export interface CategoryRow {
	id: number;
	name: string;
	sort: number;
	entityTypeId: number;
	isDefault: 'Y' | 'N';
	originId: string;
	originatorId: string;
}

export interface ActivityRecord {
	ID: number;
	OWNER_ID: number;
	OWNER_TYPE_ID: number;
	TYPE_ID: number;
	PROVIDER_ID: string;
	PROVIDER_TYPE_ID: string;
	SUBJECT: string;
	START_TIME: number | null;
	END_TIME: number | null;
	DEADLINE: number | null;
	COMPLETED: 'Y' | 'N';
	STATUS: number;
	RESPONSIBLE_ID: number;
	PRIORITY: number;
	DESCRIPTION: string;
	DESCRIPTION_TYPE: number;
	DIRECTION: number;
	LOCATION: string;
	CREATED: number;
	LAST_UPDATED: number;
	AUTHOR_ID: number;
	EDITOR_ID: number;
	ORIGIN_ID: string;
	ORIGINATOR_ID: string;
	SETTINGS: Record<string, unknown>;
	COMMUNICATIONS: Array<{
		ID: number;
		TYPE: string;
		VALUE: string;
		ENTITY_ID: number;
		ENTITY_TYPE_ID: number;
	}>;
	BINDINGS: Array<{ OWNER_ID: number; OWNER_TYPE_ID: number }>;
}

export interface CommentRecord {
	ID: number;
	CREATED: number;
	ENTITY_ID: number;
	ENTITY_TYPE: string;
	AUTHOR_ID: number;
	COMMENT: string;
	FILES: unknown[];
}

/** An outgoing webhook made in the UI (Developer resources → Outgoing webhook): a handler URL, events, a token. */
export interface OutgoingWebhook {
	id: number;
	handler: string;
	events: string[];
	applicationToken: string;
}

export interface InboundWebhook {
	userId: number;
	secret: string;
	scopes: string[];
}

export interface PortalState {
	domain: string;
	memberId: string;
	/** `crm.settings.mode.get`: 1 classic (leads and deals), 2 simple (no leads). */
	crmMode: 1 | 2;
	webhooks: InboundWebhook[];
	users: UserRecord[];
	statuses: StatusRow[];
	categories: CategoryRow[];
	entities: Record<EntityName, RecordTable<EntityRecord>>;
	activities: RecordTable<ActivityRecord>;
	comments: Map<number, CommentRecord>;
	userFields: UserField[];
	/** Stage-dependent required fields (checked by crm.item.update only). */
	stageRequiredFields: Array<{ entity: EntityName; stageId: string; field: string }>;
	outgoingWebhooks: OutgoingWebhook[];
	sequences: Record<string, number>;
	/** crm.stagehistory.list rows (stageHistory.ts). */
	stageHistory: RecordTable<StageHistoryRow>;
	/** crm.item.productrow.* rows. */
	productRows: RecordTable<ProductRowRecord>;
}

export function emptyState(): PortalState {
	return {
		domain: 'sales-funnel.bitrix24.ru',
		memberId: '',
		crmMode: 1,
		webhooks: [],
		users: [],
		statuses: [],
		categories: [],
		entities: {
			LEAD: new RecordTable(),
			DEAL: new RecordTable(),
			CONTACT: new RecordTable(),
			COMPANY: new RecordTable(),
		},
		activities: new RecordTable(),
		comments: new Map(),
		userFields: [],
		stageRequiredFields: [],
		outgoingWebhooks: [],
		sequences: {},
		stageHistory: new RecordTable(),
		productRows: new RecordTable(),
	};
}

export function nextId(state: PortalState, sequence: string): number {
	state.sequences[sequence] = (state.sequences[sequence] ?? 0) + 1;
	return state.sequences[sequence];
}

/** Stage lists: `STATUS` (lead statuses), `DEAL_STAGE` (default funnel), `DEAL_STAGE_N` (funnel N). */
export function stageEntityId(categoryId: number): string {
	return categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`;
}

export function statusesOf(state: PortalState, entityId: string): StatusRow[] {
	return state.statuses
		.filter((s) => s.ENTITY_ID === entityId)
		.sort((a, b) => a.SORT - b.SORT || a.ID - b.ID);
}

export function dealStage(state: PortalState, stageId: string): StatusRow | undefined {
	return state.statuses.find(
		(s) => s.STATUS_ID === stageId && s.ENTITY_ID.startsWith('DEAL_STAGE'),
	);
}

export function leadStatus(state: PortalState, statusId: string): StatusRow | undefined {
	return state.statuses.find((s) => s.ENTITY_ID === 'STATUS' && s.STATUS_ID === statusId);
}

/** P (in progress), S (success), F (failure): what `STAGE_SEMANTIC_ID` / `STATUS_SEMANTIC_ID` say. */
export function semanticId(row: StatusRow | undefined): 'P' | 'S' | 'F' {
	return row?.SEMANTICS ?? 'P';
}

export function userFieldsOf(state: PortalState, entity: EntityName): UserField[] {
	return state.userFields.filter((f) => f.ENTITY_ID === `CRM_${entity}`);
}

/** Plain JSON of the whole portal, for `GET /__emulator/state`. */
export function stateToJson(state: PortalState): Record<string, unknown> {
	const list = <T>(map: Map<number, T>) => [...map.values()];
	return {
		domain: state.domain,
		memberId: state.memberId,
		crmMode: state.crmMode,
		webhooks: state.webhooks,
		users: state.users,
		statuses: state.statuses,
		categories: state.categories,
		leads: list(state.entities.LEAD),
		deals: list(state.entities.DEAL),
		contacts: list(state.entities.CONTACT),
		companies: list(state.entities.COMPANY),
		activities: list(state.activities),
		comments: list(state.comments),
		userFields: state.userFields,
		outgoingWebhooks: state.outgoingWebhooks,
		stageHistory: list(state.stageHistory),
		productRows: list(state.productRows),
	};
}
