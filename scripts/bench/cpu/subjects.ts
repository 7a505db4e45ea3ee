/**
 * Scenario 5's subjects: our nodes alone, no HTTP — each in n8n-core's engine through the test harness, timed by
 * the node's own `executionTime` (the figure n8n shows in the editor), or, for Call Attempts until its node lands,
 * the pure core the node will run per item (call result → attempts → cadence decision).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { attemptsFromHistory } from '../../../nodes/shared/funnel/calls/attemptHistory';
import { decideNextCall } from '../../../nodes/shared/funnel/calls/cadence';
import { CADENCE_PRESETS } from '../../../nodes/shared/funnel/calls/cadencePresets';
import { readCallResult } from '../../../nodes/shared/funnel/calls/readCall';
import { WorkflowHarness, type WorkflowJson } from '../../../test/harness/runWorkflow';
import { syntheticLeads } from '../../../test/fixtures/syntheticLeads';
import { callCases, formSubmissions, viewerRows, webinarAudience } from '../data';

export interface TimedRun {
	ms: number;
	itemsOut: number;
	/** Items per output (or per decision), for the report. */
	breakdown: Record<string, number>;
}

export interface PreparedSubject {
	itemsIn: number;
	run(): Promise<TimedRun>;
}

export interface CpuSubject {
	id: string;
	scenario: string;
	subject: string;
	prepare(items: number): PreparedSubject;
}

const MEASURED = 'Measured';

const outputNames: Record<string, string[]> = {
	'n8n-nodes-sales-funnel.leadNormalize': ['Valid', 'Invalid'],
	'n8n-nodes-sales-funnel.leadDedup': ['New', 'Duplicate'],
	'n8n-nodes-sales-funnel.webinarRouter': ['Showed activity', 'Stayed ≥ 60 min', 'Stayed < 60 min', 'Did not attend', 'Unreadable'],
};

function oneNodeWorkflow(type: string, parameters: INodeParameters, outputs: number): WorkflowJson {
	const sinks = Array.from({ length: outputs }, (_, i) => ({ id: `out${i}`, name: `Output ${i}`, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [480, i * 100] as [number, number], parameters: {} }));
	return {
		id: `bench-cpu-${type}`,
		nodes: [
			{ id: 'in', name: 'Items', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'node', name: MEASURED, type, typeVersion: 1, position: [240, 0], parameters },
			...sinks,
		],
		connections: {
			Items: { main: [[{ node: MEASURED, type: 'main', index: 0 }]] },
			[MEASURED]: { main: sinks.map((s) => [{ node: s.name, type: 'main', index: 0 }]) },
		},
	};
}

/** A node in n8n-core's engine: time = the node's executionTime, out = items on all its outputs. */
function nodeSubject(type: string, parameters: INodeParameters, outputs: number, input: IDataObject[]): PreparedSubject {
	const harness = new WorkflowHarness();
	const workflow = oneNodeWorkflow(type, parameters, outputs);
	return {
		itemsIn: input.length,
		async run() {
			const result = await harness.run(workflow, { trigger: { items: input } });
			if (result.status !== 'success') throw new Error(`${type} failed: ${result.error?.message}`);
			const task = result.run.data.resultData.runData[MEASURED][0];
			const outputs = result.outputs(MEASURED);
			const names = outputNames[type] ?? [];
			return {
				ms: task.executionTime,
				itemsOut: outputs.reduce((sum, out) => sum + out.length, 0),
				breakdown: Object.fromEntries(outputs.map((out, i) => [names[i] ?? `output ${i}`, out.length])),
			};
		},
	};
}

export const CPU_SUBJECTS: CpuSubject[] = [
	{
		id: '5-lead-normalize',
		scenario: 'CPU: Lead Normalize',
		subject: 'Lead Normalize node (auto-detect fields), Tilda-style form submissions',
		prepare: (items) => nodeSubject('n8n-nodes-sales-funnel.leadNormalize', { mappingMode: 'auto', source: 'site form', channel: 'tilda', options: {} }, 2, formSubmissions(items)),
	},
	{
		id: '5-lead-dedup',
		scenario: 'CPU: Lead Dedup (input scope)',
		subject: 'Lead Dedup node, This Input, phone or email, 30% repeats in mixed spellings',
		prepare: (items) =>
			nodeSubject(
				'n8n-nodes-sales-funnel.leadDedup',
				{ scopes: ['input'], keys: ['phone', 'email'], match: 'any', byExternalId: true, options: {} },
				2,
				syntheticLeads(items, 0.3).leads.map((lead) => ({ ...lead }) as IDataObject),
			),
	},
	{
		id: '5-webinar-router',
		scenario: 'CPU: Webinar Router',
		subject: 'Webinar Router node, one item per viewer row (Google Sheets shape)',
		prepare: (items) =>
			nodeSubject(
				'n8n-nodes-sales-funnel.webinarRouter',
				{
					format: 'auto',
					inputMode: 'json',
					thresholdMinutes: 60,
					activityButtons: 'Баннер, Рассрочка (Тинькофф), Служба заботы о клиентах, Инстаграм, Мастер-классы, Подарок',
					precedence: 'activityFirst',
					options: {},
				},
				5,
				viewerRows(webinarAudience(items)),
			),
	},
	{
		id: '5-call-attempts',
		scenario: 'CPU: Call Attempts',
		subject: 'Call Attempts core (pure; pending: needs the Call Attempts node): PBX webhook → attempts → cadence of seed 003',
		prepare(items) {
			const cases = callCases(items);
			const now = '2024-03-15T12:00:00.000Z';
			return {
				itemsIn: cases.length,
				async run() {
					const breakdown: Record<string, number> = {};
					const started = performance.now();
					for (const c of cases) {
						const parsed = readCallResult(c.payload, 'auto');
						// Not a final call, or unreadable: the node sends it out with its reason, undecided.
						const decision = parsed.ok
							? decideNextCall({ attempts: attemptsFromHistory(c.history, parsed.call, now), phone: c.phone, now, zone: 'Europe/Moscow' }, CADENCE_PRESETS.seed003).decision
							: 'unreadable';
						breakdown[decision] = (breakdown[decision] ?? 0) + 1;
					}
					const ms = performance.now() - started;
					return { ms, itemsOut: Object.values(breakdown).reduce((a, b) => a + b, 0), breakdown };
				},
			};
		},
	},
];
