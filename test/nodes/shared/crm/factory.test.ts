import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { getFunnelCrm } from '../../../../nodes/shared/crm';
import { crmCredentials, crmProperties } from '../../../../nodes/shared/n8n/crmChoice';
import { WorkflowHarness, type WorkflowJson } from '../../../harness/runWorkflow';
import { CRMS, startCrmWorld, type CrmWorld } from '../../../support/crmWorlds';

/** A funnel node in miniature: the shared CRM parameters and credentials, and one FunnelCrm call. */
const pipelineProbe: INodeType = {
	description: {
		displayName: 'Pipeline Probe',
		name: 'pipelineProbe',
		group: ['transform'],
		version: 1,
		description: 'Lists pipelines through FunnelCrm',
		defaults: { name: 'Pipeline Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: crmCredentials,
		properties: crmProperties({ allowNone: true }),
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const crm = getFunnelCrm(this);
		if (!crm) return [[{ json: { crm: 'none' } }]];
		const pipelines = await crm.listPipelines();
		return [
			pipelines.map((p) => ({
				json: { crm: crm.kind, name: p.name, stages: p.stages.map((s) => s.name) },
			})),
		];
	},
};

function probeWorkflow(world: CrmWorld | null): WorkflowJson {
	return {
		id: 'crm-factory',
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
				id: 'p',
				name: 'Probe',
				type: 'test.pipelineProbe',
				typeVersion: 1,
				position: [200, 0],
				parameters: world ? world.crmParameters : { crm: 'none' },
				...(world ? { credentials: world.credentials } : {}),
			},
		],
		connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	};
}

describe.each(CRMS)('the CRM parameter of funnel nodes on %s', (crmKind) => {
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind, {
			harness: new WorkflowHarness({ extraNodeTypes: { 'test.pipelineProbe': pipelineProbe } }),
		});
	});
	afterAll(() => world.close());

	test('gives the node a FunnelCrm over the chosen CRM with its credential', async () => {
		const result = await world.harness.run(probeWorkflow(world));
		expect(result.status).toBe('success');
		const pipelines = result.items('Probe');
		expect(pipelines.length).toBeGreaterThan(1);
		expect(pipelines.every((p) => p.crm === crmKind)).toBe(true);
		expect(pipelines.flatMap((p) => p.stages as string[])).toContain(
			'Отправлен на повтор вебинара',
		);
	});
});

test('"None" gives no CRM and needs no credential', async () => {
	const harness = new WorkflowHarness({ extraNodeTypes: { 'test.pipelineProbe': pipelineProbe } });
	const result = await harness.run(probeWorkflow(null));
	expect(result.items('Probe')).toEqual([{ crm: 'none' }]);
});
