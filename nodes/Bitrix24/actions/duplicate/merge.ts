/**
 * Merge duplicates with crm.entity.mergeBatch: the first record survives, the others are deleted. When two
 * records hold different values in one field Bitrix24 answers CONFLICT and merges nothing; the output gives the
 * page where a person finishes the merge.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { mergeReconciler } from '../../../shared/crm/bitrix24/reconcile';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import type { Operation, OperationContext } from '../types';

const on = displayFor('duplicate', 'merge');
const TYPE_ID: Record<string, number> = { lead: 1, deal: 2, contact: 3 };

const description: INodeProperties[] = [
	{
		displayName: 'Record Type',
		name: 'mergeType',
		type: 'options',
		options: [
			{ name: 'Contact', value: 'contact' },
			{ name: 'Deal', value: 'deal' },
			{ name: 'Lead', value: 'lead' },
		],
		default: 'contact',
		description: 'What kind of records to merge',
		displayOptions: on,
	},
	{
		displayName: 'Keep ID',
		name: 'keepId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 301',
		description: 'The record that stays (usually the oldest); the others merge into it',
		displayOptions: on,
	},
	{
		displayName: 'Merge IDs',
		name: 'mergeIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 302, 305',
		description: 'The duplicates to merge into it and delete (comma-separated, or a list)',
		displayOptions: on,
	},
];

export const mergeDuplicates: Operation = {
	description,
	async execute(this: IExecuteFunctions, ctx: OperationContext) {
		const portal = ctx.connection.webhook.base.replace(/\/rest\/.*$/, '');
		const prepared = await readItems(this, ctx.items.length, (i) => {
			const keep = String(this.getNodeParameter('keepId', i, '')).trim();
			const rawMerge = this.getNodeParameter('mergeIds', i, '') as unknown;
			const merge = (Array.isArray(rawMerge) ? rawMerge : String(rawMerge).split(','))
				.map((v) => String(v).trim())
				.filter((v) => v && v !== keep);
			if (!/^\d+$/.test(keep) || merge.length === 0 || merge.some((m) => !/^\d+$/.test(m))) {
				throw new NodeOperationError(
					this.getNode(),
					'Give one ID to keep and at least one other ID to merge',
					{ itemIndex: i, description: 'IDs are numbers, e.g. Keep ID 301, Merge IDs 302, 305' },
				);
			}
			return {
				type: this.getNodeParameter('mergeType', i) as string,
				keep,
				ids: [keep, ...merge].map(Number),
			};
		});
		return await sendItems(
			prepared,
			(merges) =>
				ctx.connection.runner.run(
					merges.map(({ type, ids }) => ({
						method: 'crm.entity.mergeBatch',
						params: { params: { entityTypeId: TYPE_ID[type], entityIds: ids } },
						reconcile: mergeReconciler,
					})),
				),
			(value, { type, keep, ids }) => {
				const answer = (value ?? {}) as { STATUS?: string; ENTITY_IDS?: unknown[] };
				const status =
					answer.STATUS === 'SUCCESS'
						? 'merged'
						: answer.STATUS === 'CONFLICT'
							? 'conflict'
							: String(answer.STATUS ?? 'unknown').toLowerCase();
				return {
					status,
					keepId: keep,
					mergedIds: (answer.ENTITY_IDS ?? []).map(String),
					...(status === 'conflict'
						? { mergePage: `${portal}/crm/${type}/merge/?id=${ids.join(',')}` }
						: {}),
				};
			},
		);
	},
};
