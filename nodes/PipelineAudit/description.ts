import type { INodeProperties } from 'n8n-workflow';

import { crmProperties } from '../shared/n8n/crmChoice';

const dropdownDeps = ['crm', 'authentication', 'bitrixEntity'];
const withCleanup = { show: { cleanup: [true] } };

const scopeProperties: INodeProperties[] = [
	{
		displayName: 'Pipeline Names or IDs',
		name: 'pipelines',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getPipelineNames', loadOptionsDependsOn: dropdownDeps },
		default: [],
		description:
			'Pipelines to audit; none chosen: all of them. Stored by name, so a template works in another account with the same pipelines; names work as well as IDs. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

const ruleProperties: INodeProperties[] = [
	{
		displayName: 'No Next Step',
		name: 'noOpenTask',
		type: 'boolean',
		default: true,
		description:
			'Whether an open deal without an open task is reported (every key stage needs a planned next step)',
	},
	{
		displayName: 'Overdue Tasks',
		name: 'overdueTask',
		type: 'boolean',
		default: true,
		description:
			'Whether each open task past its due time is reported, with the manager it belongs to',
	},
	{
		displayName: 'Stuck After (Days)',
		name: 'stuckAfterDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 14,
		description:
			'An open deal longer than this in one stage is reported as stuck; 0 turns it off. On amoCRM the time a deal entered its stage is read from the events feed (its stage changes of these days plus one); a deal with no change there has been in its stage longer than that.',
	},
	{
		displayName: 'Swamp Stages',
		name: 'swampStages',
		type: 'string',
		default: 'Думает, В работе, На рассмотрении, Отложено, Сделка отложена',
		description:
			'Comma-separated stage names that say nothing was done; open deals in them are reported. A name also matches longer names ("Думает" matches "Думает(поговорили)"). Empty turns it off.',
	},
	{
		displayName: 'Lost Without Reason',
		name: 'lostWithoutReason',
		type: 'boolean',
		default: true,
		description: 'Whether deals closed as lost without a loss reason are reported',
	},
	{
		displayName: 'Lost Within (Days)',
		name: 'lostWithinDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		description:
			'Only deals lost in the last this many days are checked for a reason; 0 checks every lost deal',
		displayOptions: { show: { lostWithoutReason: [true] } },
	},
	{
		displayName: 'Max Stages per Pipeline',
		name: 'maxStages',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 8,
		description:
			'A pipeline with more working stages than this is reported (a funnel fits in 5–8 stages); 0 turns it off',
	},
	{
		displayName: 'First Response Within (Minutes)',
		name: 'firstResponseMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 20,
		description:
			'New deals first called later than this are reported with their response tier (≤ 20 min ideal: +30% to conversion; ≤ 3 h: +10%; ≤ 12 h: +0%; > 12 h: −30%); 0 turns it off. The first call counts: our call whatever its outcome, or an answered incoming call.',
	},
	{
		displayName: 'First Response of Deals From the Last (Days)',
		name: 'firstResponseWindowDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 7,
		description:
			"Only deals created in this many days are checked for their first response (a weekly job checks the week's new deals)",
		displayOptions: { hide: { firstResponseMinutes: [0] } },
	},
];

const cleanupProperties: INodeProperties[] = [
	{
		displayName: 'Repeat-Webinar Cleanup',
		name: 'cleanup',
		type: 'boolean',
		default: false,
		description:
			"Whether to run the webinar funnel's weekly cleanup: deals waiting in the stage below longer than the days given are closed as lost; those whose client came to the webinar again (input items from Webinar Router) move back to that webinar's stage",
	},
	{
		displayName: 'Cleanup Stage Name or ID',
		name: 'cleanupStage',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getStageNames', loadOptionsDependsOn: dropdownDeps },
		default: 'Отправлен на повтор вебинара',
		description:
			'The stage being cleaned; a name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: withCleanup,
	},
	{
		displayName: 'Close After (Days)',
		name: 'cleanupAfterDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 7,
		description:
			"Deals in the stage at least this many days are closed (a week is usual). amoCRM: counted from the deal's last change.",
		displayOptions: withCleanup,
	},
	{
		displayName: 'Cleanup Loss Reason Name or ID',
		name: 'cleanupLossReason',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLossReasonNames', loadOptionsDependsOn: dropdownDeps },
		default: 'Без причины',
		description:
			'Reason the closed deals get (e.g. "Без причины"); a name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: withCleanup,
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description:
			'Whether the cleanup only reports what it would do. Turn it off once the report looks right.',
		displayOptions: withCleanup,
	},
];

export const pipelineAuditProperties: INodeProperties[] = [
	...crmProperties({ defaultCrm: 'amocrm' }),
	...scopeProperties,
	...ruleProperties,
	...cleanupProperties,
];
