/**
 * Log a call on a record (crm.activity.add, TYPE_ID 2): direction, result, talk time. The result is kept as a
 * Bitrix24 telephony status code in SETTINGS.STATUS_CODE (200 answered, 304 missed, 486 busy, …), which the Call
 * Attempts count reads back; ORIGIN_ID marks it so a lost answer is looked up, not logged twice.
 */
import { randomUUID } from 'node:crypto';
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { Command } from '../../../shared/crm/bitrix24/commands';
import { activityByOrigin, ORIGINATOR } from '../../../shared/crm/bitrix24/reconcile';
import { toApiDateTime } from '../../../shared/crm/bitrix24/parse';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { locatorValue, phoneForStorage, responsibleLocator } from '../common';
import type { Operation, OperationContext } from '../types';
import { OWNER_TYPE_ID, ownerFields } from './owner';

const RESULT_CODES: Record<string, string> = {
	answered: '200',
	no_answer: '304',
	busy: '486',
	rejected: '603',
	unreachable: '480',
	wrong_number: '404',
};

const on = displayFor('activity', 'createCall');

const description: INodeProperties[] = [
	...ownerFields('activity', ['createCall']),
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +79161234567',
		description: 'The number called (or that called)',
		displayOptions: on,
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Incoming', value: 'incoming' },
			{ name: 'Outgoing', value: 'outgoing' },
		],
		default: 'outgoing',
		description: 'Who called',
		displayOptions: on,
	},
	{
		displayName: 'Result',
		name: 'result',
		type: 'options',
		options: [
			{ name: 'Answered', value: 'answered' },
			{ name: 'Busy', value: 'busy' },
			{ name: 'No Answer', value: 'no_answer' },
			{ name: 'Rejected', value: 'rejected' },
			{ name: 'Unreachable (Phone Off)', value: 'unreachable' },
			{ name: 'Wrong Number', value: 'wrong_number' },
		],
		default: 'no_answer',
		description: 'How the call ended',
		displayOptions: on,
	},
	{
		displayName: 'Talk Time (Seconds)',
		name: 'duration',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'How long the conversation lasted; 0 when nobody answered',
		displayOptions: on,
	},
	{
		displayName: 'Started At',
		name: 'startedAt',
		type: 'dateTime',
		default: '',
		description: 'When the call started; empty: now',
		displayOptions: on,
	},
	responsibleLocator('activity', ['createCall']),
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		placeholder: 'e.g. Звонок по заявке с вебинара',
		description: 'Empty: "Outgoing call +7…" / "Incoming call +7…"',
		displayOptions: on,
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Notes about the call',
		displayOptions: on,
	},
];

export const createCall: Operation = {
	description,
	async execute(this: IExecuteFunctions, ctx: OperationContext) {
		const prepared = await readItems(this, ctx.items.length, (i): Command => {
			const ownerType = this.getNodeParameter('ownerType', i) as string;
			const ownerId = Number(String(this.getNodeParameter('ownerId', i, '')).trim());
			if (!Number.isInteger(ownerId) || ownerId <= 0)
				throw new NodeOperationError(this.getNode(), 'Record ID must be a number', {
					itemIndex: i,
				});
			const phoneRaw = String(this.getNodeParameter('phone', i, '')).trim();
			if (!phoneRaw)
				throw new NodeOperationError(this.getNode(), 'A call needs the phone number', {
					itemIndex: i,
				});
			const phone = phoneForStorage(phoneRaw);
			const direction = this.getNodeParameter('direction', i) as string;
			const result = this.getNodeParameter('result', i) as string;
			const duration = result === 'answered' ? Number(this.getNodeParameter('duration', i, 0)) : 0;
			const startedRaw = String(this.getNodeParameter('startedAt', i, '') ?? '');
			const start = startedRaw ? Date.parse(startedRaw) : Date.now();
			if (Number.isNaN(start))
				throw new NodeOperationError(this.getNode(), `"${startedRaw}" is not a date and time`, {
					itemIndex: i,
				});
			const responsible = locatorValue.call(this, 'responsible', i);
			const subject =
				String(this.getNodeParameter('subject', i, '')).trim() ||
				`${direction === 'incoming' ? 'Incoming' : 'Outgoing'} call ${phone}`;
			return {
				method: 'crm.activity.add',
				params: {
					fields: {
						OWNER_TYPE_ID: OWNER_TYPE_ID[ownerType],
						OWNER_ID: ownerId,
						TYPE_ID: 2,
						SUBJECT: subject,
						DESCRIPTION: String(this.getNodeParameter('description', i, '')),
						DIRECTION: direction === 'incoming' ? 1 : 2,
						COMPLETED: 'Y',
						START_TIME: toApiDateTime(new Date(start).toISOString()),
						END_TIME: toApiDateTime(new Date(start + duration * 1000).toISOString()),
						COMMUNICATIONS: [
							{ VALUE: phone, ENTITY_ID: ownerId, ENTITY_TYPE_ID: OWNER_TYPE_ID[ownerType] },
						],
						...(responsible ? { RESPONSIBLE_ID: Number(responsible) } : {}),
						SETTINGS: { STATUS_CODE: RESULT_CODES[result] },
						ORIGINATOR_ID: ORIGINATOR,
						ORIGIN_ID: `n8n-call-${randomUUID()}`,
					},
				},
				reconcile: activityByOrigin,
			};
		});
		return await sendItems(
			prepared,
			(commands) => ctx.connection.runner.run(commands),
			(value, _command, i) => ({
				id: String(value),
				ownerType: this.getNodeParameter('ownerType', i) as string,
				ownerId: String(this.getNodeParameter('ownerId', i)),
			}),
		);
	},
};
