/**
 * Link a company to deals (or leads) and to contacts. A deal or a lead has one company (COMPANY_ID, set with
 * crm.deal.update / crm.lead.update); a contact may work for several (COMPANY_IDS): its list is read first and
 * the company added to it, so the contact's other companies stay. 50 commands to a batch request.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Command } from '../../../shared/crm/bitrix24/commands';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems, type SendResult } from '../../../shared/n8n/crmNode/items';
import { recordId, requireId } from '../common';
import type { ItemOutcome, Operation, OperationContext } from '../types';

function targetId(field: string, label: string, operation: string, what: string): INodeProperties {
	return {
		displayName: label,
		name: field,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1234',
		description: `The ID of the ${what}, as in its Bitrix24 address …/details/1234/`,
		displayOptions: displayFor('company', operation),
	};
}

export const linkToDeal: Operation = {
	description: [
		recordId('company', ['linkToDeal']),
		{
			displayName: 'Link To',
			name: 'linkTo',
			type: 'options',
			options: [
				{ name: 'Deal', value: 'deal' },
				{ name: 'Lead', value: 'lead' },
			],
			default: 'deal',
			description: 'Which kind of record gets the company (it replaces the company it had)',
			displayOptions: displayFor('company', 'linkToDeal'),
		},
		targetId('targetId', 'Deal or Lead ID', 'linkToDeal', 'deal or lead'),
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, ctx.items.length, (i): Command => {
			const companyId = requireId.call(this, i, 'company');
			const kind = this.getNodeParameter('linkTo', i, 'deal') as 'deal' | 'lead';
			const id = requireId.call(this, i, kind, 'targetId');
			return { method: `crm.${kind}.update`, params: { id, fields: { COMPANY_ID: companyId } } };
		});
		return await sendItems(
			prepared,
			(commands) => ctx.connection.runner.run(commands),
			(_v, command) => ({
				companyId: String((command.params.fields as { COMPANY_ID: number }).COMPANY_ID),
				[command.method === 'crm.deal.update' ? 'dealId' : 'leadId']: String(command.params.id),
				linked: true,
			}),
		);
	},
};

export const linkToContact: Operation = {
	description: [
		recordId('company', ['linkToContact']),
		targetId('contactId', 'Contact ID', 'linkToContact', 'contact'),
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, ctx.items.length, (i) => ({
			companyId: requireId.call(this, i, 'company'),
			contactId: requireId.call(this, i, 'contact', 'contactId'),
		}));
		return await sendItems(
			prepared,
			async (links) => {
				const results: Array<SendResult<{ companyIds: number[] }>> = new Array(links.length);
				const current = await ctx.connection.runner.run(
					links.map((l) => ({ method: 'crm.contact.get', params: { id: l.contactId } })),
				);
				// Several items for one contact add up: each write carries every company asked for so far.
				const lists = new Map<number, number[]>();
				const writes: Array<{ n: number; list: number[]; command: Command }> = [];
				links.forEach((l, n) => {
					const read = current[n];
					if (!read.ok) {
						results[n] = read;
						return;
					}
					const had =
						lists.get(l.contactId) ??
						((read.value as { COMPANY_IDS?: unknown[] }).COMPANY_IDS ?? []).map(Number);
					const next = had.includes(l.companyId) ? had : [...had, l.companyId];
					lists.set(l.contactId, next);
					writes.push({
						n,
						list: next,
						command: {
							method: 'crm.contact.update',
							params: { id: l.contactId, fields: { COMPANY_IDS: next } },
						},
					});
				});
				const written = await ctx.connection.runner.run(writes.map((w) => w.command));
				writes.forEach((w, k) => {
					const answer = written[k];
					results[w.n] = answer.ok ? { ok: true, value: { companyIds: w.list } } : answer;
				});
				return results;
			},
			(value, link) => ({
				companyId: String(link.companyId),
				contactId: String(link.contactId),
				contactCompanyIds: value.companyIds.map(String),
				linked: true,
			}),
		);
	},
};
