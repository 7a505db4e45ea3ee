import { crmState } from '../../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { expectedFindings } from './expectedFindings';
import { auditRow, auditWorkflow, findingKeys } from './helpers';

const DEALS = 3000;

/** A stage change into an open stage (not won 142, not lost 143). */
function intoOpenStage(event: { value_after?: Array<{ lead_status?: { id: number } }> }): boolean {
	const id = event.value_after?.[0]?.lead_status?.id;
	return id !== undefined && id !== 142 && id !== 143;
}

/** A bigger account of the same shape as each emulator's seed. */
async function seedBigAccount(world: CrmWorld) {
	if (world.crm === 'amocrm')
		await world.control('POST', 'reset', {
			seed: { generate: { prng: 7, contacts: 1000, leads: DEALS } },
		});
	else {
		// Keep the inbound webhook the credential points at.
		const { webhooks } = await world.control<{
			webhooks: Array<{ userId: number; secret: string; scopes: string[] }>;
		}>('GET', 'state');
		await world.control('POST', 'reset', {
			seed: { random: 7, contacts: 1000, leads: 10, deals: DEALS, webhook: webhooks[0] },
		});
	}
}

describe.each(CRMS)(`Pipeline Audit over ${DEALS} deals on %s`, (crmKind) => {
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
		await seedBigAccount(world);
	});
	afterAll(() => world.close());

	test('pages through every deal within the rate limits, in the fewest requests the API allows, and finds what the oracle finds', async () => {
		const state = await crmState(world);
		await world.control('DELETE', 'requests');
		const before = await world.control<{
			rateLimited: number;
			banned: number;
			countedLists?: Record<string, number>;
		}>('GET', 'stats');
		const started = Date.now();
		const result = await world.harness.run(auditWorkflow(world));
		const seconds = (Date.now() - started) / 1000;
		expect(result.nodeError('Pipeline Audit')?.message ?? 'success').toBe('success');
		const row = auditRow(result);
		expect(row.deals).toBe(state.deals.length);
		expect(findingKeys(result)).toEqual(
			expectedFindings(state, Date.parse(row.auditedAt as string)),
		);

		const requests = await world.requestCount();
		const after = await world.control<{
			rateLimited: number;
			banned: number;
			countedLists?: Record<string, number>;
		}>('GET', 'stats');
		expect(after.banned).toBe(before.banned);
		if (crmKind === 'bitrix24') {
			// Counting a list is charged by the size of its table (reference §2.2): the big tables are read without.
			const counted = (method: string) =>
				(after.countedLists?.[method] ?? 0) - (before.countedLists?.[method] ?? 0);
			expect([counted('crm.item.list'), counted('crm.activity.list')]).toEqual([0, 0]);
		}
		const openTasks = state.tasks.filter((t) => !t.completed).length;
		const recentIds = new Set(
			state.deals.filter((d) => Date.now() - d.createdMs <= 7 * 86_400_000).map((d) => d.id),
		);
		const recent = recentIds.size;
		const callsOf = new Map<string, number>();
		for (const c of state.calls)
			if (recentIds.has(c.dealId)) callsOf.set(c.dealId, (callsOf.get(c.dealId) ?? 0) + 1);
		// A chunk of 50 deals holds at most 50 × this many calls: at most this many further pages after its first.
		const mostCallsOfADeal = Math.max(0, ...callsOf.values());
		// amoCRM: pipelines, users, then 250 open tasks and 250 deals a page, then the notes of the week's new deals,
		// 100 deal IDs a request. Bitrix24: pipelines (2), users, deal fields, then ID paging that reads 50 rows, then
		// 2,500 a request (open activities, then deals), then the new deals' calls (50 deals a command, page after
		// page by ID: one batch for the first pages, then one request per further page of the chunk with the most
		// calls). One request of slack for a last, empty page.
		// amoCRM: plus one pass over the events feed for the moves into open stages in the rules' window, 100 a request.
		const window = row.stageChangesRead as { since: string; changes: number } | undefined;
		const rawEvents =
			crmKind === 'amocrm'
				? await world.control<{
						events: Array<{
							type: string;
							created_at: number;
							value_after?: Array<{ lead_status?: { id: number } }>;
						}>;
					}>('GET', 'state')
				: { events: [] };
		const windowChanges = window
			? rawEvents.events.filter(
					(e) =>
						e.type === 'lead_status_changed' &&
						intoOpenStage(e) &&
						e.created_at * 1000 >= Date.parse(window.since),
				).length
			: 0;
		if (crmKind === 'amocrm') expect(window?.changes).toBe(windowChanges);
		const bound =
			crmKind === 'amocrm'
				? 2 +
					Math.ceil(windowChanges / 100) +
					Math.ceil(openTasks / 250) +
					Math.ceil(state.deals.length / 250) +
					Math.ceil(recent / 100) +
					1
				: 4 +
					chainedRounds(openTasks) +
					chainedRounds(state.deals.length) +
					Math.ceil(recent / 2500) +
					mostCallsOfADeal +
					1;
		expect(requests).toBeLessThanOrEqual(bound);
		console.info(
			`Pipeline Audit on ${crmKind}: ${state.deals.length} deals, ${openTasks} open tasks, ${recent} new this week → ${result.items('Pipeline Audit', 0).length} findings in ${requests} requests (bound ${bound}), ${seconds.toFixed(1)} s, rate-limited answers ${after.rateLimited - before.rateLimited}${after.countedLists ? `, counted lists ${JSON.stringify(after.countedLists)}` : ''}`,
		);
	}, 180_000);
});

/** Requests Bitrix24's chained ID paging needs for this many rows: 50, then 2,500 rows a request, until a short page. */
function chainedRounds(rows: number): number {
	if (rows < 50) return 1;
	return 2 + Math.floor((rows - 50) / 2500);
}
