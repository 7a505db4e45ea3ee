import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import { getFunnelCrm } from '../shared/crm';
import { dedupWithinInput, matchHistory, storedKeysOf } from '../shared/funnel/dedup/batchDedup';
import {
	dedupKeysOf,
	KeyCache,
	type DedupSettings,
	type LeadIdentity,
	type LeadKeys,
} from '../shared/funnel/dedup/dedupKeys';
import type { CrmDuplicate, DuplicateOf } from '../shared/funnel/dedup/duplicateOf';
import { readPath } from '../shared/funnel/fieldPath';
import { crmCallError, errorItem } from '../shared/n8n/crmErrors';
import { itemFrom } from '../shared/n8n/items';
import { retryFirstRecordRace } from '../shared/n8n/processedStore';
import { crmCandidates, findCrmDuplicates, type CrmFindings } from './crmScope';
import { DEFAULT_HISTORY_SIZE } from './description';
import {
	actOnCrmDuplicates,
	afterMerge,
	type ActionOutcome,
	type Wanted,
} from './duplicateActions';

const NEW = 0;
const DUPLICATE = 1;

interface DedupOptions {
	createMissingTags?: boolean;
	defaultCountry?: string;
	emailField?: string;
	emailProviderRules?: boolean;
	externalIdField?: string;
	nationalPhoneLookups?: boolean;
	noteMarker?: string;
	otherPhonesField?: string;
	phoneField?: string;
	preferPipeline?: string;
}

/**
 * Lead Dedup: decides on the whole input at once (duplicates are about items relative to each other), then sends
 * every item to exactly one output. Within the input it matches in memory first, because n8n's store reports
 * repeats inside one call as new; then it asks the store once for all keys of this execution; then the CRM once
 * for the leads still unknown.
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
			description: 'Pick This Input, Earlier Executions and/or CRM in "Look for Duplicates In".',
		});
	}
	if (chosenKeys.length === 0 && !settings.byExternalId) {
		throw new NodeOperationError(this.getNode(), 'Nothing to compare leads by', {
			description:
				'Choose Phone and/or Email in "Match By", or turn on "Catch Repeated Submissions".',
		});
	}

	const fields = {
		phone: options.phoneField || 'phone',
		otherPhones: options.otherPhonesField || 'otherPhones',
		email: options.emailField || 'email',
		externalId: options.externalIdField || 'externalId',
	};
	const identities: LeadIdentity[] = items.map((item) => ({
		phone: readPath(item.json, fields.phone),
		otherPhones: readPath(item.json, fields.otherPhones),
		email: readPath(item.json, fields.email),
		externalId: readPath(item.json, fields.externalId),
		channel: item.json.channel,
	}));
	const cache = new KeyCache(settings);
	const keys: LeadKeys[] = identities.map((identity) => dedupKeysOf(identity, settings, cache));

	const duplicates: Array<DuplicateOf | null> = scopes.includes('input')
		? dedupWithinInput(keys)
		: keys.map(() => null);
	if (scopes.includes('history')) {
		const known = await checkHistory.call(this, keys);
		if (known instanceof Error) return everyItemNew(items, known.message);
		keys.forEach((lead, i) => {
			if (duplicates[i] === null) duplicates[i] = matchHistory(lead, known);
		});
	}

	const outputs: INodeExecutionData[][] = [[], []];
	let crmCheck: CrmCheck = { failed: null, actions: new Map() };
	if (scopes.includes('crm')) {
		// The CRM stores real addresses: compare emails as written, without the alias rules of this node's own keys.
		const crmCache = new KeyCache({ ...settings, emailProviderRules: false });
		const crmKeys = identities.map((identity) =>
			dedupKeysOf(identity, { ...settings, emailProviderRules: false }, crmCache),
		);
		crmCheck = await checkCrm.call(this, items, crmKeys, duplicates);
	}

	let withoutKeys = 0;
	items.forEach((item, i) => {
		const duplicate = duplicates[i];
		const action = crmCheck.actions.get(i);
		if (duplicate) {
			const json = {
				...item.json,
				duplicateOf: (duplicate.where === 'crm'
					? { ...afterMerge(duplicate, action), ...(action ? { actions: action.actions } : {}) }
					: duplicate) as unknown as IDataObject,
			};
			outputs[DUPLICATE].push(action?.error ? errorItem(action.error, i) : itemFrom(json, i));
		} else if (crmCheck.failed?.unchecked.has(i)) {
			// Not known to be new: the CRM could not be asked. Kept with the reason rather than passed on as New.
			outputs[NEW].push(errorItem(crmCheck.failed.error, i));
		} else {
			outputs[NEW].push(itemFrom(item.json, i));
		}
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

interface CrmCheck {
	/** The CRM could not be asked (only with "continue on fail"): which items were not checked, and why. */
	failed: { unchecked: Set<number>; error: NodeApiError | NodeOperationError } | null;
	actions: Map<number, ActionOutcome>;
}

/**
 * The CRM scope: asks the CRM about the leads not already known as repeats, marks those it knows, then acts on them
 * (tag, note, merge) as the node is set to. A failed lookup stops the node, or with "continue on fail" leaves the
 * unchecked leads on New with the CRM's error.
 */
async function checkCrm(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	crmKeys: LeadKeys[],
	duplicates: Array<DuplicateOf | null>,
): Promise<CrmCheck> {
	const options = this.getNodeParameter('options', 0, {}) as DedupOptions;
	const crm = getFunnelCrm(this, {
		defaultCountry: options.defaultCountry,
		bitrix24: {
			createMissingTags: options.createMissingTags ?? false,
			nationalPhoneLookups: options.nationalPhoneLookups ?? false,
		},
	});
	if (!crm) {
		throw new NodeOperationError(this.getNode(), 'Choose the CRM to look in', {
			description:
				'Pick amoCRM or Bitrix24 in the CRM parameter, or remove CRM from "Look for Duplicates In".',
		});
	}
	const candidates = crmCandidates(duplicates);
	let found: Array<CrmDuplicate | null>;
	let unknownKeys: CrmFindings['unknownKeys'];
	try {
		({ found, unknownKeys } = await findCrmDuplicates(
			crm,
			crmKeys,
			candidates,
			options.preferPipeline ?? '',
		));
	} catch (error) {
		const failure = crmCallError(this.getNode(), error);
		if (!this.continueOnFail()) throw failure;
		return { failed: { unchecked: new Set(candidates), error: failure }, actions: new Map() };
	}
	found.forEach((duplicate, i) => {
		if (duplicate) duplicates[i] = duplicate;
	});
	const wanted: Wanted = {
		tag: this.getNodeParameter('tagExistingDeal', 0, false) as boolean,
		note: this.getNodeParameter('noteExistingDeal', 0, false) as boolean,
		merge: crm.kind === 'bitrix24' && (this.getNodeParameter('mergeContacts', 0, false) as boolean),
		contactDetails: this.getNodeParameter('addContactDetails', 0, true) as boolean,
		noteMarker: options.noteMarker !== undefined,
	};
	if (!Object.values(wanted).some(Boolean)) return { failed: null, actions: new Map() };
	let actions: Map<number, ActionOutcome>;
	try {
		actions = await actOnCrmDuplicates.call(this, crm, items, found, wanted, unknownKeys);
	} catch (error) {
		throw crmCallError(this.getNode(), error);
	}
	if (!this.continueOnFail()) {
		const failed = [...actions.values()].find((a) => a.error);
		if (failed?.error) throw failed.error;
	}
	return { failed: null, actions };
}

/**
 * Asks n8n's deduplication store which keys an earlier execution recorded, and records this execution's keys
 * (of duplicates too: a new email of a known person makes the next lead with that email a duplicate).
 */
async function checkHistory(
	this: IExecuteFunctions,
	keys: LeadKeys[],
): Promise<Set<string> | Error> {
	const scope = this.getNodeParameter('historyScope', 0, 'node') as 'node' | 'workflow';
	const historySize = this.getNodeParameter('historySize', 0, DEFAULT_HISTORY_SIZE) as number;
	const stored = storedKeysOf(keys);
	if (stored.length === 0) return new Set();
	const options = { mode: 'entries' as const, maxEntries: historySize };
	try {
		const result = await retryFirstRecordRace(() =>
			this.helpers.checkProcessedAndRecord(stored, scope, options),
		);
		const count = await this.helpers.getProcessedDataCount(scope, options);
		if (historySize > 0 && count / historySize > 0.5) {
			this.addExecutionHints({
				message: `The dedup history holds ${count} of ${historySize} keys; the oldest are forgotten when it is full, and their leads would pass as New again. Raise "History Size" if you need a longer memory.`,
				location: 'outputPane',
			});
		}
		return new Set(result.processed.map(String));
	} catch (error) {
		const failure = new NodeOperationError(
			this.getNode(),
			`Could not read the dedup history: ${(error as Error).message}`,
			{
				description:
					'n8n keeps the history per saved workflow: save the workflow before running it. If it is saved, check the n8n database.',
			},
		);
		if (!this.continueOnFail()) throw failure;
		return failure;
	}
}

/** With "continue on fail" nothing is lost when the history cannot be read: every item passes as New with the error. */
function everyItemNew(items: INodeExecutionData[], error: string): INodeExecutionData[][] {
	return [items.map((item, i) => itemFrom({ ...item.json, error }, i)), []];
}
