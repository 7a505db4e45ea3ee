/**
 * Runs every CRM-writing scenario under seeded fault schedules against one emulator with its real rate limits on,
 * and checks after each: every item left exactly once, nothing lost, nothing twice, no phantom, never banned.
 */
import type { CrmKind } from '../../../nodes/shared/crm/types';
import { faultSchedule, type FaultReport, type ScheduleLimits } from '../../support/faultSchedules';
import { startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { SCENARIOS, type Outcome } from './scenarios';

export const SCHEDULES = Number(process.env.FAULT_SCHEDULES ?? 5);
const BASE_SEED = Number(process.env.FAULT_SEED ?? 9_000);

export interface ScheduleRun {
	scenario: string;
	seed: number;
	outcome: Outcome;
	report: FaultReport;
}

async function report(world: CrmWorld): Promise<FaultReport> {
	const stats = await world.control<{
		requests: number;
		faultsInjected: number;
		rateLimited: number;
		banned: number;
	}>('GET', 'stats');
	const log = await world.control<{ requests: Array<{ fault?: string }> }>('GET', 'requests');
	const kinds: Record<string, number> = {};
	for (const r of log.requests) if (r.fault) kinds[r.fault] = (kinds[r.fault] ?? 0) + 1;
	return {
		requests: stats.requests,
		faultsInjected: stats.faultsInjected,
		rateLimited: stats.rateLimited,
		banned: stats.banned,
		kinds,
	};
}

export function describeFaultSuite(crm: CrmKind, limits: ScheduleLimits) {
	const runs: ScheduleRun[] = [];
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld(crm);
	});
	afterAll(async () => {
		await world?.close();
		const faults = runs.reduce((n, r) => n + r.report.faultsInjected, 0);
		const kinds: Record<string, number> = {};
		for (const r of runs)
			for (const [k, n] of Object.entries(r.report.kinds)) kinds[k] = (kinds[k] ?? 0) + n;
		const failedItems = runs.reduce((n, r) => n + r.outcome.failedItems, 0);
		const items = runs.reduce((n, r) => n + r.outcome.items, 0);
		process.stdout.write(
			`faults (${crm}): ${runs.length} schedules, ${faults} faults injected ${JSON.stringify(kinds)}, ${items} items, ${failedItems} on the error output, banned ${runs.reduce((n, r) => n + r.report.banned, 0)}\n`,
		);
	});

	describe.each(SCENARIOS)('$title', (scenario) => {
		test.each(
			Array.from({ length: SCHEDULES }, (_, k) => BASE_SEED + k * 7 + scenario.title.length),
		)(
			'schedule %i: every item once, nothing lost or doubled, no ban',
			async (seed) => {
				// A reset forgets the requests the previous schedule made (the emulators' limits are cleared with it).
				await world.control('POST', 'reset');
				const tag = `F${seed}`;
				const prepared = await scenario.prepare(world, tag);
				await world.control('DELETE', 'requests');
				const schedule = faultSchedule(seed, limits);
				await world.control('POST', 'faults', schedule);
				const result = await world.harness.run(prepared.workflow, {
					trigger: { items: prepared.items },
				});
				const faultReport = await report(world);
				await world.control('DELETE', 'faults');
				expect({
					status: result.status,
					error: result.error?.message,
					description: (result.error as { description?: string } | undefined)?.description,
				}).toEqual({ status: 'success', error: undefined, description: undefined });
				const outcome = await prepared.check(result);
				runs.push({ scenario: scenario.title, seed, outcome, report: faultReport });
				expect({
					misrouted: outcome.misrouted,
					lost: outcome.lost,
					duplicated: outcome.duplicated,
					phantom: outcome.phantom,
					banned: faultReport.banned,
				}).toEqual({
					misrouted: [],
					lost: [],
					duplicated: [],
					phantom: [],
					banned: 0,
				});
				expect(faultReport.faultsInjected).toBeGreaterThan(0);
				// Bitrix24 backs off 1, 2, 4… s on each 503: a schedule with a long burst takes a while.
			},
			240_000,
		);
	});
}
