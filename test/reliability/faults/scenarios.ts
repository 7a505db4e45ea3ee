/**
 * Every node that writes to a CRM, as a fault scenario: the input, the workflow (with "Continue (using error
 * output)"), and the check of the CRM's end state. The invariant is the same for all: every input item leaves
 * exactly once (a named output, or the error output with its reason); what an item reports as done exists in the CRM
 * exactly once; what it reports as failed does not exist at all (so a retry of the item creates nothing twice).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunResult, WorkflowJson } from '../../harness/runWorkflow';
import { crmFacts, seededAccount } from '../../support/crmFacts';
import type { CrmWorld } from '../../support/crmWorlds';
import { accountFor, inputIndexesOf, misaccounted } from '../../support/itemAccounting';
import { zadarmaCallEnd } from '../../nodes/CallAttempts/helpers';
import { crmState } from '../../support/crmState';

export interface Outcome {
	items: number;
	/** Items whose effect is missing from the CRM although reported done. */
	lost: string[];
	/** Effects found more than once. */
	duplicated: string[];
	/** Items reported failed whose effect exists anyway (a retry would then make it twice). */
	phantom: string[];
	/** Input items that did not leave exactly once. */
	misrouted: string[];
	failedItems: number;
}

export interface Scenario {
	title: string;
	/** The node's name in the workflow (its outputs are counted). */
	node: string;
	prepare(
		world: CrmWorld,
		tag: string,
	): Promise<{
		workflow: WorkflowJson;
		items: IDataObject[];
		check(result: RunResult): Promise<Outcome>;
	}>;
}

const ITEMS = 40;

function workflowOf(
	world: CrmWorld,
	node: string,
	type: string,
	parameters: INodeParameters,
	id: string,
	useCrmChoice = true,
): WorkflowJson {
	return {
		id,
		nodes: [
			{
				id: 's',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n',
				name: node,
				type: `n8n-nodes-sales-funnel.${type}`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { ...(useCrmChoice ? world.crmParameters : {}), ...parameters },
				credentials: world.credentials,
				onError: 'continueErrorOutput',
			},
		],
		connections: { Start: { main: [[{ node, type: 'main', index: 0 }]] } },
	};
}

/** Which input items ended on the error output (the node's last output). */
function failedInputs(result: RunResult, node: string): Set<number> {
	const outputs = result.run.data.resultData.runData[node]?.[0]?.data?.main ?? [];
	return new Set((outputs[outputs.length - 1] ?? []).flatMap((item) => inputIndexesOf(item)));
}

function routing(result: RunResult, node: string, count: number): string[] {
	const { lost, duplicated } = misaccounted(accountFor(result, node, count));
	return [
		...lost.map((i) => `item ${i} left no output`),
		...duplicated.map((i) => `item ${i} left twice`),
	];
}

/** Compares what each item reports with how often its effect is in the CRM. */
function judge(
	count: number,
	failed: Set<number>,
	occurrences: (i: number) => number,
	label: (i: number) => string,
	misrouted: string[],
): Outcome {
	const outcome: Outcome = {
		items: count,
		lost: [],
		duplicated: [],
		phantom: [],
		misrouted,
		failedItems: failed.size,
	};
	for (let i = 0; i < count; i++) {
		const n = occurrences(i);
		if (n > 1) outcome.duplicated.push(`${label(i)} ×${n}`);
		if (failed.has(i) && n > 0) outcome.phantom.push(label(i));
		if (!failed.has(i) && n === 0) outcome.lost.push(label(i));
	}
	return outcome;
}

/** amoCRM node / Bitrix24 node: leads with a new contact each (amoCRM complex create; Bitrix24 deals). */
export const createWithCrmNode: Scenario = {
	title: 'CRM node: create leads with contacts',
	node: 'CRM',
	async prepare(world, tag) {
		const items = Array.from({ length: ITEMS }, (_, i) => ({
			name: `${tag} сделка ${i}`,
			client: `${tag} Клиент ${i}`,
			phone: `+7 926 ${String(1_000_000 + i).slice(1, 4)}-${String(i).padStart(4, '0').slice(0, 2)}-${String(i).padStart(4, '0').slice(2)}`,
		}));
		const parameters: INodeParameters =
			world.crm === 'amocrm'
				? {
						authentication: 'longLivedToken',
						resource: 'lead',
						operation: 'create',
						name: '={{ $json.name }}',
						contactMode: 'new',
						contactName: '={{ $json.client }}',
						phone: '={{ $json.phone }}',
						additionalFields: {},
					}
				: {
						resource: 'deal',
						operation: 'create',
						title: '={{ $json.name }}',
						connectionOptions: { timeoutSeconds: 5 },
					};
		const type = world.crm === 'amocrm' ? 'amoCrm' : 'bitrix24';
		const workflow = workflowOf(
			world,
			'CRM',
			type,
			parameters,
			`faults-create-${world.crm}`,
			false,
		);
		return {
			workflow,
			items,
			async check(result) {
				const facts = await crmFacts(world);
				const byName = new Map<string, number>();
				for (const deal of facts.deals) byName.set(deal.name, (byName.get(deal.name) ?? 0) + 1);
				const contacts = new Map<string, number>();
				for (const contact of facts.contacts)
					contacts.set(contact.name, (contacts.get(contact.name) ?? 0) + 1);
				const outcome = judge(
					items.length,
					failedInputs(result, 'CRM'),
					(i) => byName.get(items[i].name) ?? 0,
					(i) => items[i].name,
					routing(result, 'CRM', items.length),
				);
				if (world.crm === 'amocrm') {
					for (const item of items)
						if ((contacts.get(item.client) ?? 0) > 1)
							outcome.duplicated.push(`contact ${item.client}`);
				}
				return outcome;
			},
		};
	},
};

/** Lead Dedup's follow-ups on clients the CRM knows: the «Дубль» tag on their deal and one note per request. */
export const dedupActions: Scenario = {
	title: 'Lead Dedup: tag and note the existing deals',
	node: 'Lead Dedup',
	async prepare(world, tag) {
		const seeded = await seededAccount(world);
		const clients = [seeded.ownedByTask, seeded.ownedByResponsible, seeded.formerClient];
		const items = Array.from({ length: 24 }, (_, i) => {
			const client = clients[i % clients.length];
			return {
				name: client.name,
				phone: client.phone,
				note: `${tag} повторная заявка ${i}`,
				dealId: client.dealId,
			};
		});
		const workflow = workflowOf(
			world,
			'Lead Dedup',
			'leadDedup',
			{
				scopes: ['crm'],
				keys: ['phone'],
				match: 'any',
				byExternalId: false,
				tagExistingDeal: true,
				duplicateTag: tag,
				noteExistingDeal: true,
				noteText: '={{ $json.note }}',
				options: { createMissingTags: true },
			},
			`faults-dedup-${world.crm}`,
		);
		return {
			workflow,
			items,
			async check(result) {
				const facts = await crmFacts(world);
				const failed = failedInputs(result, 'Lead Dedup');
				const outcome = judge(
					items.length,
					failed,
					(i) =>
						facts.notes.filter((n) => n.text === items[i].note && n.dealId === items[i].dealId)
							.length,
					(i) => `note «${items[i].note}»`,
					routing(result, 'Lead Dedup', items.length),
				);
				// The tag: on every deal at least one of whose requests reports success.
				for (const client of clients) {
					const reportedDone = items.some(
						(item, i) => item.dealId === client.dealId && !failed.has(i),
					);
					const deal = facts.deals.find((d) => d.id === client.dealId)!;
					if (reportedDone && !deal.tags.includes(tag))
						outcome.lost.push(`tag ${tag} on deal ${client.dealId}`);
				}
				return outcome;
			},
		};
	},
};

/** Lead Tagger writing its decided tags to the deals the items name (add-only, batched). */
export const taggerWrites: Scenario = {
	title: 'Lead Tagger: add tags to the CRM deals',
	node: 'Lead Tagger',
	async prepare(world, tag) {
		const facts = await crmFacts(world);
		const deals = facts.deals.filter((d) => d.semantics === 'open').slice(0, ITEMS);
		const before = new Map(deals.map((d) => [d.id, d.tags]));
		const items = deals.map((d, i) => ({ name: `${tag} ${i}`, form: 'Вакансии', dealId: d.id }));
		const workflow = workflowOf(
			world,
			'Lead Tagger',
			'leadTagger',
			{
				preset: 'none',
				rules: { rule: [{ field: 'form', condition: 'equals', value: 'Вакансии', tags: tag }] },
				qualification: 'none',
				managerTag: '',
				options: { createMissingTags: true },
			},
			`faults-tagger-${world.crm}`,
		);
		return {
			workflow,
			items,
			async check(result) {
				const after = await crmFacts(world);
				const failed = failedInputs(result, 'Lead Tagger');
				const tagsOf = (id: string) => after.deals.find((d) => d.id === id)!.tags;
				// Tags are a set: "twice" cannot happen; a tag missing where the item says done is lost, and the deal's
				// own tags must survive (add-only under retries too).
				const outcome = judge(
					items.length,
					new Set(),
					(i) => (failed.has(i) || tagsOf(items[i].dealId).includes(tag) ? 1 : 0),
					(i) => `tag on deal ${items[i].dealId}`,
					routing(result, 'Lead Tagger', items.length),
				);
				for (const item of items)
					for (const own of before.get(item.dealId) ?? [])
						if (!tagsOf(item.dealId).includes(own))
							outcome.lost.push(`deal ${item.dealId} lost its own tag «${own}»`);
				return outcome;
			},
		};
	},
};

/** Call Attempts: a missed call per open deal → one call-back task (or a close when the attempts are spent). */
export const callAttemptsWrites: Scenario = {
	title: 'Call Attempts: call-back tasks and closes',
	node: 'Call Attempts',
	async prepare(world, tag) {
		const state = await crmState(world);
		const deals = state.deals
			.filter((d) => d.semantics === 'open' && !d.incoming && !/Европа/.test(d.stageName))
			.slice(0, 30);
		const tasksBefore = new Map(
			deals.map((d) => [d.id, state.tasks.filter((t) => t.dealId === d.id).length]),
		);
		const items = deals.map((d, i) => ({
			...zadarmaCallEnd({
				callId: `${tag}c${i}`,
				phone: `+7916700${String(1000 + i)}`,
				disposition: 'no answer',
			}),
			dealId: d.id,
		}));
		const workflow = workflowOf(
			world,
			'Call Attempts',
			'callAttempts',
			{ dealLookup: 'id', dealId: '={{ $json.dealId }}' },
			`faults-calls-${world.crm}`,
		);
		return {
			workflow,
			items,
			async check(result) {
				const after = await crmState(world);
				const failed = failedInputs(result, 'Call Attempts');
				const outputs = result.run.data.resultData.runData['Call Attempts']?.[0]?.data?.main ?? [];
				const retried = new Set((outputs[1] ?? []).flatMap((item) => inputIndexesOf(item)));
				const exhausted = new Set((outputs[2] ?? []).flatMap((item) => inputIndexesOf(item)));
				return judge(
					items.length,
					failed,
					(i) => {
						const deal = deals[i];
						if (exhausted.has(i))
							return after.deals.find((d) => d.id === deal.id)?.semantics === 'lost' ? 1 : 0;
						const added =
							after.tasks.filter((t) => t.dealId === deal.id).length -
							(tasksBefore.get(deal.id) ?? 0);
						// A failed call may have left its task: the task carries the call's key, so a retry finds it and makes
						// no second one. Only two tasks for one call count against it.
						if (failed.has(i)) return added > 1 ? added : 0;
						return retried.has(i) ? added : 1;
					},
					(i) => `call-back for deal ${deals[i].id}`,
					routing(result, 'Call Attempts', items.length),
				);
			},
		};
	},
};

/**
 * Pipeline Audit's weekly cleanup (seed 001): deals left in «Отправлен на повтор вебинара» for 7 days close as lost
 * «Без причины». One schedule item in, one Cleanup item per deal out: each says applied or not, and the CRM must agree.
 */
export const auditCleanup: Scenario = {
	title: 'Pipeline Audit: the weekly cleanup closes stale deals',
	node: 'Pipeline Audit',
	async prepare(world) {
		const workflow = workflowOf(
			world,
			'Pipeline Audit',
			'pipelineAudit',
			{ cleanup: true, dryRun: false, noOpenTask: false, overdueTask: false },
			`faults-audit-${world.crm}`,
		);
		return {
			workflow,
			items: [{}],
			async check(result) {
				const after = await crmState(world);
				const outputs = result.run.data.resultData.runData['Pipeline Audit']?.[0]?.data?.main ?? [];
				const actions = (outputs[2] ?? []).map(
					(item) => item.json as { action?: string; dealId?: string; applied?: boolean },
				);
				const closes = actions.filter((a) => a.action === 'closeLost');
				const failedRun = (outputs[outputs.length - 1] ?? []).length > 0 && outputs.length > 3;
				const outcome: Outcome = {
					items: closes.length,
					lost: [],
					duplicated: [],
					phantom: [],
					misrouted: [],
					failedItems: closes.filter((a) => !a.applied).length,
				};
				for (const close of closes) {
					const deal = after.deals.find((d) => d.id === close.dealId);
					if (close.applied && deal?.semantics !== 'lost')
						outcome.lost.push(`deal ${close.dealId} reported closed but ${deal?.semantics}`);
				}
				// The node ran (cleanup items or, when the CRM could not be read at all, the error output — never nothing).
				if (!failedRun && closes.length === 0)
					outcome.misrouted.push('no cleanup items and no error item');
				return outcome;
			},
		};
	},
};

export const SCENARIOS: Scenario[] = [
	createWithCrmNode,
	dedupActions,
	taggerWrites,
	callAttemptsWrites,
	auditCleanup,
];
