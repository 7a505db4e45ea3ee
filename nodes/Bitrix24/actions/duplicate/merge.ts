/**
 * Merge duplicates with crm.entity.mergeBatch: the first record survives, the others are deleted. When two
 * records hold different values in one field Bitrix24 answers CONFLICT and merges nothing; the output gives the
 * page where a person finishes the merge.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { mergeReconciler } from '../../../shared/crm/bitrix24/reconcile';
import { prepare, runPerItem, show } from '../common';
import type { Operation, OperationContext } from '../types';

const on = show('duplicate', 'merge');
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
		const prepared = prepare(ctx.items.length, (i) => {
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
			const type = this.getNodeParameter('mergeType', i) as string;
			return {
				command: {
					method: 'crm.entity.mergeBatch',
					params: {
						params: { entityTypeId: TYPE_ID[type], entityIds: [keep, ...merge].map(Number) },
					},
					reconcile: mergeReconciler,
				},
			};
		});
		return await runPerItem(
			(c) => ctx.connection.runner.run(c),
			prepared,
			(value, i) => {
				const answer = (value ?? {}) as { STATUS?: string; ENTITY_IDS?: unknown[] };
				const type = this.getNodeParameter('mergeType', i) as string;
				const keep = String(this.getNodeParameter('keepId', i)).trim();
				const ids = (prepared[i] as { command: { params: { params: { entityIds: number[] } } } })
					.command.params.params.entityIds;
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
