/**
 * An AI agent that calls a node as a tool receives the node's first output only. A node whose answer is spread over
 * several outputs (New / Duplicate, Reached / Retry / …) would hand the agent part of it and silently drop the rest,
 * so only single-output nodes are tools; every single-output action node is one.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { loadPackageNodeTypes } from '../harness/registry';

const nodes = Object.values(loadPackageNodeTypes()).map(
	(node) => node.description as INodeTypeDescription,
);
const mainOutputs = (description: INodeTypeDescription) => {
	if (!Array.isArray(description.outputs))
		throw new Error(`${description.name}: outputs is an expression; count them by hand`);
	return description.outputs.filter((output) =>
		typeof output === 'string' ? output === 'main' : output.type === 'main',
	).length;
};
const isTrigger = (description: INodeTypeDescription) => description.inputs.length === 0;

test.each(nodes.filter((d) => d.usableAsTool).map((d) => [d.displayName, d] as const))(
	'%s is an AI tool and has exactly one main output',
	(_name, description) => {
		expect(mainOutputs(description)).toBe(1);
		expect(isTrigger(description)).toBe(false);
	},
);

test.each(nodes.filter((d) => !isTrigger(d)).map((d) => [d.displayName, d] as const))(
	'%s is an AI tool exactly when it has one main output',
	(_name, description) => {
		expect(Boolean(description.usableAsTool)).toBe(mainOutputs(description) === 1);
	},
);

test('the single-output action nodes stay tools', () => {
	expect(
		nodes
			.filter((d) => d.usableAsTool)
			.map((d) => d.displayName)
			.sort(),
	).toEqual(['amoCRM', 'Bitrix24', 'Lead Tagger'].sort());
});
