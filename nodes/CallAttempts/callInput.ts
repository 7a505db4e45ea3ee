/** Each item's call result, read by the chosen telephony preset or the user's mapping. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { CallParse } from '../shared/funnel/calls/callResult';
import {
	parseOutcomeTable,
	readCustomCall,
	type CustomCallMapping,
} from '../shared/funnel/calls/customMapping';
import { readCallResult } from '../shared/funnel/calls/readCall';
import { itemParameter } from './itemParameter';
import type { CallAttemptsSettings } from './settings';

function customMappingOf(this: IExecuteFunctions): CustomCallMapping {
	const table = parseOutcomeTable(String(this.getNodeParameter('customOutcomes', 0, '') ?? ''));
	if (table.problems.length) {
		throw new NodeOperationError(this.getNode(), `Status Meanings: ${table.problems[0]}`, {
			description: 'Write one "status = outcome" per line, e.g. "NO ANSWER = no_answer".',
		});
	}
	return {
		outcomes: table.outcomes,
		talkTimeDecides: this.getNodeParameter('customTalkTimeDecides', 0, true) as boolean,
	};
}

/** Reads each item's call: by the chosen preset (or detection), or by the user's mapping, its fields read per item. */
export function callReader(
	ctx: IExecuteFunctions,
	settings: CallAttemptsSettings,
): (itemIndex: number, json: IDataObject) => CallParse {
	const options = {
		defaultCountry: settings.defaultCountry,
		zone: settings.companyZone,
		ownNumbers: settings.ownNumbers,
	};
	const source = settings.source;
	if (source !== 'custom') return (_, json) => readCallResult(json, source, options);
	const mapping = customMappingOf.call(ctx);
	const field = (name: string) => itemParameter(ctx, name, '');
	const fields = {
		status: field('customStatus'),
		talkSeconds: field('customTalkSeconds'),
		phone: field('customPhone'),
		direction: field('customDirection'),
		callId: field('customCallId'),
		startedAt: field('customStartedAt'),
	};
	return (itemIndex) =>
		readCustomCall(
			{
				status: fields.status(itemIndex),
				talkSeconds: fields.talkSeconds(itemIndex),
				phone: fields.phone(itemIndex),
				direction: fields.direction(itemIndex),
				callId: fields.callId(itemIndex),
				startedAt: fields.startedAt(itemIndex),
			},
			mapping,
			options,
		);
}
