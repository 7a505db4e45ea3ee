import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pagesOf } from '../../../shared/crm/amocrm/paging';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import { idOf, limitField, returnAllField, type ItemOutcome, type OperationRun } from '../common';
import { entityField, entityIdField } from './create';

export const description: INodeProperties[] = withDisplay(
	[
		entityField,
		entityIdField,
		{
			displayName: 'Note Types',
			name: 'noteTypes',
			type: 'multiOptions',
			options: [
				{ name: 'Incoming Call', value: 'call_in' },
				{ name: 'Outgoing Call', value: 'call_out' },
				{ name: 'Service Message', value: 'service_message' },
				{ name: 'SMS In', value: 'sms_in' },
				{ name: 'SMS Out', value: 'sms_out' },
				{ name: 'Text Note', value: 'common' },
			],
			default: [],
			description: 'Only these kinds of notes; empty for all',
		},
		returnAllField,
		limitField,
	],
	'note',
	['getMany'],
);

/** Notes of a lead or contact, e.g. its call history (call_out), oldest first. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => {
		const entity = this.getNodeParameter('entity', i, 'leads') as string;
		const id = idOf(
			this,
			this.getNodeParameter('entityId', i),
			entity === 'leads' ? 'lead' : 'contact',
			i,
		);
		const types = this.getNodeParameter('noteTypes', i, []) as string[];
		const limit = this.getNodeParameter('returnAll', i, false)
			? Infinity
			: (this.getNodeParameter('limit', i, 50) as number);
		return { entity, id, types, limit };
	});
	return callEach(this, prepared, async ({ entity, id, types, limit }) => {
		const notes: IDataObject[] = [];
		for await (const page of pagesOf<IDataObject>(
			run.crm.transport,
			`/api/v4/${entity}/${id}/notes`,
			'notes',
			types.length ? { filter: { note_type: types } } : {},
		)) {
			notes.push(...page.slice(0, limit - notes.length));
			if (notes.length >= limit) break;
		}
		return notes;
	});
}
