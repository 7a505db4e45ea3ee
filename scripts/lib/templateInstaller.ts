/**
 * Installs the workflow templates of `workflows/` into an n8n through its public REST API — for agencies setting up
 * many client accounts, for the demo and for the end-to-end tests.
 *
 * - A template is chosen by CRM (`amocrm-*.json`, `bitrix24-*.json`) and/or by name.
 * - Credentials: each node's credential of a given type is pointed at the credential id given for that type.
 * - `--set "Name=value"` fills a field of the template's **Setup** node (a Set node whose name starts with
 *   "Setup"): pipeline and stage names, managers, thresholds. Unknown names are an error that lists the known ones.
 * - Idempotent: a workflow of the same name is updated in place (its webhook ids kept, so URLs do not change), and
 *   left alone when nothing differs. New workflows get fresh webhook ids, so every n8n has its own URLs.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nPublicApi, StoredWorkflow, WorkflowBody } from './n8nPublicApi';

export const WORKFLOWS_DIR = path.resolve(__dirname, '../../workflows');

export type TemplateCrm = 'amocrm' | 'bitrix24' | 'any';

export interface TemplateNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface TemplateWorkflow {
	name: string;
	description?: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Template {
	file: string;
	/** The file name without `.json`: what `--only` matches. */
	slug: string;
	crm: TemplateCrm;
	workflow: TemplateWorkflow;
}

export function loadTemplates(dir = WORKFLOWS_DIR): Template[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as TemplateWorkflow;
			const slug = file.replace(/\.json$/, '');
			const crm: TemplateCrm = slug.startsWith('amocrm-')
				? 'amocrm'
				: slug.startsWith('bitrix24-')
					? 'bitrix24'
					: 'any';
			return { file, slug, crm, workflow };
		});
}

/** Credential types a template's nodes use. */
export function credentialTypesOf(workflow: TemplateWorkflow): string[] {
	return [...new Set(workflow.nodes.flatMap((n) => Object.keys(n.credentials ?? {})))].sort();
}

function setupNodes(workflow: TemplateWorkflow): TemplateNode[] {
	return workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.set' && /^setup\b/i.test(n.name));
}

type Assignment = { id?: string; name: string; value: unknown; type?: string };

function assignmentsOf(node: TemplateNode): Assignment[] {
	const container = node.parameters.assignments as { assignments?: Assignment[] } | undefined;
	return container?.assignments ?? [];
}

/** The fields a template's Setup node offers to fill, with their template values. */
export function setupFieldsOf(workflow: TemplateWorkflow): Array<{ name: string; value: unknown }> {
	return setupNodes(workflow).flatMap((node) =>
		assignmentsOf(node).map((a) => ({ name: a.name, value: a.value })),
	);
}

const fieldKey = (name: string) =>
	name.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

export interface PrepareOptions {
	/**
	 * Credential id (and name) per credential type, or per `type:name` for one of two credentials of a type (the
	 * template's credential name, e.g. `httpBasicAuth:Telephony webhook login`), which wins over the type.
	 */
	credentials?: Record<string, { id: string; name?: string }>;
	/** Setup-node values by field name. */
	set?: Record<string, string>;
}

/** The workflow body to send for a template: credentials pointed, Setup fields filled. Pure. */
export function prepareTemplate(template: Template, options: PrepareOptions = {}): WorkflowBody {
	const workflow = structuredClone(template.workflow);
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const given =
				options.credentials?.[`${type}:${node.credentials![type].name}`] ??
				options.credentials?.[type];
			if (given)
				node.credentials![type] = {
					id: given.id,
					name: given.name ?? node.credentials![type].name,
				};
		}
	}
	const wanted = new Map(
		Object.entries(options.set ?? {}).map(([k, v]) => [fieldKey(k), { name: k, value: v }]),
	);
	for (const node of setupNodes(workflow)) {
		for (const assignment of assignmentsOf(node)) {
			const hit = wanted.get(fieldKey(assignment.name));
			if (!hit) continue;
			assignment.value = setupValue(assignment, hit.value);
		}
	}
	return {
		name: workflow.name,
		nodes: workflow.nodes as unknown as Array<Record<string, unknown>>,
		connections: workflow.connections,
		// n8n 2.40's public API refuses `description` on create although its schema lists it; the template's
		// description is shown by `templates list` and in its sticky notes instead.
		settings: workflow.settings ?? { executionOrder: 'v1' },
	};
}

/** A `--set` text as the Setup field's type wants it: a number, true / false, or the text itself. */
function setupValue(assignment: Assignment, text: string): unknown {
	if (assignment.type === 'number') {
		const value = Number(text);
		if (!Number.isFinite(value))
			throw new Error(`Setup field "${assignment.name}" takes a number, not "${text}"`);
		return value;
	}
	if (assignment.type === 'boolean') {
		if (/^(true|yes|да|1)$/i.test(text.trim())) return true;
		if (/^(false|no|нет|0)$/i.test(text.trim())) return false;
		throw new Error(`Setup field "${assignment.name}" takes true or false, not "${text}"`);
	}
	return text;
}

/** Checks `--set` names against the chosen templates; returns the problems (empty when all are known). */
export function unknownSetupFields(templates: Template[], set: Record<string, string>): string[] {
	const known = new Set(
		templates.flatMap((t) => setupFieldsOf(t.workflow).map((f) => fieldKey(f.name))),
	);
	return Object.keys(set).filter((name) => !known.has(fieldKey(name)));
}

/** What n8n keeps of a workflow that our install decides: compared to tell "unchanged" from "changed". */
function comparable(body: WorkflowBody | StoredWorkflow): unknown {
	const nodes = [...body.nodes]
		.map((n) => ({
			name: n.name,
			type: n.type,
			typeVersion: n.typeVersion,
			position: n.position,
			parameters: n.parameters ?? {},
			// By id: n8n stores a credential reference with the credential's own name, whatever name was sent.
			credentials: Object.fromEntries(
				Object.entries((n.credentials ?? {}) as Record<string, { id?: unknown }>).map(
					([type, c]) => [type, c?.id ?? null],
				),
			),
			disabled: n.disabled ?? false,
			onError: n.onError ?? null,
			notes: n.notes ?? null,
		}))
		.sort((a, b) => String(a.name).localeCompare(String(b.name)));
	return { nodes, connections: body.connections, settings: body.settings ?? {} };
}

function stableStringify(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value as Record<string, unknown>)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

export function sameWorkflow(
	a: WorkflowBody | StoredWorkflow,
	b: WorkflowBody | StoredWorkflow,
): boolean {
	return stableStringify(comparable(a)) === stableStringify(comparable(b));
}

export interface InstallOptions extends PrepareOptions {
	crm?: 'amocrm' | 'bitrix24';
	/** Template slugs or workflow names to install; default all (of the CRM). */
	only?: string[];
	/** Publish workflows that have a trigger (webhooks start listening). */
	publish?: boolean;
	dir?: string;
}

export interface InstallResult {
	template: string;
	name: string;
	id: string;
	action: 'created' | 'updated' | 'unchanged';
	published: boolean;
	/** Credential types the template needs that were not given (the user picks them in the editor). */
	missingCredentials: string[];
}

export function selectTemplates(options: Pick<InstallOptions, 'crm' | 'only' | 'dir'>): Template[] {
	let templates = loadTemplates(options.dir);
	if (options.crm) templates = templates.filter((t) => t.crm === options.crm || t.crm === 'any');
	if (options.only?.length) {
		const wanted = new Set(options.only.map(fieldKey));
		templates = templates.filter(
			(t) => wanted.has(fieldKey(t.slug)) || wanted.has(fieldKey(t.workflow.name)),
		);
		const found = new Set(templates.flatMap((t) => [fieldKey(t.slug), fieldKey(t.workflow.name)]));
		const missing = options.only.filter((o) => !found.has(fieldKey(o)));
		if (missing.length)
			throw new Error(
				`No template named ${missing.map((m) => `"${m}"`).join(', ')}. See: npm run templates -- list`,
			);
	}
	return templates;
}

const TRIGGER_TYPES = /Trigger$|\.webhook$|\.leadCapture$|\.scheduleTrigger$/;

function hasListeningTrigger(body: WorkflowBody): boolean {
	return body.nodes.some(
		(n) =>
			TRIGGER_TYPES.test(String(n.type)) &&
			!String(n.type).endsWith('manualTrigger') &&
			!n.disabled,
	);
}

export async function installTemplates(
	api: N8nPublicApi,
	options: InstallOptions = {},
): Promise<InstallResult[]> {
	const templates = selectTemplates(options);
	if (templates.length === 0)
		throw new Error(`No templates to install${options.crm ? ` for ${options.crm}` : ''}.`);
	const unknown = unknownSetupFields(templates, options.set ?? {});
	if (unknown.length) {
		const known = [
			...new Set(templates.flatMap((t) => setupFieldsOf(t.workflow).map((f) => f.name))),
		];
		throw new Error(
			`Unknown setup field ${unknown.map((u) => `"${u}"`).join(', ')}. The templates' Setup fields are: ${known.join(', ')}`,
		);
	}
	await api.check();
	const results: InstallResult[] = [];
	for (const template of templates) {
		const body = prepareTemplate(template, options);
		const existing = (await api.findWorkflowsByName(body.name))[0];
		let stored: StoredWorkflow;
		let action: InstallResult['action'];
		if (existing) {
			const current = await api.getWorkflow(existing.id);
			keepWebhookIds(body, current);
			if (sameWorkflow(body, current)) {
				stored = current;
				action = 'unchanged';
			} else {
				stored = await api.updateWorkflow(existing.id, body);
				action = 'updated';
			}
		} else {
			freshWebhookIds(body);
			stored = await api.createWorkflow(body);
			action = 'created';
		}
		let published = Boolean(stored.active);
		if (options.publish && hasListeningTrigger(body) && (!published || action === 'updated')) {
			await api.publishWorkflow(stored.id);
			published = true;
		}
		const missingCredentials = credentialTypesOf(template.workflow).filter(
			(t) => !options.credentials?.[t],
		);
		results.push({
			template: template.slug,
			name: body.name,
			id: stored.id,
			action,
			published,
			missingCredentials,
		});
	}
	return results;
}

function freshWebhookIds(body: WorkflowBody) {
	for (const node of body.nodes) if (node.webhookId) node.webhookId = randomUUID();
}

function keepWebhookIds(body: WorkflowBody, current: StoredWorkflow) {
	const byName = new Map(current.nodes.map((n) => [n.name, n.webhookId]));
	for (const node of body.nodes) {
		if (!node.webhookId) continue;
		const kept = byName.get(node.name);
		node.webhookId = typeof kept === 'string' ? kept : randomUUID();
	}
}
