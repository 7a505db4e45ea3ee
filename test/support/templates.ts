/**
 * A template of `workflows/` made ready to run in the harness the way the installer makes it ready for an n8n:
 * credentials pointed at the test credentials, Setup fields filled (`prepareTemplate`, the installer's own code).
 */
import type { INode } from 'n8n-workflow';

import { loadTemplates, prepareTemplate, type Template } from '../../scripts/lib/templateInstaller';
import type { WorkflowJson } from '../harness/runWorkflow';
import type { CrmWorld } from './crmWorlds';

/** Credential ids the template tests register in their harness, by type. */
export const TEST_CREDENTIALS: Record<string, { id: string; name: string }> = {
	amoCrmApi: { id: 'amo-cred', name: 'amoCRM sandbox' },
	bitrix24WebhookApi: { id: 'b24-cred', name: 'Bitrix24 sandbox' },
	leadCaptureSecretApi: { id: 'capture-secret', name: 'Lead Capture secret' },
	bitrix24OutgoingWebhookApi: { id: 'b24-outgoing', name: 'Bitrix24 outgoing webhook' },
	httpHeaderAuth: { id: 'bizon-token', name: 'Bizon365 token' },
	n8nApi: { id: 'n8n-api', name: 'n8n API of this instance' },
	zoomOAuth2Api: { id: 'zoom-account', name: 'Zoom account' },
	httpCustomAuth: { id: 'mts-link-token', name: 'MTS Link token' },
	httpBasicAuth: { id: 'webinar-forms', name: 'Webinar forms login' },
	// The call-results webhook's own Basic Auth login, told from the forms' by its name (as the installer does).
	'httpBasicAuth:Telephony webhook login': {
		id: 'telephony-login',
		name: 'Telephony webhook login',
	},
};

/** The login the template tests give the telephony webhook (its credential `telephony-login`). */
export const TELEPHONY_LOGIN_DATA = {
	user: 'telephony',
	password: 'template-tests-telephony-5c2e',
};

/** The Basic Auth header a telephony sends for that login (written into the URL it was given). */
export const TELEPHONY_AUTHORIZATION = `Basic ${Buffer.from(
	`${TELEPHONY_LOGIN_DATA.user}:${TELEPHONY_LOGIN_DATA.password}`,
).toString('base64')}`;

export const CAPTURE_SECRET = 'template-tests-secret-7d41c9a2';

export function templateOf(crm: CrmWorld['crm'], scenario: string): Template {
	const slug = `${crm}-${scenario}`;
	const template = loadTemplates().find((t) => t.slug === slug);
	if (!template) throw new Error(`No template ${slug} in workflows/`);
	return template;
}

/** The template as the installer would send it, with a workflow id (n8n's dedup store and static data need one). */
export function preparedTemplate(
	world: Pick<CrmWorld, 'crm'>,
	scenario: string,
	set: Record<string, string> = {},
): WorkflowJson {
	const body = prepareTemplate(templateOf(world.crm, scenario), {
		credentials: TEST_CREDENTIALS,
		set,
	});
	return {
		id: `template-${world.crm}-${scenario}`,
		name: body.name,
		nodes: body.nodes as unknown as INode[],
		connections: body.connections as WorkflowJson['connections'],
		settings: body.settings,
	};
}

/** A copy of the workflow with one node's parameters or credentials changed (to make a step fail on purpose). */
export function withNode(
	workflow: WorkflowJson,
	name: string,
	change: (node: INode) => void,
): WorkflowJson {
	const copy = structuredClone(workflow);
	const node = copy.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`No node "${name}" in ${workflow.name}`);
	change(node);
	return copy;
}
