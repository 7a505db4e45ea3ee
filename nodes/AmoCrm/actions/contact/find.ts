import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ContactMatch } from '../../../shared/crm/types';
import { perItem, withDisplay, type ItemOutcome, type OperationRun } from '../common';
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
	const keys = perItem(run.items, (i) =>
		searchKeys(
			this,
			this.getNodeParameter('phone', i, ''),
			this.getNodeParameter('email', i, ''),
			i,
		),
	);
	const phones = keys.flatMap((k) => ('value' in k && k.value.phone ? [k.value.phone] : []));
	const emails = keys.flatMap((k) => ('value' in k && k.value.email ? [k.value.email] : []));
	const matches = await run.crm.findContacts({ phones, emails });
	return keys.map((k) => {
		if ('error' in k) return k;
		const own = matches.filter((m) => m.key === k.value.phone || m.key === k.value.email);
		const unique = [...new Map(own.map((m) => [m.contact.id, m])).values()];
		const contacts = unique.map(contactJson);
		return {
			json: {
				found: contacts.length > 0,
				phone: k.value.phone,
				email: k.value.email,
				contactId: contacts[0]?.id ?? null,
				contact: contacts[0] ?? null,
				contacts,
			},
		};
	});
}
