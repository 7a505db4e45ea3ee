/** What the node changes in the CRM: the call's record, call-back tasks, closes, foreign-number moves. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TASK_TEXT } from '../../shared/funnel/calls/callKey';
import { dropdownDeps, withCrm } from './shared';

export const actionProperties: INodeProperties[] = [
	{
		displayName: 'Write the Call to the CRM',
		name: 'logCalls',
		type: 'boolean',
		default: true,
		description:
			"Whether a call the deal's CRM history does not hold yet is written there (amoCRM: a call note; Bitrix24: a completed call activity), so the next call counts it. A call already there — the same call ID, or the same direction within two minutes — is never written twice. Turn off only when the telephony's own CRM integration logs every call at once.",
		displayOptions: { show: { historySource: ['crm'] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Create Call-Back Task',
		name: 'createTask',
		type: 'boolean',
		default: true,
		description:
			'Whether a Retry creates a task "call the client" on the deal at the next attempt time, for the deal\'s responsible manager',
		displayOptions: withCrm,
	},
	{
		displayName: 'Task Text',
		name: 'taskText',
		type: 'string',
		default: DEFAULT_TASK_TEXT,
		description:
			"Text of the call-back task; {attempt}, {maxAttempts} and {phone} are filled in. The call's ID is added so a repeated delivery never makes a second task.",
		displayOptions: { show: { createTask: [true] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Close Lost When Exhausted',
		name: 'closeLost',
		type: 'boolean',
		default: true,
		description: "Whether an Exhausted client's deal is closed as lost with the reason below",
		displayOptions: withCrm,
	},
	{
		displayName: 'Loss Reason Name or ID',
		name: 'lossReason',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLossReasonNames', loadOptionsDependsOn: dropdownDeps },
		default: 'Не дозвонились более 3 раз',
		description:
			'Why the deal is lost ("Не дозвонились более 3 раз"; "3-х раз" matches too). A name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { closeLost: [true] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Move Foreign Numbers',
		name: 'moveForeign',
		type: 'boolean',
		default: true,
		description: 'Whether the deal of a client with a foreign number is moved to the stage below',
		displayOptions: withCrm,
	},
	{
		displayName: 'Foreign Number Stage Name or ID',
		name: 'foreignStage',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getStageNames', loadOptionsDependsOn: dropdownDeps },
		default: 'Недозвонились до клиента. Европа',
		description:
			'Stage for clients to be written to by email or messenger, looked up in the deal\'s own pipeline first. A name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { moveForeign: [true] }, hide: { crm: ['none'] } },
	},
];
