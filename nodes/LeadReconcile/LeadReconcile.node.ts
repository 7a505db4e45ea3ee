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
		subtitle: '={{"Doubles written within " + $parameter["reconcileWindowMinutes"] + " min"}}',
		description:
			'After deals are written: a person written twice at the same moment (two workers) keeps the oldest deal; the later ones are tagged «Дубль», linked and closed',
		defaults: { name: 'Lead Reconcile' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Kept', 'Closed as Double'],
		usableAsTool: true,
		credentials: leadReconcileCredentials,
		properties: leadReconcileProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeReconcile.call(this);
	}
}
