/**
 * Scenario 4 — the weekly pipeline audit over an account of 50,000 leads (quick: 5,000), each CRM. The Pipeline
 * Audit node lands later; until then the run seeds the account (timed: the emulators must hold 50,000 leads and
 * seed them quickly), counts what the audit has to read, and computes the API's minimum for it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CrmKind } from '../../../nodes/shared/crm/types';
import { startEmulator } from '../emulatorProcess';
import { fmt, round } from '../format';
import { amoAudit, bitrixAudit, idealOf } from '../minimums';
import { hasNode } from '../readiness';
import type { BenchSettings, PendingScenario, Scenario } from '../types';

export function auditSeed(crm: CrmKind, leads: number): unknown {
	const contacts = Math.round(leads / 4);
	return crm === 'amocrm' ? { generate: { leads, contacts } } : { deals: leads, contacts, leads: 200 };
}

/** The records the audit reads: deals, and the open tasks (amoCRM) or open activities (Bitrix24) that are next steps. */
function workload(crm: CrmKind, state: IDataObject): { deals: number; openTasks: number } {
	if (crm === 'amocrm') {
		return { deals: (state.leads as unknown[]).length, openTasks: (state.tasks as Array<{ is_completed: boolean }>).filter((t) => !t.is_completed).length };
	}
	return { deals: (state.deals as unknown[]).length, openTasks: (state.activities as Array<{ COMPLETED: string }>).filter((a) => a.COMPLETED !== 'Y').length };
}

export function weeklyAuditScenario(crm: CrmKind): Scenario {
	const label = crm === 'amocrm' ? 'amoCRM' : 'Bitrix24';
	return {
		id: `4-${crm}`,
		title: `Weekly audit (${label})`,
		async run(settings: BenchSettings, log): Promise<PendingScenario> {
			// 50,000 deals with their contacts and activities make a large emulator heap.
			const emulator = await startEmulator(crm, auditSeed(crm, settings.auditLeads), { heapMb: 4096 });
			let load: { deals: number; openTasks: number };
			try {
				load = workload(crm, await emulator.control<IDataObject>('GET', 'state'));
			} finally {
				await emulator.stop();
			}
			const minimum = crm === 'amocrm' ? amoAudit({ leads: load.deals, openTasks: load.openTasks }) : bitrixAudit({ deals: load.deals, openActivities: load.openTasks });
			const ideal = idealOf(crm, minimum, Date.now());
			log(`  pending; seeded ${fmt(load.deals)} deals in ${round(emulator.startSeconds, 1)} s`);
			return {
				id: `4-${crm}`,
				scenario: 'Weekly audit',
				crm,
				status: 'pending',
				needs: hasNode('pipelineAudit')
					? 'the Pipeline Audit node has landed: wire its workflow (Schedule → Pipeline Audit) in scripts/bench/scenarios/weeklyAudit.ts'
					: 'pending: needs the Pipeline Audit node',
				prepared: [
					`account: ${fmt(load.deals)} ${crm === 'amocrm' ? 'leads' : 'deals'} with ${fmt(load.openTasks)} open ${crm === 'amocrm' ? 'tasks' : 'activities'}, seeded through the emulator's --seed in ${round(emulator.startSeconds, 1)} s`,
				],
				min_requests: minimum.requests.length,
				min_requests_arithmetic: minimum.arithmetic,
				ideal_wall_s: round(ideal.seconds, 1),
				ideal_wall_arithmetic: ideal.arithmetic,
			};
		},
	};
}
