import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RunResult, WorkflowJson } from '../../harness/runWorkflow';
import type { CrmWorld } from '../../support/crmWorlds';

export const NODE = 'Pipeline Audit';
export const OUT = { findings: 0, summary: 1, cleanup: 2 } as const;

/** Schedule-like start → Pipeline Audit → one No-op per output. */
export function auditWorkflow(world: CrmWorld, parameters: INodeParameters = {}): WorkflowJson {
	const outputs = ['Findings', 'Summary', 'Cleanup'];
	return {
		id: 'pipeline-audit-test',
		name: 'Pipeline Audit test',
		nodes: [
			{
				id: 'a1',
				name: 'Every Monday',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a2',
				name: NODE,
				type: 'n8n-nodes-sales-funnel.pipelineAudit',
				typeVersion: 1,
				position: [220, 0],
				parameters: { ...world.crmParameters, ...parameters },
				credentials: world.credentials,
			},
			...outputs.map((name, i) => ({
				id: `o${i}`,
				name,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [440, i * 100] as [number, number],
				parameters: {},
			})),
		],
		connections: {
			'Every Monday': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) },
		},
	};
}

/** The node's findings as "type dealId" keys, comparable with expectedFindings(). */
export function findingKeys(result: RunResult): string[] {
	return result
		.items(NODE, OUT.findings)
		.map(
			(f) =>
				`${f.type as string} ${f.type === 'tooManyStages' ? `pipeline:${f.pipelineId as string}` : f.type === 'overdueTask' ? `task:${f.taskId as string}` : (f.dealId as string)}`,
		)
		.sort();
}

export function auditRow(result: RunResult): IDataObject {
	return result.items(NODE, OUT.summary).find((r) => r.summary === 'audit')!;
}
