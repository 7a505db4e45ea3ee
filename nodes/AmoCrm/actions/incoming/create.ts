/**
 * Incoming leads (Неразобранное) from a form or a call: `POST /api/v4/leads/unsorted/forms` and `/sip`, each with
 * its lead, contact and metadata. They wait in the pipeline's first column until someone accepts or declines them;
 * amoCRM's own duplicate control and Digital Pipeline apply there. A batch carries request_id per item so a
 * refused item is named; a lost answer is not re-sent (nothing is made twice).
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { writeInBatches } from '../../../shared/crm/amocrm/writes';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { pipelineLocator, refOf, type ItemOutcome, type OperationRun } from '../common';
import { storedEmail, storedPhone } from '../contact/fields';
import { pipelineIdOf } from '../resolve';

/** Incoming leads per request: our API notes give no limit for these routes (unverified); 50 as for complex leads. */
const UNSORTED_BATCH = 50;

const both = ['createFromForm', 'createFromCall'];

export const description: INodeProperties[] = [
	{
		...pipelineLocator(
			{},
			'The pipeline whose "Incoming leads" column gets the lead. Empty: the main pipeline.',
		),
		displayOptions: displayFor('incomingLead', both),
	},
	{
		displayName: 'Source Name',
		name: 'sourceName',
		type: 'string',
		required: true,
		default: 'n8n',
		placeholder: 'e.g. Сайт, форма «Заявка»',
		description: 'Where the lead came from, as amoCRM shows it on the incoming lead',
		displayOptions: displayFor('incomingLead', both),
	},
	{
		displayName: 'Source ID',
		name: 'sourceUid',
		type: 'string',
		required: true,
		default: 'n8n',
		placeholder: 'e.g. site-form-1',
		description:
			'A steady ID of the source (the form or the phone line): amoCRM groups incoming leads by it',
		displayOptions: displayFor('incomingLead', both),
	},
	{
		displayName: 'Lead Name',
		name: 'leadName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Заявка с сайта',
		description: 'The name of the deal it becomes; empty: amoCRM names it',
		displayOptions: displayFor('incomingLead', both),
	},
	{
		displayName: 'Contact Name',
		name: 'contactName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Анна',
		description:
			"The client's name; empty: no contact (for a call, the caller's number is the contact)",
		displayOptions: displayFor('incomingLead', both),
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. 8 (916) 123-45-67',
		description:
			"The client's phone, stored as +79161234567 when valid; for a call, the number that called (required)",
		displayOptions: displayFor('incomingLead', both),
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: "The client's email",
		displayOptions: displayFor('incomingLead', ['createFromForm']),
	},
	{
		displayName: 'Form Details',
		name: 'formDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		description: 'What amoCRM shows about the form on the incoming lead',
		displayOptions: displayFor('incomingLead', ['createFromForm']),
		options: [
			{
				displayName: 'Form Name',
				name: 'formName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Заявка на консультацию',
				description: 'The form the client filled in',
			},
			{
				displayName: 'IP Address',
				name: 'ip',
				type: 'string',
				default: '',
				description: "The visitor's IP address",
			},
			{
				displayName: 'Page',
				name: 'formPage',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://site.ru/webinar',
				description: 'The page the form is on',
			},
			{
				displayName: 'Referrer',
				name: 'referer',
				type: 'string',
				default: '',
				description: 'The page the visitor came from',
			},
		],
	},
	{
		displayName: 'Call Details',
		name: 'callDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		description: 'What amoCRM shows about the call on the incoming lead',
		displayOptions: displayFor('incomingLead', ['createFromCall']),
		options: [
			{
				displayName: 'Call ID',
				name: 'uniq',
				type: 'string',
				default: '',
				description: "The telephony's ID of the call",
			},
			{
				displayName: 'Called At',
				name: 'calledAt',
				type: 'dateTime',
				default: '',
				description: 'When the call came in; empty: now',
			},
			{
				displayName: 'Duration (Seconds)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'How long the call lasted',
			},
			{
				displayName: 'Line',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: 'e.g. +74951234567',
				description: 'The number or line that was called',
			},
			{
				displayName: 'Recording Link',
				name: 'link',
				type: 'string',
				default: '',
				description: 'A link to the call recording',
			},
			{
				displayName: 'Telephony Code',
				name: 'serviceCode',
				type: 'string',
				default: '',
				description: "The telephony integration's code in amoCRM, if it has one",
			},
		],
	},
];

type UnsortedPayload = Record<string, unknown>;

function unix(value: unknown): number {
	const ms = value ? Date.parse(String(value)) : NaN;
	return Math.floor((Number.isFinite(ms) ? ms : Date.now()) / 1000);
}

async function payloadOf(
	ctx: IExecuteFunctions,
	run: OperationRun,
	kind: 'forms' | 'sip',
	i: number,
): Promise<UnsortedPayload> {
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	const sourceName = text('sourceName');
	const sourceUid = text('sourceUid');
	if (!sourceName || !sourceUid)
		throw new NodeOperationError(ctx.getNode(), 'An incoming lead needs its source', {
			itemIndex: i,
			description: 'Fill in Source Name and Source ID (e.g. the form or the phone line)',
		});
	const phone = storedPhone(text('phone'));
	const email = kind === 'forms' ? storedEmail(text('email')) : null;
	if (kind === 'sip' && !phone)
		throw new NodeOperationError(ctx.getNode(), 'A call needs the number that called', {
			itemIndex: i,
			description: 'Fill in Phone, e.g. with the caller number from the telephony webhook',
		});
	const pipelineId = await pipelineIdOf(ctx, run.crm, refOf(ctx, 'pipeline', i), i);
	const values: Array<Record<string, unknown>> = [];
	if (phone) values.push({ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] });
	if (email) values.push({ field_code: 'EMAIL', values: [{ value: email, enum_code: 'WORK' }] });
	const contactName = text('contactName') || (kind === 'sip' ? (phone ?? '') : '');
	const contact =
		contactName || values.length
			? [{ name: contactName, ...(values.length ? { custom_fields_values: values } : {}) }]
			: [];
	let metadata: IDataObject;
	if (kind === 'forms') {
		const form = ctx.getNodeParameter('formDetails', i, {}) as IDataObject;
		metadata = {
			form_id: sourceUid,
			form_name: String(form.formName ?? '') || sourceName,
			form_page: String(form.formPage ?? ''),
			form_sent_at: unix(undefined),
			...(form.ip ? { ip: String(form.ip) } : {}),
			...(form.referer ? { referer: String(form.referer) } : {}),
		};
	} else {
		const call = ctx.getNodeParameter('callDetails', i, {}) as IDataObject;
		metadata = {
			phone,
			called_at: unix(call.calledAt),
			duration: Number(call.duration ?? 0),
			uniq: String(call.uniq ?? '') || `n8n-${sourceUid}-${unix(call.calledAt)}-${phone}`,
			from: String(call.from ?? '') || sourceName,
			...(call.link ? { link: String(call.link) } : {}),
			...(call.serviceCode ? { service_code: String(call.serviceCode) } : {}),
			is_call_event_needed: true,
		};
	}
	return {
		source_name: sourceName,
		source_uid: sourceUid,
		...(pipelineId ? { pipeline_id: Number(pipelineId) } : {}),
		created_at: unix(undefined),
		metadata,
		_embedded: {
			leads: [text('leadName') ? { name: text('leadName') } : {}],
			...(contact.length ? { contacts: contact } : {}),
		},
	};
}

function creator(kind: 'forms' | 'sip') {
	return async function (this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, run.items.length, (i) => payloadOf(this, run, kind, i));
		return sendItems(
			prepared,
			(payloads) =>
				writeInBatches<UnsortedPayload, IDataObject>(payloads, {
					transport: run.crm.transport,
					kind: 'create',
					maxBatch: UNSORTED_BATCH,
					send: async (batch) => {
						const answer = await run.crm.transport.request<{
							_embedded?: { unsorted?: IDataObject[] };
						}>('POST', `/api/v4/leads/unsorted/${kind}`, { body: batch });
						const rows = answer.body?._embedded?.unsorted ?? [];
						const byRequest = new Map(rows.map((r) => [String(r.request_id), r]));
						return batch.map((p, k) => byRequest.get(p.request_id) ?? rows[k]);
					},
				}),
			(row) => {
				const embedded = (row._embedded ?? {}) as {
					leads?: Array<{ id: number }>;
					contacts?: Array<{ id: number }>;
				};
				return {
					uid: row.uid as string,
					leadId: embedded.leads?.[0]?.id ?? null,
					contactId: embedded.contacts?.[0]?.id ?? null,
					category: kind,
				};
			},
		);
	};
}

export const executeFromForm = creator('forms');
export const executeFromCall = creator('sip');
