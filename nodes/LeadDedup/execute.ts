import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { dedupWithinInput, matchHistory, storedKeysOf } from '../shared/funnel/dedup/batchDedup';
import { dedupKeysOf, KeyCache, type DedupSettings, type LeadKeys } from '../shared/funnel/dedup/dedupKeys';
import type { DuplicateOf } from '../shared/funnel/dedup/duplicateOf';
import { readPath } from '../shared/funnel/fieldPath';
import { itemFrom } from '../shared/n8n/items';
import { DEFAULT_HISTORY_SIZE } from './description';

const NEW = 0;
const DUPLICATE = 1;

interface DedupOptions {
	defaultCountry?: string;
	emailField?: string;
	emailProviderRules?: boolean;
	externalIdField?: string;
	otherPhonesField?: string;
	phoneField?: string;
}

/**
 * Lead Dedup: decides on the whole input at once (duplicates are about items relative to each other), then sends
 * every item to exactly one output. Within the input it matches in memory first, because n8n's store reports
 * repeats inside one call as new; then it asks the store once for all keys of this execution.
 */
export async function executeLeadDedup(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const scopes = this.getNodeParameter('scopes', 0, []) as string[];
	const chosenKeys = this.getNodeParameter('keys', 0, []) as Array<'phone' | 'email'>;
	const options = this.getNodeParameter('options', 0, {}) as DedupOptions;
	const settings: DedupSettings = {
		keys: chosenKeys,
		match: this.getNodeParameter('match', 0, 'any') as 'any' | 'all',
		byExternalId: this.getNodeParameter('byExternalId', 0, true) as boolean,
		emailProviderRules: options.emailProviderRules ?? false,
		defaultCountry: options.defaultCountry ?? 'RU',
	};
	if (scopes.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose where to look for duplicates', {
			description: 'Pick This Input, Earlier Executions, or both in "Look for Duplicates In".',
		});
	}
	if (chosenKeys.length === 0 && !settings.byExternalId) {
		throw new NodeOperationError(this.getNode(), 'Nothing to compare leads by', {
			description: 'Choose Phone and/or Email in "Match By", or turn on "Catch Repeated Submissions".',
		});
	}

	const cache = new KeyCache(settings);
	const fields = {
		phone: options.phoneField || 'phone',
		otherPhones: options.otherPhonesField || 'otherPhones',
		email: options.emailField || 'email',
		externalId: options.externalIdField || 'externalId',
	};
	const keys: LeadKeys[] = items.map((item) =>
		dedupKeysOf(
			{
				phone: readPath(item.json, fields.phone),
				otherPhones: readPath(item.json, fields.otherPhones),
				email: readPath(item.json, fields.email),
				externalId: readPath(item.json, fields.externalId),
				channel: item.json.channel,
			},
			settings,
			cache,
		),
	);

	const duplicates: Array<DuplicateOf | null> = scopes.includes('input') ? dedupWithinInput(keys) : keys.map(() => null);
	if (scopes.includes('history')) {
		const known = await checkHistory.call(this, keys);
		if (known instanceof Error) return everyItemNew(items, known.message);
		keys.forEach((lead, i) => {
			if (duplicates[i] === null) duplicates[i] = matchHistory(lead, known);
		});
	}

	const outputs: INodeExecutionData[][] = [[], []];
	let withoutKeys = 0;
	items.forEach((item, i) => {
		const duplicate = duplicates[i];
		if (duplicate) outputs[DUPLICATE].push(itemFrom({ ...item.json, duplicateOf: duplicate as unknown as IDataObject }, i));
		else outputs[NEW].push(itemFrom(item.json, i));
		if (keys[i].keys.length === 0 && keys[i].external === null) withoutKeys++;
	});
	if (withoutKeys > 0) {
		this.addExecutionHints({
			message: `${withoutKeys} of ${items.length} items had no usable phone, email or submission ID to compare and went out as New. Check the field names under Options.`,
			location: 'outputPane',
		});
	}
	return outputs;
}

/**
 * Asks n8n's deduplication store which keys an earlier execution recorded, and records this execution's keys
 * (of duplicates too: a new email of a known person makes the next lead with that email a duplicate).
 */
async function checkHistory(this: IExecuteFunctions, keys: LeadKeys[]): Promise<Set<string> | Error> {
	const scope = this.getNodeParameter('historyScope', 0, 'node') as 'node' | 'workflow';
	const historySize = this.getNodeParameter('historySize', 0, DEFAULT_HISTORY_SIZE) as number;
	const stored = storedKeysOf(keys);
	if (stored.length === 0) return new Set();
	const options = { mode: 'entries' as const, maxEntries: historySize };
	try {
		const result = await this.helpers.checkProcessedAndRecord(stored, scope, options);
		const count = await this.helpers.getProcessedDataCount(scope, options);
		if (historySize > 0 && count / historySize > 0.5) {
			this.addExecutionHints({
				message: `The dedup history holds ${count} of ${historySize} keys; the oldest are forgotten when it is full, and their leads would pass as New again. Raise "History Size" if you need a longer memory.`,
				location: 'outputPane',
			});
		}
		return new Set(result.processed.map(String));
	} catch (error) {
		const failure = new NodeOperationError(this.getNode(), `Could not read the dedup history: ${(error as Error).message}`, {
			description:
				'n8n keeps the history per saved workflow: save the workflow before running it. If it is saved, check the n8n database.',
		});
		if (!this.continueOnFail()) throw failure;
		return failure;
	}
}

/** With "continue on fail" nothing is lost when the history cannot be read: every item passes as New with the error. */
function everyItemNew(items: INodeExecutionData[], error: string): INodeExecutionData[][] {
	return [items.map((item, i) => itemFrom({ ...item.json, error }, i)), []];
}
