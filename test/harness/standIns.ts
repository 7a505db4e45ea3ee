import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type ITriggerFunctions,
	type ITriggerResponse,
	type IExecuteFunctions,
} from 'n8n-workflow';

/**
 * Minimal stand-ins for the n8n-nodes-base nodes our fixtures start or end with, so node-level tests
 * need not load n8n-nodes-base. Their behaviour matches the real nodes for what fixtures use:
 * Manual Trigger emits one empty item; No Operation passes items through; Sticky Note does nothing.
 */
export function standInNodeTypes(): Record<string, INodeType> {
	return {
		'n8n-nodes-base.manualTrigger': manualTrigger,
		'n8n-nodes-base.noOp': noOp,
		'n8n-nodes-base.stickyNote': stickyNote,
	};
}

const manualTrigger: INodeType = {
	description: {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	},
};

const noOp: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	},
};

const stickyNote: INodeType = {
	description: {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: [1],
		description: 'Make your workflow easier to understand',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [
			{ displayName: 'Content', name: 'content', type: 'string', default: '' },
			{ displayName: 'Height', name: 'height', type: 'number', default: 160 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 240 },
			{ displayName: 'Color', name: 'color', type: 'number', default: 1 },
		],
	},
};
