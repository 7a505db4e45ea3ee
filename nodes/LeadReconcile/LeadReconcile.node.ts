import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executeReconcile } from './execute';
import { leadReconcileCredentials, leadReconcileProperties } from './description';

export class LeadReconcile implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Reconcile',
		name: 'leadReconcile',
		icon: { light: 'file:leadReconcile.svg', dark: 'file:leadReconcile.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Doubles Written Within " + $parameter["reconcileWindowMinutes"] + " Minutes"}}',
		description:
			'After deals are written: a person written twice at the same moment (two workers) keeps the oldest deal; the later ones are tagged «Дубль», linked and closed',
		defaults: { name: 'Lead Reconcile' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Kept', 'Closed as Double'],
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		credentials: leadReconcileCredentials,
		properties: leadReconcileProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeReconcile.call(this);
	}
}
