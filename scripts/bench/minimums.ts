/**
 * The API's physical minimum for each job, from the CRMs' documented batch limits, as a list of requests (with the
 * operating seconds each charges on Bitrix24) and the arithmetic in words. Bitrix24's operating costs are the
 * emulator's cost table (a real portal's vary), read from it so the two never disagree.
 */
import { METHODS } from '../../test/emulators/bitrix24/methods';
import type { MethodContext } from '../../test/emulators/bitrix24/methods';
import { idGroups } from '../../nodes/shared/crm/amocrm/query';
import { fmt } from './format';
import { GUESSED_FUNNELS } from '../../nodes/shared/crm/bitrix24/reference';
import { meanLatencyMs, type LatencyModel } from '../../test/emulators/timing';
import { AMOCRM_LIMIT, BITRIX24_LIMIT, idealWallSeconds, type LatencyOf, type PlannedRequest, type RateLimit } from './limits';

/** amoCRM: leads per PATCH/POST, leads with contacts per /leads/complex, rows per list page. */
export const AMO = { write: 250, complex: 50, page: 250 };

/** Lead ids one `filter[entity_id][]` read can carry: a page's worth, as far as a URL of ID_QUERY_CHARS allows. */
export function amoIdsPerRead(sampleId = '30000000'): number {
	return idGroups(Array.from({ length: AMO.page }, () => sampleId), 'filter[entity_id]')[0].length;
}
/** Bitrix24: commands per batch, rows per list page, values per findbycomm call. */
export const BITRIX = { batch: 50, page: 50, findbycommValues: 20 };

export interface Minimum {
	requests: PlannedRequest[];
	arithmetic: string;
}

const ceil = (a: number, b: number) => Math.ceil(a / b);

/** Operating seconds the emulator charges one call of `method` (list methods paged with start=-1). */
export function bitrixCost(method: string): number {
	const cost = METHODS.get(method)?.cost;
	if (typeof cost === 'number') return cost;
	if (typeof cost === 'function') return cost({ params: { start: -1 } } as unknown as MethodContext, undefined);
	throw new Error(`the emulator has no method ${method}`);
}

/** amoCRM reads answering `rows` rows each (what a latency model charges them). */
function reads(count: number, rows: number): PlannedRequest[] {
	return Array.from({ length: count }, () => ({ work: { rows } }));
}

/** amoCRM writes of `items` items, `perRequest` a request. */
function writes(items: number, perRequest: number): PlannedRequest[] {
	return Array.from({ length: ceil(items, perRequest) }, (_, k) => ({ work: { entities: Math.min(perRequest, items - k * perRequest) } }));
}

/** Rows of the reference reads of the seeded accounts: amoCRM's 2 pipelines, its 6 users. */
const AMO_PIPELINES: PlannedRequest = { work: { rows: 2 } };
const AMO_USERS: PlannedRequest = { work: { rows: 6 } };

/** Bitrix24's first batch: the funnels, their stages (guessed by reference), the fields, the users and `profile`. */
export function bitrixReference(): PlannedRequest {
	return {
		operating: {
			'crm.category.list': bitrixCost('crm.category.list'),
			'crm.status.list': (1 + GUESSED_FUNNELS) * bitrixCost('crm.status.list'),
			'crm.deal.fields': bitrixCost('crm.deal.fields'),
			'user.get': bitrixCost('user.get'),
			profile: bitrixCost('profile'),
		},
	};
}

/** Batches of `count` commands of one method, 50 a batch. */
function batches(method: string, count: number): PlannedRequest[] {
	const cost = bitrixCost(method);
	return Array.from({ length: ceil(count, BITRIX.batch) }, (_, b) => ({ operating: { [method]: Math.min(BITRIX.batch, count - b * BITRIX.batch) * cost } }));
}

/** Batches each carrying pairs of commands (a contact and the deal that references it with $result). */
function pairedBatches(methods: [string, string], pairs: number): PlannedRequest[] {
	const perBatch = BITRIX.batch / 2;
	return Array.from({ length: ceil(pairs, perBatch) }, (_, b) => {
		const n = Math.min(perBatch, pairs - b * perBatch);
		return { operating: { [methods[0]]: n * bitrixCost(methods[0]), [methods[1]]: n * bitrixCost(methods[1]) } };
	});
}

export function amoStageMoves(items: number): Minimum {
	const patches = writes(items, AMO.write);
	return {
		requests: [AMO_PIPELINES, ...patches],
		arithmetic: `1 GET /leads/pipelines (stage name → id) + ⌈${fmt(items)} ÷ ${AMO.write} leads per PATCH⌉ = ${patches.length} PATCH /leads → ${1 + patches.length}`,
	};
}

export function bitrixStageMoves(items: number): Minimum {
	const updates = batches('crm.item.update', items);
	return {
		requests: [bitrixReference(), ...updates],
		arithmetic: `1 batch reading pipelines and stages (stage name → id) + ⌈${fmt(items)} ÷ ${BITRIX.batch} commands per batch⌉ = ${updates.length} batches of crm.item.update → ${1 + updates.length}`,
	};
}

/**
 * Webinar import into amoCRM: the cheaper of reading every contact (250 a page) or one `query` per key finds who
 * is a client already; each new person becomes a lead with its contact and tags in /leads/complex (50 a request).
 */
export function amoWebinarImport(job: { contacts: number; keys: number; newPeople: number }): Minimum {
	const index = Math.min(ceil(job.contacts, AMO.page), job.keys);
	const creates = ceil(job.newPeople, AMO.complex);
	const how = index === job.keys ? `${fmt(job.keys)} GET /contacts?query (one per key)` : `⌈${fmt(job.contacts)} contacts ÷ ${AMO.page}⌉ = ${index} GET /contacts pages (cheaper than ${fmt(job.keys)} queries)`;
	return {
		requests: [AMO_PIPELINES, ...reads(index, index === job.keys ? 1 : AMO.page), ...writes(job.newPeople, AMO.complex)],
		arithmetic: `1 GET /leads/pipelines + ${how} + ⌈${fmt(job.newPeople)} new people ÷ ${AMO.complex}⌉ = ${creates} POST /leads/complex (lead + contact + tags) → ${1 + index + creates}`,
	};
}

/**
 * Webinar import into Bitrix24: crm.duplicate.findbycomm takes 20 values of one type per call, 50 calls a batch;
 * each new person is crm.contact.add + crm.deal.add (CONTACT_ID from $result, tags in the tags field) in one batch.
 */
export function bitrixWebinarImport(job: { phones: number; emails: number; newPeople: number }): Minimum {
	const finds = ceil(job.phones, BITRIX.findbycommValues) + ceil(job.emails, BITRIX.findbycommValues);
	const findBatches = batches('crm.duplicate.findbycomm', finds);
	const creates = pairedBatches(['crm.contact.add', 'crm.deal.add'], job.newPeople);
	const total = 1 + findBatches.length + creates.length;
	return {
		requests: [bitrixReference(), ...findBatches, ...creates],
		arithmetic:
			`1 batch of pipelines, stages and the tags field + ⌈(⌈${fmt(job.phones)} phones ÷ 20⌉ + ⌈${fmt(job.emails)} emails ÷ 20⌉) ÷ 50⌉ = ${findBatches.length} findbycomm batches + ` +
			`⌈${fmt(job.newPeople)} new people × 2 commands ÷ 50⌉ = ${creates.length} batches of contact + deal → ${total}`,
	};
}

/**
 * Weekly audit, amoCRM: the pipelines and users, every open task and every lead (250 a page), and the call notes of
 * the week's new leads for their first response: `filter[entity_id]` with as many lead ids as a URL carries, and no
 * fewer reads than their call notes fill pages of 250.
 */
export function amoAudit(job: { leads: number; openTasks: number; newDeals?: number; newDealCalls?: number; stageChanges?: number }): Minimum {
	const leadPages = ceil(job.leads, AMO.page);
	const taskPages = ceil(job.openTasks, AMO.page);
	const ids = amoIdsPerRead();
	const byIds = ceil(job.newDeals ?? 0, ids);
	const byRows = ceil(job.newDealCalls ?? 0, AMO.page);
	const callPages = Math.max(byIds, byRows);
	// When each deal entered its stage: the stage changes of the rules' window, 100 events a request (events feed).
	const eventPages = job.stageChanges === undefined ? 0 : Math.max(1, ceil(job.stageChanges, 100));
	const total = 2 + leadPages + taskPages + callPages + eventPages;
	return {
		requests: [AMO_PIPELINES, AMO_USERS, ...reads(leadPages + taskPages + callPages, AMO.page), ...reads(eventPages, 100)],
		arithmetic:
			`2 GET (pipelines, users) + ⌈${fmt(job.leads)} leads ÷ ${AMO.page}⌉ = ${leadPages} + ⌈${fmt(job.openTasks)} open tasks ÷ ${AMO.page}⌉ = ${taskPages} + ` +
			(job.stageChanges === undefined ? '' : `⌈${fmt(job.stageChanges)} moves into open stages in the window ÷ 100⌉ = ${eventPages} GET /events + `) +
			`max(⌈${fmt(job.newDeals ?? 0)} new leads of the week ÷ ${ids} ids a URL holds⌉ = ${byIds}, ⌈${fmt(job.newDealCalls ?? 0)} of their call notes ÷ ${AMO.page}⌉ = ${byRows}) = ${callPages} GET /leads/notes (calls) → ${total}`,
	};
}

/**
 * Weekly audit, Bitrix24: list commands of 50 rows (start=-1, chained by ID with $result), 50 commands a batch; the
 * week's new deals' calls with 50 deal ids a crm.activity.list command.
 */
export function bitrixAudit(job: { deals: number; openActivities: number; newDeals?: number; newDealCalls?: number }): Minimum {
	const dealPages = batches('crm.item.list', ceil(job.deals, BITRIX.page));
	const activityPages = batches('crm.activity.list', ceil(job.openActivities, BITRIX.page));
	// A list command names up to 50 owners and returns up to 50 rows: no fewer commands than either needs.
	const byOwners = ceil(job.newDeals ?? 0, BITRIX.page);
	const byRows = ceil(job.newDealCalls ?? 0, BITRIX.page);
	const callCommands = batches('crm.activity.list', Math.max(byOwners, byRows));
	const total = 1 + dealPages.length + activityPages.length + callCommands.length;
	// Pages by ID: each batch of a scan continues from the last ID of the one before (start=-1 has no offsets), so a
	// scan is a chain; the deals and the open activities are two scans that may run side by side; the calls of the
	// week's new deals are known once the deals are read.
	const deals = [...dealPages, ...callCommands].map((r) => ({ ...r, chain: 'deals' }));
	const activities = activityPages.map((r) => ({ ...r, chain: 'activities' }));
	const scans: PlannedRequest[] = [];
	for (let i = 0; i < Math.max(deals.length, activities.length); i++) scans.push(...(deals[i] ? [deals[i]] : []), ...(activities[i] ? [activities[i]] : []));
	return {
		requests: [bitrixReference(), ...scans],
		arithmetic:
			`1 batch of pipelines, stages, fields and users + ⌈⌈${fmt(job.deals)} deals ÷ 50⌉ pages ÷ 50⌉ = ${dealPages.length} batches + ` +
			`⌈⌈${fmt(job.openActivities)} open activities ÷ 50⌉ ÷ 50⌉ = ${activityPages.length} batches + ` +
			`⌈max(⌈${fmt(job.newDeals ?? 0)} new deals of the week ÷ 50 ids⌉ = ${byOwners}, ⌈${fmt(job.newDealCalls ?? 0)} of their calls ÷ 50 rows⌉ = ${byRows}) ÷ 50⌉ = ${callCommands.length} batches of their calls ` +
			`(at latency the batches of a scan wait for each other: pages go by ID) → ${total}`,
	};
}

export function limitOf(crm: 'amocrm' | 'bitrix24'): RateLimit {
	return crm === 'amocrm' ? AMOCRM_LIMIT : BITRIX24_LIMIT;
}

/** A request's modelled latency, ms: amoCRM by what it carries, Bitrix24 by its calls' execution time. */
export function latencyOf(crm: 'amocrm' | 'bitrix24', model: LatencyModel): LatencyOf {
	return (request) =>
		meanLatencyMs(model, crm === 'amocrm' ? (request.work ?? {}) : { executionSeconds: Object.values(request.operating ?? {}).reduce((a, b) => a + b, 0) });
}

/**
 * The ideal wall time of a minimum and the arithmetic behind it. With a latency model (its mean, no jitter), the
 * first answer and the last are added (idealWallSeconds).
 */
export function idealOf(crm: 'amocrm' | 'bitrix24', minimum: Minimum, startMs: number, latency?: LatencyModel): { seconds: number; arithmetic: string } {
	const base = idealWithoutLatency(crm, minimum, startMs);
	if (!latency || meanLatencyMs(latency, { entities: 1, rows: 1, executionSeconds: 1 }) === 0) return base;
	const of = latencyOf(crm, latency);
	const seconds = idealWallSeconds(minimum.requests, limitOf(crm), startMs, of);
	const first = of(minimum.requests[0]) / 1000;
	const last = of(minimum.requests[minimum.requests.length - 1]) / 1000;
	return {
		seconds,
		arithmetic:
			`${base.arithmetic}; at latency ${latency.baseMs} ms a request (${crm === 'amocrm' ? `+ ${latency.perEntityMs} ms an item written, ${latency.perRowMs} ms a row read` : "+ its calls' execution time"}): ` +
			`the first answer (${round2(first)} s) before the others start, and the answer of the one that ends last (the last: ${round2(last)} s) → ${round2(seconds)} s`,
	};
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function idealWithoutLatency(crm: 'amocrm' | 'bitrix24', minimum: Minimum, startMs: number): { seconds: number; arithmetic: string } {
	const seconds = idealWallSeconds(minimum.requests, limitOf(crm), startMs);
	const n = minimum.requests.length;
	if (crm === 'amocrm') return { seconds, arithmetic: `7 requests in any second: request k may start at ⌊k ÷ 7⌋ s → request ${n} at ${Math.floor((n - 1) / 7)} s` };
	const operating = new Map<string, number>();
	for (const r of minimum.requests) for (const [m, s] of Object.entries(r.operating ?? {})) operating.set(m, (operating.get(m) ?? 0) + s);
	const budget = [...operating].map(([m, s]) => `${m} ${Math.round(s * 10) / 10} s`).join(', ');
	const bucketOnly = Math.max(0, (n - 50) / 2);
	return {
		seconds,
		arithmetic:
			`bucket 50 then 2/s → request ${n} at ${bucketOnly} s; operating time per method (480 s per 10 min): ${budget || 'none'}` +
			(seconds > bucketOnly + 1 ? ` → waits for the budget's minute buckets to expire, from this run's start on the clock` : ''),
	};
}
