import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { detectLeadFields } from '../shared/funnel/fieldDetection';
import {
	normalizeLead,
	type LeadDraft,
	type LeadOptions,
	type RequiredContact,
} from '../shared/funnel/lead';
import { itemFrom } from '../shared/n8n/items';

interface NormalizeOptions {
	defaultCountry?: string;
	keepRaw?: boolean;
	requiredContact?: RequiredContact;
	timezone?: string;
}

const VALID = 0;
const INVALID = 1;

/** Lead Normalize: every input item leaves on exactly one of Valid / Invalid. */
export async function executeLeadNormalize(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], []];
	for (let i = 0; i < items.length; i++) {
		try {
			const options = this.getNodeParameter('options', i, {}) as NormalizeOptions;
			checkTimezone.call(this, options.timezone, i);
			const draft = draftOf.call(this, items[i].json, i);
			const leadOptions: LeadOptions = {
				defaultCountry: options.defaultCountry ?? 'RU',
				requiredContact: options.requiredContact ?? 'any',
				timezone: options.timezone || 'Europe/Moscow',
				keepRaw: options.keepRaw ?? true,
			};
			const result = normalizeLead(draft, leadOptions);
			const json = result.lead as unknown as IDataObject;
			if (result.valid) {
				if (result.problems.length > 0)
					json.warnings = result.problems.map((p) => `${p.field}: ${p.reason}`);
				outputs[VALID].push(itemFrom(json, i));
			} else {
				outputs[INVALID].push(
					itemFrom(
						{
							...json,
							invalidReason: result.reason,
							problems: result.problems as unknown as IDataObject[],
						},
						i,
					),
				);
			}
		} catch (error) {
			// NodeOperationError returns an existing NodeOperationError unchanged, so its description survives.
			if (!this.continueOnFail())
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			outputs[INVALID].push(
				itemFrom({ invalidReason: (error as Error).message, raw: items[i].json }, i),
			);
		}
	}
	return outputs;
}

function draftOf(this: IExecuteFunctions, json: IDataObject, i: number): LeadDraft {
	const mode = this.getNodeParameter('mappingMode', i) as 'auto' | 'manual';
	let draft: LeadDraft;
	if (mode === 'manual') {
		const more = this.getNodeParameter('moreFields', i, {}) as IDataObject;
		draft = {
			name: this.getNodeParameter('name', i, ''),
			phone: this.getNodeParameter('phone', i, ''),
			email: this.getNodeParameter('email', i, ''),
			message: this.getNodeParameter('message', i, ''),
			form: more.form,
			externalId: more.externalId,
			receivedAt: more.receivedAt,
			pageUrl: more.pageUrl,
			cookies: more.cookies,
			tags: more.tags,
			utmFields: {
				utm_source: String(more.utmSource ?? ''),
				utm_medium: String(more.utmMedium ?? ''),
				utm_campaign: String(more.utmCampaign ?? ''),
				utm_content: String(more.utmContent ?? ''),
				utm_term: String(more.utmTerm ?? ''),
			},
			raw: json,
		};
	} else {
		draft = detectLeadFields(json);
	}
	const source = this.getNodeParameter('source', i, '') as string;
	const channel = this.getNodeParameter('channel', i, '') as string;
	if (source) draft.source = source;
	if (channel) draft.channel = channel;
	return draft;
}

function checkTimezone(this: IExecuteFunctions, zone: string | undefined, itemIndex: number) {
	if (!zone) return;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		throw new NodeOperationError(this.getNode(), `Unknown time zone "${zone}"`, {
			itemIndex,
			description:
				'Use an IANA time zone name such as Europe/Moscow or Asia/Almaty (Options → Time Zone for Dates).',
		});
	}
}
