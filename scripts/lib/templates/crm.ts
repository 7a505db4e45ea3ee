/**
 * What differs between the amoCRM and the Bitrix24 version of a template: the funnel nodes' CRM choice, the
 * credentials, and the CRM steps (a deal with its contact, a task, a stage move, tags, a new responsible), which
 * are one amoCRM node or one or two Bitrix24 nodes. Expressions are written over the lead they act on, so a step
 * that needs two Bitrix24 nodes can read the lead from the node before them.
 */
import type { Cell, NodeSpec, WorkflowBuilder } from './builder';
import { resourceLocator } from './baseNodes';

export type TemplateCrmKind = 'amocrm' | 'bitrix24';

/** An expression body over a lead, given how to reach it (`$json`, or `$('Node').item.json`). */
export type OverLead = (lead: string) => string;

export const PACKAGE = 'n8n-nodes-sales-funnel';

export const CREDENTIAL_NAMES = {
	amoCrmApi: 'amoCRM account',
	bitrix24WebhookApi: 'Bitrix24 inbound webhook',
	bitrix24OutgoingWebhookApi: 'Bitrix24 outgoing webhook',
	leadCaptureSecretApi: 'Lead Capture secret',
	httpHeaderAuth: 'Bizon365 token',
	n8nApi: 'n8n API of this instance',
	zoomOAuth2Api: 'Zoom account',
	httpCustomAuth: 'MTS Link token',
	httpBasicAuth: 'Webinar forms login',
} as const;

/**
 * The Basic Auth login of the call-results webhook: a credential of the same type as the webinar forms' login, told
 * apart by its name (the installer can point each at its own credential).
 */
export const TELEPHONY_LOGIN = 'Telephony webhook login';

export interface DealSpec {
	/** Node names: the deal node, and for Bitrix24 the contact node before it. */
	names: { deal: string; contact?: string };
	/** The node whose items are the leads (the one feeding this step): Bitrix24's deal node reads them from it. */
	leadFrom: string;
	at: Cell;
	title: OverLead;
	contact: { name: OverLead; phone: OverLead; email: OverLead } | { existingId: OverLead };
	pipeline: string;
	stage: OverLead;
	responsible?: OverLead;
	tags?: OverLead;
	note?: OverLead;
	utm?: boolean;
	externalId?: OverLead;
	onError?: NodeSpec['onError'];
}

export interface CrmKit {
	kind: TemplateCrmKind;
	label: 'amoCRM' | 'Bitrix24';
	/** Parameters of a funnel node (Lead Dedup, Distribution, Call Attempts…) choosing this CRM. */
	choice: Record<string, unknown>;
	credentials: Record<string, string>;
	/** Adds the nodes that create a deal (with a new or an existing contact); returns the first and the last. */
	createDeal(wf: WorkflowBuilder, spec: DealSpec): { first: string; last: string };
	/** A call task on a deal due some minutes from now. */
	planCall(
		wf: WorkflowBuilder,
		spec: {
			name: string;
			at: Cell;
			dealId: string;
			minutes: string;
			responsible?: string;
			text: string;
			onError?: NodeSpec['onError'];
		},
	): string;
	moveToStage(
		wf: WorkflowBuilder,
		spec: {
			name: string;
			at: Cell;
			dealId: string;
			pipeline: string;
			pipelineBy: 'name' | 'id';
			stage: string;
			onError?: NodeSpec['onError'];
		},
	): string;
	addTags(
		wf: WorkflowBuilder,
		spec: { name: string; at: Cell; dealId: string; tags: string },
	): string;
	assign(
		wf: WorkflowBuilder,
		spec: { name: string; at: Cell; dealId: string; responsible: string },
	): string;
	/** A note on a deal: amoCRM a text note, Bitrix24 a timeline comment. */
	addNote(
		wf: WorkflowBuilder,
		spec: { name: string; at: Cell; dealId: string; text: string; onError?: NodeSpec['onError'] },
	): string;
}

const expr = (body: string) => `={{ ${body} }}`;

/** Where a CRM step goes and what it does when the CRM refuses. */
interface StepPlace {
	name: string;
	at: Cell;
	onError?: NodeSpec['onError'];
}

/** One node of this package's amoCRM or Bitrix24 node, with the kit's credentials. */
function crmNode(
	wf: WorkflowBuilder,
	node: 'amoCrm' | 'bitrix24',
	credentials: Record<string, string>,
	place: StepPlace,
	parameters: Record<string, unknown>,
): string {
	return wf.add({
		name: place.name,
		type: `${PACKAGE}.${node}`,
		typeVersion: 1,
		at: place.at,
		credentials,
		onError: place.onError,
		parameters,
	});
}

/** The responsible user given as an id (or an expression), or left for the user to pick from the list. */
const responsibleOrList = (id: string | undefined) =>
	id ? resourceLocator('id', id) : resourceLocator('list', '');

function utmFields(lead: string): Record<string, string> {
	return Object.fromEntries(
		['Source', 'Medium', 'Campaign', 'Content', 'Term'].map((part) => [
			`utm${part}`,
			expr(`(${lead}.utm || {}).${part.toLowerCase()} || ''`),
		]),
	);
}

export const amoCrm: CrmKit = {
	kind: 'amocrm',
	label: 'amoCRM',
	choice: { crm: 'amocrm', authentication: 'longLivedToken' },
	credentials: { amoCrmApi: CREDENTIAL_NAMES.amoCrmApi },
	createDeal(wf, spec) {
		const lead = '$json';
		const contact =
			'existingId' in spec.contact
				? {
						contactMode: 'existing',
						contactId: resourceLocator('id', expr(spec.contact.existingId(lead))),
					}
				: {
						contactMode: 'new',
						contactName: expr(spec.contact.name(lead)),
						phone: expr(spec.contact.phone(lead)),
						email: expr(spec.contact.email(lead)),
					};
		const additionalFields: Record<string, unknown> = {};
		if (spec.tags) additionalFields.tags = expr(spec.tags(lead));
		if (spec.note) additionalFields.note = expr(spec.note(lead));
		if (spec.utm) Object.assign(additionalFields, utmFields(lead));
		const name = crmNode(
			wf,
			'amoCrm',
			this.credentials,
			{ name: spec.names.deal, at: spec.at, onError: spec.onError },
			{
				authentication: 'longLivedToken',
				resource: 'lead',
				operation: 'create',
				name: expr(spec.title(lead)),
				...contact,
				pipeline: resourceLocator('name', spec.pipeline),
				stage: resourceLocator('name', expr(spec.stage(lead))),
				responsible: responsibleOrList(spec.responsible && expr(spec.responsible(lead))),
				additionalFields,
			},
		);
		return { first: name, last: name };
	},
	planCall(wf, spec) {
		return crmNode(wf, 'amoCrm', this.credentials, spec, {
			authentication: 'longLivedToken',
			resource: 'task',
			operation: 'create',
			leadId: resourceLocator('id', spec.dealId),
			text: spec.text,
			taskType: 'call',
			dueMode: 'inMinutes',
			dueInMinutes: spec.minutes,
			responsible: responsibleOrList(spec.responsible),
		});
	},
	moveToStage(wf, spec) {
		return crmNode(wf, 'amoCrm', this.credentials, spec, {
			authentication: 'longLivedToken',
			resource: 'lead',
			operation: 'moveToStage',
			leadId: resourceLocator('id', spec.dealId),
			pipeline: resourceLocator(spec.pipelineBy, spec.pipeline),
			stage: resourceLocator('name', spec.stage),
		});
	},
	addTags(wf, spec) {
		return crmNode(wf, 'amoCrm', this.credentials, spec, {
			authentication: 'longLivedToken',
			resource: 'lead',
			operation: 'addTags',
			leadId: resourceLocator('id', spec.dealId),
			tags: spec.tags,
		});
	},
	assign(wf, spec) {
		return crmNode(wf, 'amoCrm', this.credentials, spec, {
			authentication: 'longLivedToken',
			resource: 'lead',
			operation: 'assign',
			leadId: resourceLocator('id', spec.dealId),
			responsible: resourceLocator('id', spec.responsible),
		});
	},
	addNote(wf, spec) {
		return crmNode(wf, 'amoCrm', this.credentials, spec, {
			authentication: 'longLivedToken',
			resource: 'note',
			operation: 'create',
			entity: 'leads',
			entityId: spec.dealId,
			noteType: 'common',
			text: spec.text,
		});
	},
};

/** Tag values missing from the portal's tags list field are added (the template's tags need not be set up first). */
const BITRIX_TAG_OPTIONS = { createMissingTags: true };

export const bitrix24: CrmKit = {
	kind: 'bitrix24',
	label: 'Bitrix24',
	choice: { crm: 'bitrix24', bitrixEntity: 'deal' },
	credentials: { bitrix24WebhookApi: CREDENTIAL_NAMES.bitrix24WebhookApi },
	createDeal(wf, spec) {
		let first: string;
		let lead = '$json';
		let contactId: string;
		if ('existingId' in spec.contact) {
			contactId = expr(spec.contact.existingId(lead));
			first = spec.names.deal;
		} else {
			const contactName = spec.names.contact ?? `${spec.names.deal}: contact`;
			first = crmNode(
				wf,
				'bitrix24',
				this.credentials,
				{ name: contactName, at: spec.at, onError: spec.onError },
				{
					resource: 'contact',
					operation: 'create',
					name: expr(spec.contact.name(lead)),
					phone: expr(spec.contact.phone(lead)),
					email: expr(spec.contact.email(lead)),
					responsible: responsibleOrList(spec.responsible && expr(spec.responsible(lead))),
					additionalFields: spec.externalId ? { externalId: expr(spec.externalId(lead)) } : {},
				},
			);
			// The deal node's input is the new contact: the lead is read from the node that fed the contact.
			contactId = expr('$json.id');
			lead = `$('${spec.leadFrom}').item.json`;
		}
		const additionalFields: Record<string, unknown> = {};
		if (spec.note) additionalFields.comments = expr(spec.note(lead));
		if (spec.externalId) additionalFields.externalId = expr(spec.externalId(lead));
		if (spec.utm) Object.assign(additionalFields, utmFields(lead));
		const dealAt: Cell = first === spec.names.deal ? spec.at : [spec.at[0] + 1, spec.at[1]];
		const deal = crmNode(
			wf,
			'bitrix24',
			this.credentials,
			{ name: spec.names.deal, at: dealAt, onError: spec.onError },
			{
				resource: 'deal',
				operation: 'create',
				title: expr(spec.title(lead)),
				category: resourceLocator('name', spec.pipeline),
				stage: resourceLocator('name', expr(spec.stage(lead))),
				contactId,
				responsible: responsibleOrList(spec.responsible && expr(spec.responsible(lead))),
				tags: spec.tags ? expr(spec.tags(lead)) : [],
				additionalFields,
				options: BITRIX_TAG_OPTIONS,
			},
		);
		if (first !== deal) wf.connect(first, deal);
		return { first, last: deal };
	},
	planCall(wf, spec) {
		return crmNode(wf, 'bitrix24', this.credentials, spec, {
			resource: 'activity',
			operation: 'createTodo',
			ownerType: 'deal',
			ownerId: spec.dealId,
			title: spec.text,
			deadline: expr(`$now.plus(${stripExpression(spec.minutes)}, 'minutes').toISO()`),
			responsible: responsibleOrList(spec.responsible),
			description: '',
		});
	},
	moveToStage(wf, spec) {
		return crmNode(wf, 'bitrix24', this.credentials, spec, {
			resource: 'deal',
			operation: 'moveToStage',
			id: resourceLocator('id', spec.dealId),
			category: resourceLocator(spec.pipelineBy, spec.pipeline),
			stage: resourceLocator('name', spec.stage),
		});
	},
	addTags(wf, spec) {
		return crmNode(wf, 'bitrix24', this.credentials, spec, {
			resource: 'deal',
			operation: 'addTags',
			id: resourceLocator('id', spec.dealId),
			tags: spec.tags,
			options: BITRIX_TAG_OPTIONS,
		});
	},
	assign(wf, spec) {
		return crmNode(wf, 'bitrix24', this.credentials, spec, {
			resource: 'deal',
			operation: 'assign',
			id: resourceLocator('id', spec.dealId),
			responsible: resourceLocator('id', spec.responsible),
		});
	},
	addNote(wf, spec) {
		return crmNode(wf, 'bitrix24', this.credentials, spec, {
			resource: 'comment',
			operation: 'create',
			ownerType: 'deal',
			ownerId: spec.dealId,
			text: spec.text,
		});
	},
};

/** `={{ x }}` → `x`; a plain value stays as written. */
export function stripExpression(value: string): string {
	const match = /^=\{\{\s*([\s\S]*?)\s*\}\}$/.exec(value);
	return match ? match[1] : value;
}

export const KITS: Record<TemplateCrmKind, CrmKit> = { amocrm: amoCrm, bitrix24 };
