/** A comment in a record's timeline (crm.timeline.comment.add, which reads only the lower-case `fields`). */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { Command } from '../../../shared/crm/bitrix24/commands';
import { commentReconciler } from '../../../shared/crm/bitrix24/reconcile';
import { toApiDateTime } from '../../../shared/crm/bitrix24/parse';
import { ownerFields } from '../activity/owner';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import type { Operation, OperationContext } from '../types';

export const createComment: Operation = {
	description: [
		...ownerFields('comment', ['create']),
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			placeholder: 'e.g. Клиент просил перезвонить после 18:00',
			description: 'The comment (BBCode allowed)',
			displayOptions: displayFor('comment', 'create'),
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext) {
		const reconcile = commentReconciler(
			toApiDateTime(new Date(Date.now() - 5 * 60_000).toISOString()),
		);
		const prepared = await readItems(this, ctx.items.length, (i): Command => {
			const ownerId = Number(String(this.getNodeParameter('ownerId', i, '')).trim());
			if (!Number.isInteger(ownerId) || ownerId <= 0)
				throw new NodeOperationError(this.getNode(), 'Record ID must be a number', {
					itemIndex: i,
				});
			const text = String(this.getNodeParameter('text', i, '')).trim();
			if (!text)
				throw new NodeOperationError(this.getNode(), 'The comment is empty', { itemIndex: i });
			return {
				method: 'crm.timeline.comment.add',
				params: {
					fields: {
						ENTITY_ID: ownerId,
						ENTITY_TYPE: this.getNodeParameter('ownerType', i) as string,
						COMMENT: text,
					},
				},
				reconcile,
			};
		});
		return await sendItems(
			prepared,
			(commands) => ctx.connection.runner.run(commands),
			(value) => ({ id: String(value) }),
		);
	},
};
