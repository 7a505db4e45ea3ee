import { randomUUID } from 'node:crypto';

import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { NotePayload } from '../../../shared/crm/amocrm/existing';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { idOf, type ItemOutcome, type OperationRun } from '../common';
import { storedPhone } from '../contact/fields';

const calls = { show: { noteType: ['call_in', 'call_out'] } };

export const entityField: INodeProperties = {
	displayName: 'On',
	name: 'entity',
	type: 'options',
	options: [
		{ name: 'Contact', value: 'contacts' },
		{ name: 'Lead', value: 'leads' },
	],
	default: 'leads',
	description: 'Whose feed the note goes to',
};

export const entityIdField: INodeProperties = {
	displayName: 'Lead or Contact ID',
	name: 'entityId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 31000123',
	description: 'The number of the lead or contact',
};

export const description: INodeProperties[] = withDisplay(
	[
		entityField,
		entityIdField,
		{
			displayName: 'Note Type',
			name: 'noteType',
			type: 'options',
			options: [
				{
					name: 'Incoming Call',
					value: 'call_in',
					description: 'A call from the client, with its result',
				},
				{
					name: 'Outgoing Call',
					value: 'call_out',
					description: 'A call to the client, with its result (counted as an attempt)',
				},
				{
					name: 'Service Message',
					value: 'service_message',
					description: 'A system message from a named service',
				},
				{
					name: 'Text Note',
					value: 'common',
					description: 'A note in the feed, e.g. what was agreed',
				},
			],
			default: 'common',
			description: 'What kind of note',
		},
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: "The note's text",
			displayOptions: { show: { noteType: ['common', 'service_message'] } },
		},
		{
			displayName: 'Service',
			name: 'service',
			type: 'string',
			default: 'n8n',
			description: "The service named as the message's author",
			displayOptions: { show: { noteType: ['service_message'] } },
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +79161234567',
			description: "The client's number on the call",
			displayOptions: calls,
		},
		{
			displayName: 'Call Result',
			name: 'callStatus',
			type: 'options',
			options: [
				{ name: 'Busy', value: 7 },
				{ name: 'Call Back Later', value: 2 },
				{ name: 'Conversation', value: 4 },
				{ name: 'Left a Message', value: 1 },
				{ name: 'No Answer', value: 6 },
				{ name: 'Not in Place', value: 3 },
				{ name: 'Unknown', value: 8 },
				{ name: 'Wrong Number', value: 5 },
			],
			default: 4,
			description:
				'The call status amoCRM records (1–8): counted as an attempt by call-attempt rules',
			displayOptions: calls,
		},
		{
			displayName: 'Duration (Seconds)',
			name: 'duration',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Talk time in seconds',
			displayOptions: calls,
		},
		{
			displayName: 'Call Options',
			name: 'callOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: calls,
			options: [
				{
					displayName: 'Call ID',
					name: 'uniq',
					type: 'string',
					default: '',
					description: "The PBX's ID of the call; a random one when empty",
				},
				{
					displayName: 'Comment',
					name: 'callResult',
					type: 'string',
					default: '',
					description: 'A short result, e.g. "Перезвонить в пятницу"',
				},
				{
					displayName: 'Recording Link',
					name: 'link',
					type: 'string',
					default: '',
					description: 'URL of the call recording',
				},
				{
					displayName: 'Source',
					name: 'source',
					type: 'string',
					default: 'n8n',
					description: "The telephony's name shown on the note, e.g. onlinePBX",
				},
			],
		},
	],
	'note',
	['create'],
);

/** Note create: up to 250 notes per request; call notes carry amoCRM's call_status 1–8. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i) => {
		const entity = this.getNodeParameter('entity', i, 'leads') as 'leads' | 'contacts';
		const type = this.getNodeParameter('noteType', i, 'common') as string;
		const entityId = idOf(
			this,
			this.getNodeParameter('entityId', i),
			entity === 'leads' ? 'lead' : 'contact',
			i,
		);
		let params: Record<string, unknown>;
		if (type === 'call_in' || type === 'call_out') {
			const options = this.getNodeParameter('callOptions', i, {}) as Record<string, string>;
			params = {
				uniq: options.uniq || randomUUID(),
				duration: Math.round(Number(this.getNodeParameter('duration', i, 0))),
				source: options.source || 'n8n',
				phone: storedPhone(this.getNodeParameter('phone', i, '')) ?? '',
				call_status: Number(this.getNodeParameter('callStatus', i, 4)),
				...(options.link ? { link: options.link } : {}),
				...(options.callResult ? { call_result: options.callResult } : {}),
			};
		} else {
			const text = String(this.getNodeParameter('text', i, '')).trim();
			if (!text)
				throw new NodeOperationError(this.getNode(), 'The note has no text', {
					itemIndex: i,
					description: "Write the note's text or map it from an earlier node.",
				});
			params =
				type === 'service_message'
					? { service: String(this.getNodeParameter('service', i, 'n8n')), text }
					: { text };
		}
		return { entity, payload: { entity_id: entityId, note_type: type, params } as NotePayload };
	});
	// Lead notes and contact notes are separate endpoints: one batch each.
	const outcomes: ItemOutcome[] = prepared.map((p) =>
		'error' in p ? { error: p.error } : { json: {} },
	);
	for (const entity of ['leads', 'contacts'] as const) {
		const own = prepared.flatMap((p) =>
			'payload' in p && p.payload.entity === entity
				? [{ index: p.index, payload: p.payload.payload }]
				: [],
		);
		const results = await sendItems(
			own,
			(payloads) => run.crm.createNotes(entity, payloads),
			(created, payload) => ({
				id: Number(created.noteId),
				entity,
				entityId: payload.entity_id,
				noteType: payload.note_type,
			}),
		);
		own.forEach((p, k) => (outcomes[p.index] = results[k]));
	}
	return outcomes;
}
