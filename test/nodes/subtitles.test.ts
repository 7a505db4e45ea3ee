/**
 * The line under a node's name on the canvas: English labels in Title Case, as n8n's own nodes write them, and the
 * labels people see rather than stored values. Evaluated the way the editor does, on each node's default
 * parameters and on the settings that change it.
 */
import {
	NodeHelpers,
	Workflow,
	type INode,
	type INodeParameters,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { loadPackageNodeTypes, TestNodeTypes } from '../harness/registry';

const types = loadPackageNodeTypes();
const nodeTypes = new TestNodeTypes({ ...types });

function subtitle(type: string, parameters: INodeParameters = {}): unknown {
	const description = types[type].description as INodeTypeDescription;
	const withDefaults = NodeHelpers.getNodeParameters(
		description.properties,
		parameters,
		true,
		false,
		null,
		description,
	);
	const node: INode = {
		id: '1',
		name: description.defaults.name ?? description.displayName,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults ?? {},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

/** Title Case as n8n's lint reads it: every word capitalised but the short connecting ones. */
function isTitleCase(text: string): boolean {
	const minor = new Set([
		'a',
		'an',
		'and',
		'as',
		'at',
		'by',
		'for',
		'in',
		'of',
		'on',
		'or',
		'the',
		'to',
		'via',
	]);
	return text
		.split(/[\s/+:()]+/)
		.filter((word) => /^[a-z]/i.test(word))
		.every((word, i) => (i > 0 && minor.has(word)) || /^[A-Z]/.test(word));
}

const cases: Array<[string, INodeParameters, string]> = [
	['callAttempts', {}, 'Webinar Funnel: 3 Attempts'],
	['callAttempts', { cadence: 'leadHandling' }, 'Lead Handling: 7 Attempts'],
	['callAttempts', { cadence: 'custom' }, 'Custom Cadence'],
	['funnelMetrics', {}, 'Last Week'],
	['leadCapture', {}, 'Any Form or Messenger'],
	['leadCapture', { preset: 'custom' }, 'Custom Mapping'],
	[
		'leadDedup',
		{ keys: ['phone', 'email'], scopes: ['input', 'history', 'crm'] },
		'By Phone / Email in This Input + Earlier Executions + CRM',
	],
	['leadDistribution', {}, 'Round Robin'],
	['leadDistribution', { strategy: 'leastOpenLeads' }, 'Fewest Open Leads'],
	['leadNormalize', {}, 'Automatic Fields'],
	['leadReconcile', {}, 'Doubles Written Within 60 Minutes'],
	['leadNormalize', { mappingMode: 'manual' }, 'Mapped Fields'],
	['leadTagger', {}, 'Tag by Rules'],
	['pipelineAudit', {}, 'Audit'],
	['pipelineAudit', { cleanup: true }, 'Audit + Cleanup (Dry Run)'],
	['pipelineAudit', { cleanup: true, dryRun: false }, 'Audit + Cleanup'],
	['webinarRouter', {}, 'Threshold: 60 Minutes'],
];

test.each(cases)('%s %j reads "%s"', (name, parameters, expected) => {
	const shown = subtitle(`n8n-nodes-sales-funnel.${name}`, parameters);
	expect(shown).toBe(expected);
	expect(isTitleCase(expected)).toBe(true);
});

test('every label subtitle of the funnel nodes is in Title Case with its defaults', () => {
	const labels = Object.keys(types)
		// The CRM nodes show stored values (operation: resource; the subscribed events), as n8n's own CRM nodes do.
		.filter((type) => !/\.(amoCrm|bitrix24)(Trigger)?$/.test(type))
		.map((type) => [type, subtitle(type)] as const)
		.filter(([, shown]) => typeof shown === 'string' && !isTitleCase(shown));
	expect(labels).toEqual([]);
});
