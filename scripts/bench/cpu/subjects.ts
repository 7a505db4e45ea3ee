/**
 * Scenario 5's subjects: our nodes alone, no HTTP — each in n8n-core's engine through the test harness, timed by
 * the node's own `executionTime` (the figure n8n shows in the editor).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

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
	'n8n-nodes-sales-funnel.callAttempts': ['Reached', 'Retry', 'Exhausted', 'Foreign', 'Skipped'],
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
	const workflow = oneNodeWorkflow(type, parameters, outputs);
	return {
		itemsIn: input.length,
		async run() {
			// A harness per run: its deduplication store would otherwise remember the calls of the run before.
			const result = await new WorkflowHarness().run(workflow, { trigger: { items: input } });
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
		subject: 'Call Attempts node, no CRM: PBX "call ended" webhooks of six telephonies (auto-detected), earlier calls from a field, the lead-handling cadence (7 attempts)',
		prepare: (items) =>
			nodeSubject(
				'n8n-nodes-sales-funnel.callAttempts',
				{ crm: 'none', source: 'auto', historySource: 'field', historyField: '={{ $json.earlier }}', cadence: 'leadHandling' },
				5,
				callCases(items).map((c) => ({
					// A Webhook node's item: the PBX's body, and the lead's earlier calls as the workflow passes them in.
					headers: { 'content-type': 'application/json' },
					params: {},
					query: {},
					body: c.payload,
					earlier: c.history.map((h) => ({ at: h.at, outcome: h.outcome })),
				})),
			),
	},
];
