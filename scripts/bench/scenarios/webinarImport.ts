/**
 * Scenarios 1 and 2 — webinar import into amoCRM / Bitrix24: the attendees (a fifth of them clients already, in
 * other spellings; one new person in ten registered twice) go through Lead Dedup against the CRM and the input; each
 * new person becomes a deal with its contact and the webinar tags (amoCRM: the amoCRM node's lead create with a new
 * contact, /leads/complex; Bitrix24: the Bitrix24 node's contact create, then its deal create linking that contact).
 * The stock way is HTTP Request nodes: a search per attendee, then a create per new person (Bitrix24: a contact and a
 * deal), each measured on a sample and scaled. The expected split is decided by our own dedup core beforehand.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { matchHistory, storedKeysOf, dedupWithinInput } from '../../../nodes/shared/funnel/dedup/batchDedup';
import { dedupKeysOf, KeyCache, type DedupSettings } from '../../../nodes/shared/funnel/dedup/dedupKeys';
import type { CrmKind } from '../../../nodes/shared/crm/types';
import type { WorkflowJson } from '../../../test/harness/runWorkflow';
import { CREDENTIALS, harnessFor, measureRun, modelledLatency, serverSeconds, requestsByKind, STOCK_NOT_AT_LATENCY, variant, wallAcceptance, type CrmRun } from '../crmRun';
import { webinarAttendees, type KnownPerson } from '../data';
import { startEmulator, type RunningCrm } from '../emulatorProcess';
import { fmt, round } from '../format';
import { amoWebinarImport, bitrixWebinarImport, idealOf } from '../minimums';
import { measureStockWay, type StockMeasurement, type StockRequest } from '../stockWay';
import type { BenchSettings, CrmScenarioResult, Scenario } from '../types';

export const REPEAT_SHARE = 0.2;
const SETTINGS: DedupSettings = { keys: ['phone', 'email'], match: 'any', byExternalId: false };

/** The account the attendees are imported into: half as many contacts as attendees, each with a deal. */
function accountSeed(crm: CrmKind, items: number): unknown {
	const contacts = Math.max(300, Math.round(items / 2));
	return crm === 'amocrm' ? { generate: { contacts, leads: contacts } } : { contacts, deals: contacts, leads: 200 };
}

function knownPeople(crm: CrmKind, state: IDataObject): KnownPerson[] {
	if (crm === 'amocrm') {
		type Field = { field_code?: string; values: Array<{ value: string }> };
		return (state.contacts as Array<{ name: string; custom_fields_values: Field[] | null }>).map((c) => {
			const value = (code: string) => (c.custom_fields_values ?? []).find((f) => f.field_code === code)?.values[0]?.value ?? null;
			return { name: c.name, phone: value('PHONE'), email: value('EMAIL') };
		});
	}
	return (state.contacts as Array<{ NAME: string; LAST_NAME: string; PHONE: Array<{ VALUE: string }>; EMAIL: Array<{ VALUE: string }> }>).map((c) => ({
		name: `${c.NAME} ${c.LAST_NAME}`,
		phone: c.PHONE[0]?.VALUE ?? null,
		email: c.EMAIL[0]?.VALUE ?? null,
	}));
}

/** Who is a client already, who repeats within the list, who is new — decided by the dedup core the nodes use. */
export function classifyAttendees(attendees: IDataObject[], known: KnownPerson[]) {
	const cache = new KeyCache(SETTINGS);
	const inCrm = new Set(storedKeysOf(known.map((k) => dedupKeysOf(k, SETTINGS, cache))));
	const keys = attendees.map((a) => dedupKeysOf(a, SETTINGS, cache));
	const repeats = dedupWithinInput(keys);
	let clients = 0;
	let repeated = 0;
	let newPeople = 0;
	keys.forEach((k, i) => {
		if (matchHistory(k, inCrm)) clients++;
		else if (repeats[i]) repeated++;
		else newPeople++;
	});
	const phones = new Set(keys.flatMap((k) => k.keys.filter((key) => key.type === 'phone').map((key) => key.value))).size;
	const emails = new Set(keys.flatMap((k) => k.keys.filter((key) => key.type === 'email').map((key) => key.value))).size;
	return { clients, repeated, newPeople, phones, emails };
}

type Split = ReturnType<typeof classifyAttendees>;

const LABEL: Record<CrmKind, string> = { amocrm: 'amoCRM', bitrix24: 'Bitrix24' };
const PIPELINE: Record<CrmKind, string> = { amocrm: 'Вебинар', bitrix24: 'Вебинар «Больше чем игрушка»' };
const DEDUP = 'Lead Dedup';
const CLIENTS = 'Clients and repeats';

interface Step {
	name: string;
	type: string;
	parameters: INodeParameters;
	credentials?: INode['credentials'];
}

/** Items → Lead Dedup → (New) the create steps in a row; (Duplicate) a No-op. Create steps send failures to their error output. */
function importWorkflow(crm: CrmKind, creates: Step[]): WorkflowJson {
	const dedup: INode = {
		id: 'dedup',
		name: DEDUP,
		type: 'n8n-nodes-sales-funnel.leadDedup',
		typeVersion: 1,
		position: [240, 0],
		parameters: {
			...(crm === 'amocrm' ? { crm: 'amocrm', authentication: 'longLivedToken' } : { crm: 'bitrix24', bitrixEntity: 'deal' }),
			scopes: ['input', 'crm'],
			keys: ['phone', 'email'],
			match: 'any',
			byExternalId: false,
			options: {},
		},
		credentials: CREDENTIALS[crm],
		onError: 'continueErrorOutput',
	};
	const steps: INode[] = creates.map((step, i) => ({ id: `create${i}`, typeVersion: 1, position: [480 + 240 * i, 0], onError: 'continueErrorOutput', ...step }));
	const connections: WorkflowJson['connections'] = {
		Items: { main: [[{ node: DEDUP, type: 'main', index: 0 }]] },
		[DEDUP]: { main: [[{ node: steps[0].name, type: 'main', index: 0 }], [{ node: CLIENTS, type: 'main', index: 0 }]] },
	};
	steps.slice(1).forEach((step, i) => (connections[steps[i].name] = { main: [[{ node: step.name, type: 'main', index: 0 }]] }));
	return {
		id: `bench-import-${crm}`,
		name: `Bench: webinar import into ${LABEL[crm]}`,
		nodes: [
			{ id: 'start', name: 'Items', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			dedup,
			...steps,
			{ id: 'clients', name: CLIENTS, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [480, 200], parameters: {} },
		],
		connections,
	};
}

function createSteps(crm: CrmKind): Step[] {
	if (crm === 'amocrm') {
		return [
			{
				name: 'amoCRM',
				type: 'n8n-nodes-sales-funnel.amoCrm',
				credentials: CREDENTIALS.amocrm,
				parameters: {
					resource: 'lead',
					operation: 'create',
					name: '=Вебинар: {{ $json.name }}',
					contactMode: 'new',
					contactName: '={{ $json.name }}',
					phone: '={{ $json.phone }}',
					email: '={{ $json.email }}',
					pipeline: { __rl: true, mode: 'name', value: PIPELINE.amocrm },
					additionalFields: { tags: "={{ $json.tags.join(', ') }}" },
				},
			},
		];
	}
	return [
		{
			name: 'Bitrix24',
			type: 'n8n-nodes-sales-funnel.bitrix24',
			credentials: CREDENTIALS.bitrix24,
			parameters: {
				resource: 'deal',
				operation: 'create',
				title: "={{ 'Вебинар: ' + $json.name }}",
				category: { __rl: true, mode: 'id', value: PIPELINE.bitrix24 },
				// The contact and its deal in one batch, 25 pairs a request.
				contactMode: 'new',
				contactName: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
				tags: '={{ $json.tags }}',
				// «Был более часа» / «Был менее часа» are not in the seeded portal's tags list: added once.
				options: { createMissingTags: true },
				additionalFields: {},
			},
		},
	];
}

/** The stock way's requests: a search per attendee, then the creates of each new person. */
function stockRequests(crm: CrmKind, emulator: RunningCrm, state: IDataObject): Array<{ what: string; request: StockRequest; perNewPerson: boolean }> {
	if (crm === 'amocrm') {
		const pipeline = (state.pipelines as Array<{ id: number; name: string }>).find((p) => p.name === PIPELINE.amocrm)!;
		const auth = { Authorization: `Bearer ${emulator.info.token}` };
		return [
			{ what: 'GET /contacts?query per attendee', perNewPerson: false, request: { method: 'GET', url: `=${emulator.info.url}/api/v4/contacts?query={{ encodeURIComponent($json.phone || $json.email) }}`, headers: auth } },
			{
				what: 'POST /leads/complex per new person',
				perNewPerson: true,
				request: {
					method: 'POST',
					url: `${emulator.info.url}/api/v4/leads/complex`,
					headers: auth,
					jsonBody:
						`=[{ "name": "Вебинар: {{ $json.name }}", "pipeline_id": ${pipeline.id}, "_embedded": { "tags": {{ JSON.stringify($json.tags.map((name) => ({ name }))) }}, ` +
						'"contacts": [{ "name": "{{ $json.name }}", "custom_fields_values": [{ "field_code": "PHONE", "values": [{ "value": "{{ $json.phone }}" }] }, { "field_code": "EMAIL", "values": [{ "value": "{{ $json.email }}" }] }] }] } }]',
				},
			},
		];
	}
	const category = (state.categories as Array<{ id: number; name: string }>).find((c) => c.name === PIPELINE.bitrix24)!;
	const someContact = (state.contacts as Array<{ ID: number }>)[0].ID;
	const hook = emulator.info.webhook;
	return [
		{ what: 'crm.duplicate.findbycomm per attendee', perNewPerson: false, request: { method: 'POST', url: `${hook}crm.duplicate.findbycomm.json`, jsonBody: '={ "entity_type": "CONTACT", "type": "PHONE", "values": ["{{ $json.phone }}"] }' } },
		{
			what: 'crm.contact.add per new person',
			perNewPerson: true,
			request: { method: 'POST', url: `${hook}crm.contact.add.json`, jsonBody: '={ "fields": { "NAME": "{{ $json.name }}", "PHONE": [{ "VALUE": "{{ $json.phone }}", "VALUE_TYPE": "WORK" }], "EMAIL": [{ "VALUE": "{{ $json.email }}", "VALUE_TYPE": "WORK" }] } }' },
		},
		{
			what: 'crm.deal.add per new person',
			perNewPerson: true,
			// The contact id the previous request returned; a seeded contact stands in for it here.
			request: { method: 'POST', url: `${hook}crm.deal.add.json`, jsonBody: `={ "fields": { "TITLE": "Вебинар: {{ $json.name }}", "CATEGORY_ID": ${category.id}, "CONTACT_ID": ${someContact} } }` },
		},
	];
}

function dealCount(crm: CrmKind, state: IDataObject): number {
	return ((crm === 'amocrm' ? state.leads : state.deals) as unknown[]).length;
}

export function webinarImportScenario(crm: CrmKind, latency = false): Scenario {
	const { id, title } = variant(`${crm === 'amocrm' ? 1 : 2}-${crm}`, `Webinar import (${LABEL[crm]})`, latency);
	return { id, title, crm, latency, run: (settings, log) => runImport(crm, id, latency, settings, log) };
}

async function runImport(crm: CrmKind, id: string, latency: boolean, settings: BenchSettings, log: (line: string) => void): Promise<CrmScenarioResult> {
	const seed = accountSeed(crm, settings.items);
	const model = modelledLatency(crm, latency);
	const ours = await startEmulator(crm, seed, { latency });
	let known: KnownPerson[];
	let attendees: IDataObject[];
	let split: Split;
	let run: CrmRun;
	let created: number;
	try {
		const before = await ours.control<IDataObject>('GET', 'state');
		known = knownPeople(crm, before);
		attendees = webinarAttendees(settings.items, known, REPEAT_SHARE);
		split = classifyAttendees(attendees, known);
		log(`  ${fmt(attendees.length)} attendees: ${fmt(split.clients)} clients already, ${fmt(split.repeated)} repeats, ${fmt(split.newPeople)} new; account of ${fmt(known.length)} contacts seeded in ${round(ours.startSeconds, 1)} s (not counted)`);
		run = await measureRun(ours, harnessFor(ours), importWorkflow(crm, createSteps(crm)), attendees);
		if (run.status !== 'success') throw new Error(`the import workflow failed: ${run.error}`);
		created = dealCount(crm, await ours.control<IDataObject>('GET', 'state')) - dealCount(crm, before);
		log(`  ours: ${run.requests.length} requests in ${round(run.wallSeconds, 2)} s, ${fmt(created)} deals created`);
	} finally {
		await ours.stop();
	}

	// Where every attendee ended: Duplicate, created (the last create step), or an error output of any step.
	const result = run.result;
	const steps = createSteps(crm);
	const [fresh = [], duplicates = [], dedupFailed = []] = result.outputs(DEDUP);
	const [done = [], lastFailed = []] = result.outputs(steps[steps.length - 1].name);
	const earlierFailed = steps.slice(0, -1).reduce((sum, step) => sum + (result.outputs(step.name)[1]?.length ?? 0), 0);
	const failed = dedupFailed.length + earlierFailed + lastFailed.length;
	const itemsOut = duplicates.length + done.length + failed;
	const dedupSplit = { duplicates: duplicates.length, fresh: fresh.length };

	const baselines: StockMeasurement[] = [];
	const baselineParts: string[] = [];
	const stock = latency ? undefined : await startEmulator(crm, seed);
	if (stock) try {
		const state = await stock.control<IDataObject>('GET', 'state');
		// The new people, as the stock way would get them (it cannot tell clients from new people without its search).
		const newPeople = fresh.slice(0, split.newPeople);
		for (const [n, part] of stockRequests(crm, stock, state).entries()) {
			// A second's pause between the two HTTP Request steps (a careful user's Wait node): amoCRM counts refused
			// requests in its window too, so a step started right after another is refused at its own pace.
			if (n > 0) await new Promise((resolve) => setTimeout(resolve, 1500));
			const items = part.perNewPerson ? (newPeople.length > 0 ? newPeople : attendees.slice(0, split.newPeople)) : attendees;
			const measured = await measureStockWay(stock, harnessFor(stock), part.request, items, settings.baselineSample[crm]);
			baselines.push(measured);
			baselineParts.push(`${part.what}: ${measured.basis}, ${fmt(measured.requests)} requests, ${measured.wallSeconds} s`);
		}
		log(`  stock way: ${baselineParts.join('; ')}`);
	} finally {
		await stock.stop();
	}

	const minimum =
		crm === 'amocrm'
			? amoWebinarImport({ contacts: known.length, keys: split.phones + split.emails, newPeople: split.newPeople })
			: bitrixWebinarImport({ phones: split.phones, emails: split.emails, newPeople: split.newPeople });
	const ideal = idealOf(crm, minimum, run.startedAtMs, model);
	const requests = run.requests.length;
	const sum = (f: (m: StockMeasurement) => number) => baselines.reduce((a, m) => a + f(m), 0);
	const notes = [
		`Lead Dedup: ${fmt(dedupSplit.duplicates)} Duplicate (expected ${fmt(split.clients + split.repeated)}: ${fmt(split.clients)} clients, ${fmt(split.repeated)} repeats), ${fmt(dedupSplit.fresh)} New (expected ${fmt(split.newPeople)})`,
		`${fmt(created)} deals with contacts and tags created in the CRM`,
	];
	if (failed > 0) notes.push(`${fmt(failed)} items on error outputs`);
	if (crm === 'bitrix24' && !latency) notes.push('the stock way\'s deal.add links a seeded contact (the id a real run takes from the contact.add answer); it does not dedup within the list');
	return {
		id,
		scenario: 'Webinar import',
		crm,
		status: 'measured',
		latency_ms: model?.baseMs ?? 0,
		items_in: attendees.length,
		items_out: itemsOut,
		items_lost: attendees.length - itemsOut,
		verified_in_crm: created,
		requests,
		min_requests: minimum.requests.length,
		min_requests_arithmetic: minimum.arithmetic,
		wall_s: round(run.wallSeconds, 2),
		ideal_wall_s: round(ideal.seconds, 2),
		ideal_wall_arithmetic: ideal.arithmetic,
		rate_limit_errors: run.rateLimitErrors,
		server_s: round(serverSeconds(run.requests), 2),
		...(latency
			? STOCK_NOT_AT_LATENCY
			: {
					baseline_requests: sum((m) => m.requests),
					baseline_wall_s: round(sum((m) => m.wallSeconds), 1),
					baseline_basis: baselineParts.join('; '),
					baseline_sample_items: sum((m) => m.sampleItems),
					baseline_sample_wall_s: round(sum((m) => m.run.wallSeconds), 2),
					baseline_sample_requests: sum((m) => m.run.requests.length),
					baseline_rate_limit_errors: sum((m) => m.run.rateLimitErrors),
					baseline_failed_items: sum((m) => m.failedItems),
				}),
		requests_by_kind: requestsByKind(run.requests),
		acceptance: {
			requests_within_5_percent: requests <= 1.05 * minimum.requests.length,
			...wallAcceptance(run.wallSeconds, ideal.seconds, latency),
			no_rate_limit_errors: run.rateLimitErrors === 0,
			nothing_lost: itemsOut === attendees.length && failed === 0 && created === dedupSplit.fresh,
		},
		notes,
	};
}
