import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { linkAmoCompanies } from '../../../shared/crm/amocrm/companies';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { recordIdOf, leadIdField, type ItemOutcome, type OperationRun } from '../common';
import { contactIdField } from '../contact/update';
import { companyIdField, companyIdOf } from './fields';

export const leadDescription: INodeProperties[] = withDisplay(
	[companyIdField, leadIdField],
	'company',
	['linkToLead'],
);

export const contactDescription: INodeProperties[] = withDisplay(
	[companyIdField, contactIdField],
	'company',
	['linkToContact'],
);

function linker(toType: 'leads' | 'contacts') {
	return async function (this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, run.items.length, (i) => ({
			companyId: companyIdOf(this, i),
			toType,
			toId:
				toType === 'leads'
					? recordIdOf(this, 'leadId', 'lead', i)
					: recordIdOf(this, 'contactId', 'contact', i),
		}));
		return sendItems(
			prepared,
			(links) => linkAmoCompanies(run.crm.transport, links),
			(link) => ({
				companyId: link.companyId,
				...(toType === 'leads' ? { leadId: link.toId } : { contactId: link.toId }),
				linked: true,
			}),
		);
	};
}

/** Link to a lead: a lead belongs to one company, so linking another one replaces it. 250 links a request. */
export const executeLinkToLead = linker('leads');
/** Link to a contact: a contact belongs to one company, so linking another one replaces it. */
export const executeLinkToContact = linker('contacts');
