import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ContactMatch } from '../../../shared/crm/types';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import type { ItemOutcome, OperationRun } from '../common';
import { searchKeys } from './fields';

export const description: INodeProperties[] = withDisplay(
	[
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: 'e.g. 8 (916) 123-45-67',
			description:
				"Any spelling: 8 916…, +7 916…, 9161234567 are one number. Matched exactly after amoCRM's loose search.",
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Case and spaces do not matter',
		},
	],
	'contact',
	['find'],
);

function contactJson(match: ContactMatch): IDataObject {
	return {
		id: Number(match.contact.id),
		name: match.contact.name,
		phones: match.contact.phones,
		emails: match.contact.emails,
		responsibleUserId: match.contact.responsibleUserId
			? Number(match.contact.responsibleUserId)
			: null,
		matchedBy: match.keyType,
		leads: match.deals.map((d) => ({
			id: Number(d.id),
			name: d.name,
			pipelineId: Number(d.pipelineId),
			stageId: Number(d.stageId),
			status: d.semantics,
			responsibleUserId: d.responsibleUserId ? Number(d.responsibleUserId) : null,
			tags: d.tags,
			url: d.url,
		})),
	};
}

/**
 * Find by phone or email: amoCRM's `query` search (last ten digits for phones, so 8… and +7… both come back),
 * then an exact comparison of the normalised keys. One output item per input: `found`, the contacts, the first.
 */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) =>
		searchKeys(
			this,
			this.getNodeParameter('phone', i, ''),
			this.getNodeParameter('email', i, ''),
			i,
		),
	);
	return sendItems(
		prepared,
		async (keys) => {
			const matches = await run.crm.findContacts({
				phones: keys.flatMap((k) => (k.phone ? [k.phone] : [])),
				emails: keys.flatMap((k) => (k.email ? [k.email] : [])),
			});
			return keys.map((k) => ({
				ok: true,
				value: matches.filter((m) => m.key === k.phone || m.key === k.email),
			}));
		},
		(own, k) => {
			const unique = [...new Map(own.map((m) => [m.contact.id, m])).values()];
			const contacts = unique.map(contactJson);
			return {
				found: contacts.length > 0,
				phone: k.phone,
				email: k.email,
				contactId: contacts[0]?.id ?? null,
				contact: contacts[0] ?? null,
				contacts,
			};
		},
	);
}
