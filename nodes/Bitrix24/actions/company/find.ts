/**
 * Find companies by name (crm.company.list, one command per name, 50 to a batch request) or by phone or e-mail
 * (crm.duplicate.findbycomm with entity_type COMPANY: the portal's own duplicate matching, 20 values a command).
 * INN: Bitrix24 keeps it in requisites (crm.requisite.*), which our API notes do not document; search it with API Call.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { findByCommunication } from '../../../shared/crm/bitrix24/duplicates';
import { rowsOf } from '../../../shared/crm/bitrix24/paging';
import { toId, toIsoUtc, toText } from '../../../shared/crm/bitrix24/parse';
import { normalizeEmail } from '../../../shared/funnel/email';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems, type SendResult } from '../../../shared/n8n/crmNode/items';
import { phoneForStorage } from '../common';
import type { ItemOutcome, Operation, OperationContext } from '../types';

const on = displayFor('company', 'find');

const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'EMAIL', description: "The company's e-mail (case does not matter)" },
			{ name: 'Name', value: 'name', description: 'The exact company name (case does not matter)' },
			{
				name: 'Phone',
				value: 'PHONE',
				description: 'The phone in any spelling (8 495… = +7 495…)',
			},
		],
		default: 'name',
		description: 'What to look the company up by',
		displayOptions: on,
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		placeholder: 'e.g. ООО «Ромашка»',
		description: 'The name, phone or e-mail to look for',
		displayOptions: on,
	},
];

const SELECT = ['ID', 'TITLE', 'PHONE', 'EMAIL', 'ASSIGNED_BY_ID', 'DATE_CREATE', 'DATE_MODIFY'];

function values(list: unknown): string[] {
	return Array.isArray(list)
		? list.map((m) => toText((m as { VALUE?: unknown }).VALUE)).filter(Boolean)
		: [];
}

function summary(row: Record<string, unknown>, portal: string): IDataObject {
	const id = toText(row.ID);
	return {
		id,
		name: toText(row.TITLE),
		phones: values(row.PHONE),
		emails: values(row.EMAIL),
		responsibleId: toId(row.ASSIGNED_BY_ID),
		createdAt: toIsoUtc(row.DATE_CREATE),
		url: `${portal}/crm/company/details/${id}/`,
	};
}

interface Search {
	by: 'name' | 'PHONE' | 'EMAIL';
	raw: string;
	value: string;
}

export const findCompanies: Operation = {
	description,
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, ctx.items.length, (i): Search => {
			const by = this.getNodeParameter('findBy', i, 'name') as Search['by'];
			const raw = String(this.getNodeParameter('value', i, '') ?? '').trim();
			if (!raw)
				throw new NodeOperationError(this.getNode(), 'Nothing to search by', {
					itemIndex: i,
					description: 'Fill in Value: the company name, phone or e-mail',
				});
			if (by === 'PHONE') return { by, raw, value: phoneForStorage(raw) };
			if (by === 'EMAIL') {
				const email = normalizeEmail(raw);
				return { by, raw, value: email.ok ? email.address : raw.toLowerCase() };
			}
			return { by, raw, value: raw };
		});
		const portal = ctx.connection.webhook.base.replace(/\/rest\/.*$/, '');
		return await sendItems(
			prepared,
			async (searches): Promise<Array<SendResult<Array<Record<string, unknown>>>>> => {
				const results: Array<SendResult<Array<Record<string, unknown>>>> = new Array(
					searches.length,
				);
				const named = searches.flatMap((s, n) => (s.by === 'name' ? [n] : []));
				const answers = await ctx.connection.runner.run(
					named.map((n) => ({
						method: 'crm.company.list',
						params: { filter: { TITLE: searches[n].value }, select: SELECT, start: -1 },
					})),
				);
				named.forEach((n, k) => {
					const answer = answers[k];
					results[n] = answer.ok
						? {
								ok: true,
								value: rowsOf(answer.value).filter(
									(r) => toText(r.TITLE).toLowerCase() === searches[n].value.toLowerCase(),
								),
							}
						: answer;
				});
				for (const by of ['PHONE', 'EMAIL'] as const) {
					const members = searches.flatMap((s, n) => (s.by === by ? [n] : []));
					if (!members.length) continue;
					const found = await findByCommunication(
						ctx.connection.runner,
						by,
						members.map((n) => searches[n].value),
						'COMPANY',
					);
					members.forEach((n, k) => {
						results[n] = { ok: true, value: found[k].map((hit) => hit.row) };
					});
				}
				return results;
			},
			(rows, search) => {
				const companies = rows.map((r) => summary(r, portal));
				return {
					value: search.raw,
					found: companies.length > 0,
					companyId: companies[0]?.id ?? null,
					company: companies[0] ?? null,
					companies,
				};
			},
		);
	},
};
