/** Incoming leads waiting in Неразобранное: list them, accept one into a stage with a manager, or decline it. */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { pagesOf } from '../../../shared/crm/amocrm/paging';
import type { QueryValue } from '../../../shared/crm/amocrm/query';
import { displayFor, withDisplay } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import {
	limitField,
	pipelineLocator,
	refOf,
	returnAllField,
	stageLocator,
	userLocator,
	type ItemOutcome,
	type OperationRun,
} from '../common';
import { pipelineIdOf, stageTargetOf, userIdOf } from '../resolve';

const uidField: INodeProperties = {
	displayName: 'Incoming Lead ID',
	name: 'uid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 6a2b1c3d-…',
	description: 'The UID of the incoming lead, as Create or Get Many returned it',
};

export const getManyDescription: INodeProperties[] = withDisplay(
	[
		returnAllField,
		limitField,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Kind',
					name: 'category',
					type: 'options',
					options: [
						{ name: 'Call', value: 'sip' },
						{ name: 'Chat', value: 'chats' },
						{ name: 'Email', value: 'mail' },
						{ name: 'Form', value: 'forms' },
					],
					default: 'forms',
					description: 'Only incoming leads of this kind',
				},
				{
					...pipelineLocator({}, 'Only incoming leads of this pipeline'),
				},
			],
		},
	],
	'incomingLead',
	['getMany'],
);

export const acceptDescription: INodeProperties[] = withDisplay(
	[
		uidField,
		pipelineLocator({}, "The incoming lead's pipeline, to find the stage by name"),
		stageLocator({}, 'The stage the deal goes to. Empty: the first stage after "Incoming leads".'),
		userLocator(
			'responsible',
			'Responsible User',
			"The manager who gets the deal. Empty: amoCRM's choice (the credential's user).",
		),
	],
	'incomingLead',
	['accept'],
);

export const declineDescription: INodeProperties[] = [
	{ ...uidField, displayOptions: displayFor('incomingLead', 'decline') },
];

function uidOf(ctx: IExecuteFunctions, i: number): string {
	const uid = String(ctx.getNodeParameter('uid', i, '') ?? '').trim();
	if (!/^[\w-]{8,}$/.test(uid))
		throw new NodeOperationError(ctx.getNode(), `"${uid}" is not an incoming lead's ID`, {
			itemIndex: i,
			description: 'Map the uid field of Create or Get Many of incoming leads',
		});
	return uid;
}

/** Get Many: 250 a page, newest first is amoCRM's order; stops at the limit. */
export async function executeGetMany(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i) => {
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const filter: Record<string, QueryValue> = {};
		if (filters.category) filter.category = [String(filters.category)];
		const pipelineId = await pipelineIdOf(this, run.crm, refOf(this, 'filters.pipeline', i), i);
		if (pipelineId) filter.pipeline_id = pipelineId;
		return { filter, limit };
	});
	return callEach(this, prepared, async ({ filter, limit }) => {
		const rows: IDataObject[] = [];
		for await (const page of pagesOf<IDataObject>(
			run.crm.transport,
			'/api/v4/leads/unsorted',
			'unsorted',
			{ filter, limit: Math.min(250, Number.isFinite(limit) ? limit : 250) },
		)) {
			rows.push(...page.slice(0, limit - rows.length));
			if (rows.length >= limit) break;
		}
		return rows;
	});
}

/** Accept: one request per incoming lead (amoCRM has no bulk accept). */
export async function executeAccept(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i) => {
		const uid = uidOf(this, i);
		const stageRef = refOf(this, 'stage', i);
		const target = stageRef
			? await stageTargetOf(this, run.crm, refOf(this, 'pipeline', i), stageRef, i)
			: undefined;
		const user = await userIdOf(this, run.crm, refOf(this, 'responsible', i), i);
		return {
			uid,
			body: {
				...(target ? { status_id: Number(target.stageId) } : {}),
				...(user ? { user_id: Number(user) } : {}),
			},
		};
	});
	return callEach(this, prepared, async ({ uid, body }) => {
		const answer = await run.crm.transport.request<IDataObject>(
			'POST',
			`/api/v4/leads/unsorted/${encodeURIComponent(uid)}/accept`,
			{ body, kind: 'idempotent' },
		);
		const embedded = (answer.body?._embedded ?? {}) as { leads?: Array<{ id: number }> };
		return { uid, accepted: true, leadId: embedded.leads?.[0]?.id ?? null, ...body };
	});
}

/** Decline: the incoming lead and its deal are removed; one request each. */
export async function executeDecline(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => uidOf(this, i));
	return callEach(this, prepared, async (uid) => {
		await run.crm.transport.request(
			'DELETE',
			`/api/v4/leads/unsorted/${encodeURIComponent(uid)}/decline`,
			{ kind: 'idempotent' },
		);
		return { uid, declined: true };
	});
}
