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
import { ClaimStoreError } from '../shared/claims/claimStore';
import { claimStoreFailure, openClaimStore, type OpenClaims } from '../shared/n8n/claimOptions';
import { repeatsByFirst, repeatsNote } from '../shared/funnel/dedup/repeats';
import { findCrmDuplicatesClaimed } from './claims';
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
	// The first request of each person carries the later ones of this input: they join whatever deal it gets.
	const leads = items.map((item) => item.json);
	const repeats = repeatsByFirst(duplicates, leads);
	const withRepeats = items.map((item, i): INodeExecutionData => {
		const list = repeats.get(i);
		if (!list) return item;
		return {
			...item,
			json: {
				...item.json,
				repeats: list as unknown as IDataObject[],
				repeatsNote: repeatsNote(list, leads),
			},
		};
	});
	let crmCheck: CrmCheck = {
		failed: null,
		actions: new Map(),
		concurrent: new Map(),
		waitedOut: new Map(),
	};
	if (scopes.includes('crm')) {
		// The CRM stores real addresses: compare emails as written, without the alias rules of this node's own keys.
		const crmCache = new KeyCache({ ...settings, emailProviderRules: false });
		const crmKeys = identities.map((identity) =>
			dedupKeysOf(identity, { ...settings, emailProviderRules: false }, crmCache),
		);
		const claims = await openClaimStore(this);
		try {
			crmCheck = await checkCrm.call(this, withRepeats, keys, crmKeys, duplicates, claims);
		} finally {
			await claims?.store.close();
		}
	}

	let withoutKeys = 0;
	withRepeats.forEach((item, i) => {
		const duplicate = duplicates[i];
		const action = crmCheck.actions.get(i);
		const waitedOut = crmCheck.waitedOut.get(i);
		const concurrent = crmCheck.concurrent.get(i);
		if (waitedOut) {
			outputs[NEW].push(errorItem(waitedOut, i));
		} else if (duplicate) {
			const json = {
				...item.json,
				duplicateOf: (duplicate.where === 'crm'
					? {
							...afterMerge(duplicate, action),
							...(concurrent ? { concurrentExecutionId: concurrent } : {}),
							...(action ? { actions: action.actions } : {}),
						}
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
	/** Leads another execution held at the same moment and wrote meanwhile: that execution's id. */
	concurrent: Map<number, string>;
	/** Leads another execution held and had not written when the wait was over (only with "continue on fail"). */
	waitedOut: Map<number, NodeOperationError>;
}

/**
 * The CRM scope: asks the CRM about the leads not already known as repeats, marks those it knows, then acts on them
 * (tag, note, merge) as the node is set to. A failed lookup stops the node, or with "continue on fail" leaves the
 * unchecked leads on New with the CRM's error.
 */
async function checkCrm(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	keys: LeadKeys[],
	crmKeys: LeadKeys[],
	duplicates: Array<DuplicateOf | null>,
	claims: OpenClaims | null,
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
	const check: CrmCheck = {
		failed: null,
		actions: new Map(),
		concurrent: new Map(),
		waitedOut: new Map(),
	};
	let found: Array<CrmDuplicate | null>;
	let unknownKeys: CrmFindings['unknownKeys'];
	let waitedOut = new Map<number, string>();
	const preferPipeline = options.preferPipeline ?? '';
	try {
		if (claims) {
			const claimed = await findCrmDuplicatesClaimed(
				crm,
				claims,
				keys,
				crmKeys,
				candidates,
				preferPipeline,
			);
			({ found, unknownKeys } = claimed);
			check.concurrent = claimed.concurrent;
			waitedOut = claimed.waitedOut;
		} else {
			({ found, unknownKeys } = await findCrmDuplicates(crm, crmKeys, candidates, preferPipeline));
		}
	} catch (error) {
		const failure =
			error instanceof ClaimStoreError
				? claimStoreFailure(this, error)
				: crmCallError(this.getNode(), error);
		if (!this.continueOnFail()) throw failure;
		return { ...check, failed: { unchecked: new Set(candidates), error: failure } };
	}
	for (const [i, holder] of waitedOut) {
		const failure = waitedOutError(this, i, holder, claims!.waitMs, items[i].json);
		if (!this.continueOnFail()) throw failure;
		check.waitedOut.set(i, failure);
	}
	found.forEach((duplicate, i) => {
		if (duplicate) duplicates[i] = duplicate;
	});
	if (claims) {
		// Under a claim the CRM decides: a person the history saw but the CRM does not have was never written (its
		// execution failed, or is being retried): this execution holds the person now, so the lead is New, not lost.
		for (const i of candidates)
			if (duplicates[i]?.where === 'history' && !found[i] && !check.waitedOut.has(i))
				duplicates[i] = null;
	}
	const wanted: Wanted = {
		tag: this.getNodeParameter('tagExistingDeal', 0, false) as boolean,
		note: this.getNodeParameter('noteExistingDeal', 0, false) as boolean,
		merge: crm.kind === 'bitrix24' && (this.getNodeParameter('mergeContacts', 0, false) as boolean),
		contactDetails: this.getNodeParameter('addContactDetails', 0, true) as boolean,
		noteMarker: options.noteMarker !== undefined,
	};
	if (!Object.values(wanted).some(Boolean)) return check;
	try {
		check.actions = await actOnCrmDuplicates.call(this, crm, items, found, wanted, unknownKeys);
	} catch (error) {
		throw crmCallError(this.getNode(), error);
	}
	if (!this.continueOnFail()) {
		const failed = [...check.actions.values()].find((a) => a.error);
		if (failed?.error) throw failed.error;
	}
	return check;
}

/** A lead another execution was writing, of which nothing reached the CRM in time: never passed on as New. */
function waitedOutError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	holder: string,
	waitMs: number,
	lead: IDataObject,
): NodeOperationError {
	const who = [lead.phone, lead.email].filter((v) => typeof v === 'string' && v).join(', ');
	return new NodeOperationError(
		ctx.getNode(),
		`Another execution (${holder}) is handling this person${who ? ` (${who})` : ''} and nothing of them reached the CRM within ${Math.round(waitMs / 1000)} s`,
		{
			itemIndex,
			description:
				'The lead was not passed on as New, so that the person does not get a second deal. Retry it later (the recovery workflow does), by when the other execution has written the deal or given the person up; or raise "Wait for the Other Execution".',
		},
	);
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
