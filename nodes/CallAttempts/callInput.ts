/** Each item's call result, read by the chosen telephony preset or the user's mapping. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { CallParse } from '../shared/funnel/calls/callResult';
import {
	parseOutcomeTable,
	readCustomCall,
	type CustomCallMapping,
} from '../shared/funnel/calls/customMapping';
import { readCallResult } from '../shared/funnel/calls/readCall';
import type { CallAttemptsSettings } from './settings';

export function customMappingOf(this: IExecuteFunctions): CustomCallMapping {
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

export function readItemCall(
	this: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
	settings: CallAttemptsSettings,
	mapping: CustomCallMapping | null,
): CallParse {
	const options = {
		defaultCountry: settings.defaultCountry,
		zone: settings.companyZone,
		ownNumbers: settings.ownNumbers,
	};
	if (settings.source !== 'custom') return readCallResult(json, settings.source, options);
	const value = (name: string) => this.getNodeParameter(name, itemIndex, '') as unknown;
	return readCustomCall(
		{
			status: value('customStatus'),
			talkSeconds: value('customTalkSeconds'),
			phone: value('customPhone'),
			direction: value('customDirection'),
			callId: value('customCallId'),
			startedAt: value('customStartedAt'),
		},
		mapping!,
		options,
	);
}
