import { boundDepth, describeCuts } from '../../input/depth';
import { detectLeadFields } from '../fieldDetection';
import { isRecord } from '../fieldPath';
import {
	normalizeLead,
	type CanonicalLead,
	type LeadDraft,
	type LeadOptions,
	type LeadProblem,
} from '../lead';
import { checkMapping, draftFromMapping, type FieldMapping } from './customMapping';
import { readMessengerWebhook, type MessengerContact, type MessengerDraft } from './messengers';
import { readRequestBody } from './requestBody';

/** What kind of sender the Lead Capture URL is given to. */
export type CapturePreset = 'auto' | 'tilda' | 'form' | 'messenger' | 'custom';

export interface CaptureSettings {
	preset: CapturePreset;
	/** Custom preset: where each lead field is in the request. */
	mapping?: readonly FieldMapping[];
	/** Custom preset: recognise the fields the mapping leaves out by their usual names (default true). */
	recogniseUnmapped?: boolean;
	/** Overrides what the preset says about the source and channel. */
	source?: string;
	channel?: string;
	lead: LeadOptions;
}

export interface CaptureRequest {
	/** The body as n8n's webhook server parsed it. */
	body: unknown;
	contentType: string;
	/** Query parameters, without the shared secret. */
	query: Record<string, unknown>;
}

export type CapturedLead = CanonicalLead & { messenger?: MessengerContact; warnings?: string[] };

/** A request (or a part of one) that gave no usable lead: it leaves on the Invalid output, never dropped. */
export interface InvalidCapture {
	invalidReason: string;
	problems: LeadProblem[];
	/** Parts of the request nested too deep to keep as they came (kept as text). */
	warnings?: string[];
	/** What the sender sent (body), so nothing is lost. */
	raw: unknown;
	query: Record<string, unknown>;
	contentType: string;
	receivedAt: string;
}

export type CaptureOutcome =
	/** A sender's connection test (Tilda `test=test`, Wazzup24 `{test: true}`): answer 200, start nothing. */
	| { kind: 'ping'; sender: string }
	/** A messenger event that is not a person writing (delivery status, own outgoing message). */
	| { kind: 'ignored'; what: string[] }
	| { kind: 'leads'; leads: CapturedLead[]; invalid: InvalidCapture[] };

const PRESET_LABELS: Record<CapturePreset, { source: string; channel: string }> = {
	auto: { source: '', channel: '' },
	tilda: { source: 'site form', channel: 'tilda' },
	form: { source: 'site form', channel: '' },
	messenger: { source: 'messenger', channel: '' },
	custom: { source: '', channel: '' },
};

/** Reads one webhook request into leads. Pure: the node adds security and the HTTP answer. */
export function captureLeads(request: CaptureRequest, settings: CaptureSettings): CaptureOutcome {
	const now = settings.lead.now ?? (() => new Date());
	const receivedAt = now().toISOString();
	// The query can nest too (`?a[b][c]=…` with an extended parser): it is kept no deeper than the body.
	const query = boundDepth(request.query ?? {});
	const queryWarnings = describeCuts(query.cut, 'query');
	const invalid = (
		reason: string,
		raw: unknown,
		problems: LeadProblem[] = [],
		warnings: string[] = [],
	): InvalidCapture => {
		const bounded = boundDepth(raw);
		const all = [...queryWarnings, ...warnings, ...describeCuts(bounded.cut, 'raw')];
		return {
			invalidReason: reason,
			problems,
			...(all.length > 0 ? { warnings: all } : {}),
			raw: bounded.value,
			query: query.value,
			contentType: request.contentType,
			receivedAt,
		};
	};

	const mappingProblem = settings.preset === 'custom' ? checkMapping(settings.mapping ?? []) : '';
	if (mappingProblem)
		return {
			kind: 'leads',
			leads: [],
			invalid: [invalid(`the field mapping is wrong: ${mappingProblem}`, request.body)],
		};

	const body = readRequestBody(request.body, request.contentType);
	if (!body.ok) return { kind: 'leads', leads: [], invalid: [invalid(body.reason, request.body)] };
	if (body.records.length === 1) {
		const ping = pingOf(body.records[0]);
		if (ping) return { kind: 'ping', sender: ping };
	}

	const leads: CapturedLead[] = [];
	const invalids: InvalidCapture[] = [];
	const ignored: string[] = [];
	const options: LeadOptions = { ...settings.lead, now: () => new Date(receivedAt) };
	const labels = PRESET_LABELS[settings.preset];
	const finish = (
		draft: LeadDraft,
		messenger?: MessengerContact,
		found = labels,
		cutWarnings: string[] = [],
	) => {
		if (settings.source) draft.source = settings.source;
		else if (!draft.source && found.source) draft.source = found.source;
		if (settings.channel) draft.channel = settings.channel;
		else if (!draft.channel && found.channel) draft.channel = found.channel;
		const result = normalizeLead(draft, options);
		if (!result.valid) {
			invalids.push(invalid(result.reason, draft.raw, result.problems, cutWarnings));
			return;
		}
		const lead: CapturedLead = { ...result.lead };
		if (messenger) lead.messenger = messenger;
		const warnings = [
			...result.problems.map((p) => `${p.field}: ${p.reason}`),
			...queryWarnings,
			...cutWarnings,
		];
		if (warnings.length > 0) lead.warnings = warnings;
		leads.push(lead);
	};

	for (const received of body.records) {
		// Nothing deeper than the cap goes on: later nodes and n8n itself walk items recursively.
		const { value: record, cut } = boundDepth(received);
		const cutWarnings = [...(body.warnings ?? []), ...describeCuts(cut, 'raw')];
		const messenger =
			settings.preset === 'auto' || settings.preset === 'messenger'
				? readMessengerWebhook(record)
				: null;
		if (messenger) {
			ignored.push(...messenger.ignored);
			messenger.leads.forEach((m: MessengerDraft) =>
				finish(m.draft, m.contact, labels, cutWarnings),
			);
			continue;
		}
		if (settings.preset === 'messenger') {
			invalids.push(
				invalid(
					'not a Telegram, WhatsApp Cloud API, GREEN-API or Wazzup24 webhook',
					record,
					[],
					cutWarnings,
				),
			);
			continue;
		}
		const tilda = settings.preset === 'auto' && looksLikeTilda(record);
		finish(
			formDraft(record, query.value, settings),
			undefined,
			tilda ? PRESET_LABELS.tilda : labels,
			cutWarnings,
		);
	}

	if (leads.length === 0 && invalids.length === 0 && ignored.length > 0)
		return { kind: 'ignored', what: ignored };
	return { kind: 'leads', leads, invalid: invalids };
}

/** A form or JSON record: the custom mapping first (when chosen), then the usual field names. */
function formDraft(
	record: Record<string, unknown>,
	query: Record<string, unknown>,
	settings: CaptureSettings,
): LeadDraft {
	const custom = settings.preset === 'custom';
	const mapped = custom ? draftFromMapping(record, query, settings.mapping ?? []) : null;
	const detected =
		!custom || settings.recogniseUnmapped !== false ? detectLeadFields(record) : { utmFields: {} };
	// A form's own date field ("Дата мероприятия") is the client's data, not when the request came: receivedAt is
	// now unless the user mapped it on purpose.
	detected.receivedAt = undefined;
	const draft: LeadDraft = { ...detected, ...definedOnly(mapped ?? {}) };
	draft.utmFields = { ...(detected.utmFields ?? {}), ...(mapped?.utmFields ?? {}) };
	// The webhook URL's query string can label a site or a form: ?form=vacancies&utm_source=site2.
	const fromQuery = detectLeadFields(query);
	for (const [key, value] of Object.entries(fromQuery.utmFields ?? {}))
		draft.utmFields[key] ??= value;
	for (const field of ['form', 'source', 'channel'] as const) {
		if (isBlank(draft[field]) && !isBlank(fromQuery[field])) draft[field] = fromQuery[field];
	}
	draft.raw = record;
	return draft;
}

/** Tilda's own technical fields: a submission id like 467251:8442970, a form id like form123456789, its cookies. */
function looksLikeTilda(record: Record<string, unknown>): boolean {
	const tranid = typeof record.tranid === 'string' && /^\d+:\d+$/.test(record.tranid);
	const formid = typeof record.formid === 'string' && /^form\d+$/.test(record.formid);
	const cookies =
		typeof record.COOKIES === 'string' && /(^|;\s*)(TILDAUTM|tildauid)=/.test(record.COOKIES);
	return tranid || formid || cookies;
}

function pingOf(record: Record<string, unknown>): string | null {
	const keys = Object.keys(record);
	if (keys.length !== 1 || keys[0] !== 'test') return null;
	if (record.test === 'test') return 'Tilda';
	if (record.test === true || record.test === 'true') return 'Wazzup24';
	return null;
}

function definedOnly(draft: LeadDraft): LeadDraft {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(draft))
		if (value !== undefined && key !== 'utmFields') result[key] = value;
	return result as LeadDraft;
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		value === '' ||
		(isRecord(value) && Object.keys(value).length === 0)
	);
}
