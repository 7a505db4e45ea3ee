/**
 * Find leads and contacts with the same phone or e-mail, as Bitrix24's own duplicate control sees them
 * (crm.duplicate.findbycomm: 8 → 7, extensions ignored, e-mails without case). 1,000 items: one request, plus one
 * to tell which record matched which number when anything was found.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	findByCommunication,
	type DuplicateEntity,
	type DuplicateRecord,
} from '../../../shared/crm/bitrix24/duplicates';
import { toId, toIsoUtc, toText } from '../../../shared/crm/bitrix24/parse';
import { normalizeEmail } from '../../../shared/funnel/email';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems, type SendResult } from '../../../shared/n8n/crmNode/items';
import { phoneForStorage } from '../common';
import type { ItemOutcome, Operation, OperationContext } from '../types';

const on = displayFor('duplicate', 'find');

const description: INodeProperties[] = [
	{
		displayName: 'By',
		name: 'by',
		type: 'options',
		options: [
			{ name: 'Email', value: 'EMAIL' },
			{ name: 'Phone', value: 'PHONE' },
		],
		default: 'PHONE',
		description: 'What to compare',
		displayOptions: on,
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		placeholder: 'e.g. 8 (916) 123-45-67',
		description:
			'The phone or e-mail to look for; phones are read as E.164 first (8 916… → +7916…)',
		displayOptions: on,
	},
	{
		displayName: 'Look In',
		name: 'lookIn',
		type: 'options',
		options: [
			{ name: 'Contacts', value: 'CONTACT' },
			{ name: 'Leads', value: 'LEAD' },
			{ name: 'Leads and Contacts', value: 'both' },
		],
		default: 'both',
		description: 'Which records to search',
		displayOptions: on,
	},
];

function summary(row: Record<string, unknown>): IDataObject {
	return {
		id: toText(row.ID),
		name:
			[row.NAME, row.SECOND_NAME, row.LAST_NAME].map(toText).filter(Boolean).join(' ') ||
			toText(row.TITLE),
		responsibleId: toId(row.ASSIGNED_BY_ID),
		createdAt: toIsoUtc(row.DATE_CREATE),
		...(row.STATUS_ID !== undefined
			? { statusId: toText(row.STATUS_ID), statusSemantic: toText(row.STATUS_SEMANTIC_ID) }
			: {}),
	};
}

export const findDuplicates: Operation = {
	description,
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, ctx.items.length, (i) => {
			const by = this.getNodeParameter('by', i) as 'PHONE' | 'EMAIL';
			const raw = String(this.getNodeParameter('value', i, '') ?? '').trim();
			const lookIn = this.getNodeParameter('lookIn', i) as DuplicateEntity | 'both';
			const email = by === 'EMAIL' ? normalizeEmail(raw) : undefined;
			const value =
				by === 'PHONE'
					? raw
						? phoneForStorage(raw)
						: ''
					: email?.ok
						? email.address
						: raw.toLowerCase();
			return { by, raw, value, lookIn };
		});
		return await sendItems(
			prepared,
			async (searches): Promise<Array<SendResult<DuplicateRecord[]>>> => {
				const results: Array<SendResult<DuplicateRecord[]>> = new Array(searches.length);
				// One search per (kind, scope): normally a single findbycomm batch for all items.
				const groups = new Map<string, number[]>();
				searches.forEach((a, n) => {
					const key = `${a.by}|${a.lookIn}`;
					groups.set(key, [...(groups.get(key) ?? []), n]);
				});
				for (const [key, members] of groups) {
					const [by, lookIn] = key.split('|') as ['PHONE' | 'EMAIL', DuplicateEntity | 'both'];
					try {
						const found = await findByCommunication(
							ctx.connection.runner,
							by,
							members.map((n) => searches[n].value),
							lookIn === 'both' ? undefined : lookIn,
						);
						members.forEach((n, k) => (results[n] = { ok: true, value: found[k] }));
					} catch (error) {
						for (const n of members) results[n] = { ok: false, error: error as Error };
					}
				}
				return results;
			},
			(hits, search) => ({
				value: search.raw,
				key: search.value,
				found: hits.length > 0,
				contacts: hits.filter((h) => h.entity === 'CONTACT').map((h) => summary(h.row)),
				leads: hits.filter((h) => h.entity === 'LEAD').map((h) => summary(h.row)),
			}),
		);
	},
};
