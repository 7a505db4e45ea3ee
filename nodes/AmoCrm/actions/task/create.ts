import { DateTime } from 'luxon';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { NewTask } from '../../../shared/crm/types';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import {
	recordIdOf,
	leadIdField,
	refOf,
	userLocator,
	type ItemOutcome,
	type OperationRun,
} from '../common';
import { userIdOf } from '../resolve';

export const description: INodeProperties[] = withDisplay(
	[
		leadIdField,
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Первый звонок',
			description: 'What the manager has to do',
		},
		{
			displayName: 'Type',
			name: 'taskType',
			type: 'options',
			options: [
				{
					name: 'Call',
					value: 'call',
					description: 'The account\'s "Звонок" task type when it has one, else Follow-Up',
				},
				{ name: 'Follow-Up', value: 'follow_up', description: 'The task type "Связаться" (1)' },
				{ name: 'Meeting', value: 'meeting', description: 'The task type "Встреча" (2)' },
			],
			default: 'call',
			description: 'The kind of task',
		},
		{
			displayName: 'Due',
			name: 'dueMode',
			type: 'options',
			options: [
				{ name: 'At a Date and Time', value: 'at' },
				{
					name: 'In a Number of Minutes',
					value: 'inMinutes',
					description: 'E.g. 20 for a first call within 20 minutes.',
				},
			],
			default: 'inMinutes',
			description: 'When the task is due',
		},
		{
			displayName: 'Minutes From Now',
			name: 'dueInMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 20,
			description: 'The deadline, counted from the moment the node runs',
			displayOptions: { show: { dueMode: ['inMinutes'] } },
		},
		{
			displayName: 'Due At',
			name: 'dueAt',
			type: 'dateTime',
			default: '',
			description: "The deadline, in the workflow's time zone unless it says otherwise",
			displayOptions: { show: { dueMode: ['at'] } },
		},
		userLocator('responsible', 'Responsible User', "Who does it. Empty: the credential's user."),
	],
	'task',
	['create'],
);

export function dueOf(ctx: IExecuteFunctions, i: number): string {
	if (ctx.getNodeParameter('dueMode', i, 'inMinutes') === 'inMinutes') {
		return new Date(
			Date.now() + Number(ctx.getNodeParameter('dueInMinutes', i, 20)) * 60_000,
		).toISOString();
	}
	const raw = ctx.getNodeParameter('dueAt', i, '') as string | number;
	const parsed =
		typeof raw === 'number'
			? DateTime.fromSeconds(raw)
			: DateTime.fromISO(String(raw), { zone: ctx.getTimezone() });
	if (!parsed.isValid) {
		throw new NodeOperationError(ctx.getNode(), `"${raw}" is not a date and time`, {
			itemIndex: i,
			description: 'Use an ISO date such as 2026-12-01T10:00 or pick it in the field.',
		});
	}
	return parsed.toUTC().toISO()!;
}

/** Task create: up to 250 tasks per request. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i): Promise<NewTask> => {
		const text = String(this.getNodeParameter('text', i, '')).trim();
		if (!text)
			throw new NodeOperationError(this.getNode(), 'The task has no text', {
				itemIndex: i,
				description: 'Write what the manager has to do, e.g. "Первый звонок".',
			});
		return {
			dealId: String(recordIdOf(this, 'leadId', 'lead', i)),
			text,
			dueAt: dueOf(this, i),
			kind: this.getNodeParameter('taskType', i, 'call') as NewTask['kind'],
			responsibleUserId: await userIdOf(this, run.crm, refOf(this, 'responsible', i), i),
		};
	});
	return sendItems(
		prepared,
		(tasks) => run.crm.createTasks(tasks),
		(created, task): IDataObject => ({
			id: Number(created.taskId),
			leadId: Number(task.dealId),
			text: task.text,
			dueAt: task.dueAt,
		}),
	);
}
