import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { leadIdField, type ItemOutcome, type OperationRun } from '../common';
import { customFieldsParameter, customFieldValues } from '../fields';
import { patchLeads } from './patch';

export const description: INodeProperties[] = withDisplay(
	[
		leadIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				customFieldsParameter('getLeadFields'),
				{
					displayName: 'Lead Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'The new title',
				},
				{
					displayName: 'Price',
					name: 'price',
					type: 'number',
					default: 0,
					description: "The deal's budget in the account currency",
				},
			],
		},
	],
	'lead',
	['update'],
);

/** Lead update: name, price and custom fields; each named field's values are replaced. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	return patchLeads.call(
		this,
		run,
		async (i) => {
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			const changes: Record<string, unknown> = {};
			if (typeof fields.name === 'string' && fields.name.trim()) changes.name = fields.name.trim();
			if (fields.price !== undefined) changes.price = Math.round(Number(fields.price));
			const custom = customFieldValues(fields.customFields as IDataObject | undefined);
			if (custom.length) changes.custom_fields_values = custom;
			return changes;
		},
		(payload) => {
			const { id: _id, ...changed } = payload;
			return { updated: Object.keys(changed) };
		},
	);
}
