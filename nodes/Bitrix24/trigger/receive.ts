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

import { connectBitrix24, toNodeApiError, Bitrix24Error } from '../../shared/crm/bitrix24';
import { toText } from '../../shared/crm/bitrix24/parse';
import { boundDepth, describeCuts } from '../../shared/input/depth';
import { sameSecret } from '../../shared/input/secret';
import { unflattenBrackets } from '../../shared/n8n/brackets';

const EVENTS: Array<[string, string, string]> = [
	['ONCRMLEADADD', 'Lead Created', 'A lead was created'],
	[
		'ONCRMLEADUPDATE',
		'Lead Updated',
		"A lead changed (including its status); fires for the workflow's own writes too",
	],
	['ONCRMLEADDELETE', 'Lead Deleted', 'A lead was deleted'],
	['ONCRMDEALADD', 'Deal Created', 'A deal was created'],
	[
		'ONCRMDEALUPDATE',
		'Deal Updated',
		'A deal changed, including a stage change inside its pipeline',
	],
	['ONCRMDEALDELETE', 'Deal Deleted', 'A deal was deleted'],
	[
		'ONCRMDEALMOVETOCATEGORY',
		'Deal Moved to Another Pipeline',
		'Only Bitrix24 apps (event.bind) receive it, not outgoing webhooks',
	],
	['ONCRMCONTACTADD', 'Contact Created', 'A contact was created'],
	['ONCRMCONTACTUPDATE', 'Contact Updated', 'A contact changed'],
	['ONCRMCONTACTDELETE', 'Contact Deleted', 'A contact was deleted'],
	['ONCRMACTIVITYADD', 'Activity Created', 'A call, to-do, e-mail or meeting was added'],
	['ONCRMACTIVITYUPDATE', 'Activity Updated', 'An activity changed (e.g. completed)'],
	['ONCRMACTIVITYDELETE', 'Activity Deleted', 'An activity was deleted'],
];

export const EVENT_OPTIONS: INodePropertyOptions[] = EVENTS.map(([value, name, description]) => ({
	name,
	value,
	description,
})).sort((a, b) => a.name.localeCompare(b.name));

const GET_METHOD: Record<string, string> = {
	LEAD: 'crm.lead.get',
	DEAL: 'crm.deal.get',
	CONTACT: 'crm.contact.get',
	ACTIVITY: 'crm.activity.get',
};

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

function parseEvent(name: string): { entity: string; action: string } {
	const match = /^ONCRM(LEAD|DEAL|CONTACT|ACTIVITY)(ADD|UPDATE|DELETE|MOVETOCATEGORY)$/.exec(name);
	return match
		? { entity: match[1].toLowerCase(), action: match[2].toLowerCase() }
		: { entity: 'unknown', action: 'unknown' };
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
	const fields = (isRecord(data.FIELDS) ? data.FIELDS : {}) as IDataObject;
	const { entity, action } = parseEvent(event);
	const ts = Number(body.ts);
	const item: IDataObject = {
		event,
		entity,
		action,
		id: toText(fields.ID) || null,
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
	if (!this.getNodeParameter('fetchRecord', false) || action === 'delete' || !item.id) {
		return { workflowData: [[{ json: item }]] };
	}
	// Answer Bitrix24 now; reading the record must not make its queue wait.
	res.status(200).json({ ok: true });
	try {
		const { runner, webhook } = await connectBitrix24(this);
		const record = (await runner.one({
			method: GET_METHOD[entity.toUpperCase()],
			params: { id: item.id },
		})) as IDataObject;
		if (
			this.getNodeParameter('ignoreOwnChanges', false) &&
			action === 'update' &&
			Number(record.MODIFY_BY_ID ?? record.EDITOR_ID) === webhook.userId
		) {
			return { noWebhookResponse: true };
		}
		item.record = record;
	} catch (error) {
		// The event still happened: it goes on with the reason the record could not be read.
		const failure =
			error instanceof Bitrix24Error ? toNodeApiError(this.getNode(), error) : (error as Error);
		item.record = null;
		item.fetchError = failure.message;
	}
	return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
}
