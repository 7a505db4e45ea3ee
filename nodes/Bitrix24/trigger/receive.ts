/**
 * An outgoing-webhook event from Bitrix24: form-encoded, flat bracket keys (n8n's body parser leaves
 * `data[FIELDS][ID]` flat), only IDs, and `auth[application_token]` as the only proof of origin. The token is
 * looked up first, in the body exactly as n8n handed it over, and compared in constant time; whatever the body is
 * (empty, `null`, a scalar, a deep bracket key), a request without the right token gets 401 and starts nothing.
 * Bitrix24 does not retry and throttles slow handlers, so it is answered before the record is fetched.
 */
import type {
	IDataObject,
	INodePropertyOptions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { connectBitrix24 } from '../../shared/crm/bitrix24';
import { toText } from '../../shared/crm/bitrix24/parse';
import { boundDepth, describeCuts } from '../../shared/input/depth';
import { sameSecret } from '../../shared/input/secret';
import { unflattenBrackets } from '../../shared/n8n/brackets';
import { crmCallError } from '../../shared/n8n/crmErrors';

interface EventKind {
	/** What the item's `entity` says: lead, deal, contact, company, activity, timelineComment, quote, invoice, item… */
	entity: string;
	action: 'add' | 'update' | 'delete' | 'moveToCategory' | 'setStatus';
	name: string;
	description: string;
	/** How the record is read when Fetch Record is on; none for deletions. */
	get?: (id: string, fields: IDataObject) => { method: string; params: IDataObject } | null;
}

const byId = (method: string) => (id: string) => ({ method, params: { id } });

function crud(
	prefix: string,
	entity: string,
	word: string,
	get: EventKind['get'],
	notes: Partial<Record<'add' | 'update' | 'delete', string>> = {},
): Array<[string, EventKind]> {
	return [
		[
			`${prefix}ADD`,
			{
				entity,
				action: 'add',
				name: `${word} Created`,
				description: notes.add ?? `A ${word.toLowerCase()} was created`,
				get,
			},
		],
		[
			`${prefix}UPDATE`,
			{
				entity,
				action: 'update',
				name: `${word} Updated`,
				description: notes.update ?? `A ${word.toLowerCase()} changed`,
				get,
			},
		],
		[
			`${prefix}DELETE`,
			{
				entity,
				action: 'delete',
				name: `${word} Deleted`,
				description: notes.delete ?? `A ${word.toLowerCase()} was deleted`,
			},
		],
	];
}

/**
 * The events a sales funnel reacts to, by the names of Bitrix24's event list (`events` method): CRM records, their
 * activities and timeline comments, quotes, invoices, products, requisites, smart-process items, tasks and their
 * comments, a new user. Every payload carries IDs only (data[FIELDS][ID]; task events data[FIELDS_AFTER][ID]; smart
 * process items also data[FIELDS][ENTITY_TYPE_ID]). The CRM record, quote, invoice, product, timeline comment and
 * user names are in Bitrix24's published event list; the task, smart-process item and requisite events and their
 * payload keys follow Bitrix24's documentation pages and were not checked against a portal here (unverified).
 */
const EVENT_KINDS = new Map<string, EventKind>([
	...crud('ONCRMLEAD', 'lead', 'Lead', byId('crm.lead.get'), {
		update: "A lead changed (including its status); fires for the workflow's own writes too",
	}),
	...crud('ONCRMDEAL', 'deal', 'Deal', byId('crm.deal.get'), {
		update: 'A deal changed, including a stage change inside its pipeline',
	}),
	[
		'ONCRMDEALMOVETOCATEGORY',
		{
			entity: 'deal',
			action: 'moveToCategory',
			name: 'Deal Moved to Another Pipeline',
			description: 'Only Bitrix24 apps (event.bind) receive it, not outgoing webhooks',
			get: byId('crm.deal.get'),
		},
	],
	...crud('ONCRMCONTACT', 'contact', 'Contact', byId('crm.contact.get')),
	...crud('ONCRMCOMPANY', 'company', 'Company', byId('crm.company.get')),
	...crud('ONCRMACTIVITY', 'activity', 'Activity', byId('crm.activity.get'), {
		add: 'A call, to-do, e-mail or meeting was added',
		update: 'An activity changed (e.g. completed)',
	}),
	...crud(
		'ONCRMTIMELINECOMMENT',
		'timelineComment',
		'Timeline Comment',
		byId('crm.timeline.comment.get'),
	),
	...crud('ONCRMQUOTE', 'quote', 'Quote', byId('crm.quote.get')),
	...crud('ONCRMINVOICE', 'invoice', 'Invoice', byId('crm.invoice.get'), {
		add: 'An invoice (the old invoices) was created',
	}),
	[
		'ONCRMINVOICESETSTATUS',
		{
			entity: 'invoice',
			action: 'setStatus',
			name: 'Invoice Status Changed',
			description: 'An invoice (the old invoices) got another status, e.g. paid',
			get: byId('crm.invoice.get'),
		},
	],
	...crud('ONCRMDYNAMICITEM', 'item', 'Smart Process Item', (id, fields) => {
		const entityTypeId = toText(fields.ENTITY_TYPE_ID);
		return entityTypeId ? { method: 'crm.item.get', params: { entityTypeId, id } } : null;
	}),
	...crud('ONCRMPRODUCT', 'product', 'Product', byId('crm.product.get')),
	...crud('ONCRMREQUISITE', 'requisite', 'Requisite', byId('crm.requisite.get'), {
		add: "A company's or contact's requisites (INN, KPP, bank) were added",
	}),
	...crud('ONTASK', 'task', 'Task', (id) => ({ method: 'tasks.task.get', params: { taskId: id } })),
	...crud('ONTASKCOMMENT', 'taskComment', 'Task Comment', (id, fields) => {
		const taskId = toText(fields.TASK_ID);
		return taskId
			? { method: 'task.commentitem.get', params: { TASKID: taskId, ITEMID: id } }
			: null;
	}),
	[
		'ONUSERADD',
		{
			entity: 'user',
			action: 'add',
			name: 'User Added',
			description: 'A new employee joined the portal (e.g. a new manager for lead distribution)',
			get: (id) => ({ method: 'user.get', params: { ID: id } }),
		},
	],
]);

export const EVENT_OPTIONS: INodePropertyOptions[] = [...EVENT_KINDS]
	.map(([value, kind]) => ({
		name: kind.name,
		value,
		description: kind.description,
	}))
	.sort((a, b) => a.name.localeCompare(b.name));

/**
 * The application token a request carries, read without parsing anything: the flat form key
 * `auth[application_token]` (what Bitrix24 sends) or `auth.application_token` of a JSON body. Anything else — a
 * repeated key, a non-text value, no body — is no token.
 */
export function applicationTokenOf(body: unknown): string | undefined {
	if (!isRecord(body)) return undefined;
	const flat = body['auth[application_token]'];
	if (typeof flat === 'string') return flat;
	const auth = body.auth;
	return isRecord(auth) && typeof auth.application_token === 'string'
		? auth.application_token
		: undefined;
}

/** The event as nested JSON no deeper than the cap, with what had to be cut. */
function readEvent(body: Record<string, unknown>): {
	event: Record<string, unknown>;
	warnings: string[];
} {
	const warnings: string[] = [];
	const nested = Object.keys(body).some((k) => k.includes('['))
		? unflattenBrackets(body, { cut: warnings })
		: body;
	const bounded = boundDepth(nested);
	return { event: bounded.value, warnings: [...warnings, ...describeCuts(bounded.cut, 'body')] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject();
	const received: unknown = this.getBodyData();
	const credentials = await this.getCredentials('bitrix24OutgoingWebhookApi');
	if (!sameSecret(applicationTokenOf(received), credentials.applicationToken)) {
		res.status(401).json({ error: 'Wrong or missing application token' });
		return { noWebhookResponse: true };
	}
	// JSON bodies arrive nested already; form bodies arrive with flat bracket keys.
	const { event: body, warnings } = readEvent(received as Record<string, unknown>);
	const auth = (isRecord(body.auth) ? body.auth : {}) as IDataObject;
	const event = toText(body.event).toUpperCase();
	const wanted = (this.getNodeParameter('events', []) as string[]).map((e) => e.toUpperCase());
	if (!wanted.includes(event)) {
		res.status(200).json({ ignored: event || 'no event' });
		return { noWebhookResponse: true };
	}
	const data = isRecord(body.data) ? body.data : {};
	// Task events name the task under FIELDS_AFTER (FIELDS_BEFORE for what it was); CRM events under FIELDS.
	const fields = (
		isRecord(data.FIELDS) ? data.FIELDS : isRecord(data.FIELDS_AFTER) ? data.FIELDS_AFTER : {}
	) as IDataObject;
	const kind = EVENT_KINDS.get(event);
	const entity = kind?.entity ?? 'unknown';
	const action = kind?.action ?? 'unknown';
	const ts = Number(body.ts);
	const item: IDataObject = {
		event,
		entity,
		action,
		id: toText(fields.ID) || null,
		...(fields.ENTITY_TYPE_ID !== undefined ? { entityTypeId: toText(fields.ENTITY_TYPE_ID) } : {}),
		...(fields.TASK_ID !== undefined ? { taskId: toText(fields.TASK_ID) } : {}),
		fields,
		eventHandlerId: toText(body.event_handler_id) || null,
		receivedAt: new Date().toISOString(),
		// A `ts` past what a Date holds is a bad field, not a reason to lose the event.
		eventTime:
			Number.isFinite(ts) && ts > 0 && ts * 1000 <= 8.64e15
				? new Date(ts * 1000).toISOString()
				: null,
		portal: toText(auth.domain) || null,
		memberId: toText(auth.member_id) || null,
	};
	if (warnings.length > 0) item.warnings = warnings;
	const read = kind?.get && item.id ? kind.get(String(item.id), fields) : null;
	if (!this.getNodeParameter('fetchRecord', false) || !read) {
		return { workflowData: [[{ json: item }]] };
	}
	// Answer Bitrix24 now; reading the record must not make its queue wait.
	res.status(200).json({ ok: true });
	try {
		const { runner, webhook } = await connectBitrix24(this);
		const answer = (await runner.one(read)) as IDataObject | IDataObject[];
		// crm.item.get answers {item}, tasks.task.get {task}, user.get a list: the record itself goes out.
		const record = (
			Array.isArray(answer)
				? (answer[0] ?? null)
				: isRecord(answer.item)
					? answer.item
					: isRecord(answer.task)
						? answer.task
						: answer
		) as IDataObject;
		if (
			this.getNodeParameter('ignoreOwnChanges', false) &&
			action === 'update' &&
			Number(record?.MODIFY_BY_ID ?? record?.EDITOR_ID ?? record?.updatedBy) === webhook.userId
		) {
			return { noWebhookResponse: true };
		}
		item.record = record;
	} catch (error) {
		// The event still happened: it goes on with the reason the record could not be read.
		item.record = null;
		item.fetchError = crmCallError(this.getNode(), error).message;
	}
	return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
}
