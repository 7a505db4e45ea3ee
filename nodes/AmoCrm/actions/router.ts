import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { createAmoCrmFunnel } from '../../shared/crm/amocrm';
import { routeOperation, type CrmNode } from '../../shared/n8n/crmNode/router';
import type { OperationRun } from './common';
import { companyOperations } from './company/Company.resource';
import { contactOperations } from './contact/Contact.resource';
import { incomingOperations } from './incoming/Incoming.resource';
import { leadOperations } from './lead/Lead.resource';
import { lossReasonOperations, pipelineOperations, userOperations } from './lists';
import { noteOperations } from './note/Note.resource';
import { requestOperations } from './request/custom';
import { taskOperations } from './task/Task.resource';

/** The amoCRM node on the shared CRM node skeleton: every operation gets the items and the account's FunnelCrm. */
const amoCrmNode: CrmNode<OperationRun> = {
	crm: 'amocrm',
	operations: {
		company: companyOperations,
		contact: contactOperations,
		incomingLead: incomingOperations,
		lead: leadOperations,
		lossReason: lossReasonOperations,
		note: noteOperations,
		pipeline: pipelineOperations,
		request: requestOperations,
		task: taskOperations,
		user: userOperations,
	},
	async open() {
		return {
			crm: createAmoCrmFunnel(this, {
				updateBatchSize: this.getNodeParameter('options.batchSize', 0, 250) as number,
			}),
		};
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation.call(this, amoCrmNode);
}
