import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	connectBitrix24,
	createBitrix24Funnel,
	type Bitrix24Funnel,
} from '../../shared/crm/bitrix24';
import { routeOperation, type CrmNode } from '../../shared/n8n/crmNode/router';
import { OPERATIONS } from './operations';
import type { OperationContext } from './types';

/**
 * The Bitrix24 node on the shared CRM node skeleton: every operation gets the items, the portal connection
 * (paced by the plan chosen under Connection) and the lead or deal FunnelCrm sharing it.
 */
const bitrix24Node: CrmNode<OperationContext> = {
	crm: 'bitrix24',
	operations: OPERATIONS,
	async open() {
		const options = this.getNodeParameter('connectionOptions', 0, {}) as {
			plan?: 'standard' | 'enterprise';
			timeoutSeconds?: number;
		};
		const connection = await connectBitrix24(this, {
			plan: options.plan,
			timeoutMs: options.timeoutSeconds ? options.timeoutSeconds * 1000 : undefined,
		});
		const tagOptions = this.getNodeParameter('options', 0, {}) as {
			tagsField?: string;
			createMissingTags?: boolean;
			lossReasonField?: string;
		};
		const funnels: Partial<Record<'lead' | 'deal', Bitrix24Funnel>> = {};
		const funnel = (entity: 'lead' | 'deal') => {
			funnels[entity] ??= createBitrix24Funnel(this, {
				entity,
				sharedConnection: connection,
				tagsField: tagOptions.tagsField || undefined,
				createMissingTags: tagOptions.createMissingTags,
				lossReasonField: tagOptions.lossReasonField || undefined,
			});
			return funnels[entity] as Bitrix24Funnel;
		};
		return { connection, funnel };
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, bitrix24Node);
}
