import { HookContext, WebhookContext } from 'n8n-core';
import { isNodeClassInstance } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	Workflow,
	WorkflowActivateMode,
} from 'n8n-workflow';

import type { RunResult, WorkflowHarness, WorkflowJson } from './runWorkflow';

export interface FakeRequest {
	method?: IHttpRequestMethods;
	headers?: Record<string, string>;
	query?: Record<string, string | string[]>;
	params?: Record<string, string>;
	/** What n8n's body parser produced (JSON object, flat urlencoded object, or multipart fields). */
	body?: unknown;
	/** The raw bytes, for nodes that read `rawBody`. */
	rawBody?: Buffer;
}

export interface CapturedResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

export interface WebhookCall {
	/** What the node answered the caller. */
	response: CapturedResponse;
	/** Items the trigger emitted, per output; undefined when it started no execution. */
	workflowData: INodeExecutionData[][] | undefined;
	/** The execution the trigger started (downstream nodes ran), if any. */
	run: RunResult | undefined;
}

/** An express-like response object that records what a node sent. */
function fakeResponse() {
	const captured: CapturedResponse & { ended: boolean } = {
		status: 200,
		headers: {},
		body: undefined,
		ended: false,
	};
	const res = {
		status(code: number) {
			captured.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			captured.headers[name.toLowerCase()] = String(value);
			return res;
		},
		header(name: string, value: string) {
			return res.setHeader(name, value);
		},
		json(body: unknown) {
			captured.headers['content-type'] ??= 'application/json';
			captured.body = body;
			captured.ended = true;
			return res;
		},
		send(body: unknown) {
			captured.body = body;
			captured.ended = true;
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) captured.body = body;
			captured.ended = true;
			return res;
		},
		writeHead(code: number, headers: Record<string, string> = {}) {
			captured.status = code;
			for (const [k, v] of Object.entries(headers)) captured.headers[k.toLowerCase()] = v;
			return res;
		},
	};
	return { res, captured };
}

function webhookDescriptionOf(nodeType: INodeType, name = 'default'): IWebhookDescription {
	const description = nodeType.description.webhooks?.find((w) => w.name === name);
	if (!description)
		throw new Error(`Node type ${nodeType.description.name} has no "${name}" webhook`);
	return description;
}

function webhookData(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	harness: WorkflowHarness,
	method: IHttpRequestMethods,
): IWebhookData {
	return {
		httpMethod: method,
		node: node.name,
		path: String(node.parameters.path ?? node.webhookId ?? ''),
		webhookDescription: description,
		workflowId: workflow.id,
		webhookId: node.webhookId,
		workflowExecuteAdditionalData: harness.additionalData(harness.nextExecutionId(), workflow.id),
		isTest: false,
	};
}

/**
 * Sends one HTTP request to a webhook trigger node the way n8n's webhook server does: the node's `webhook()`
 * runs in n8n-core's WebhookContext with the parsed request; if it returns workflow data, the workflow runs from
 * that node with those items (mode 'webhook'). Returns what the node answered and what ran.
 */
export async function callWebhook(
	harness: WorkflowHarness,
	workflowJson: WorkflowJson,
	nodeName: string,
	request: FakeRequest,
): Promise<WebhookCall> {
	const json = structuredClone(workflowJson);
	const workflow = harness.makeWorkflow(json);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node "${nodeName}"`);
	const nodeType = harness.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.webhook) throw new Error(`${node.type} is not a webhook node`);
	const method = request.method ?? 'POST';
	const headers = Object.fromEntries(
		Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
	);
	const httpRequest = {
		method,
		headers,
		query: request.query ?? {},
		params: request.params ?? {},
		// n8n leaves the body undefined when it is empty and null for a JSON `null`: a request can say so.
		body: 'body' in request ? request.body : {},
		rawBody:
			request.rawBody ??
			(typeof request.body === 'string'
				? Buffer.from(request.body)
				: Buffer.from(JSON.stringify(request.body ?? {}))),
		readRawBody: async () => undefined,
		contentType: headers['content-type']?.split(';')[0],
		ip: '127.0.0.1',
		url: `/webhook/${String(node.parameters.path ?? '')}`,
	};
	const { res, captured } = fakeResponse();
	const additionalData = harness.additionalData(harness.nextExecutionId(), workflow.id, undefined, {
		httpRequest: httpRequest as unknown as IDataObject,
		httpResponse: res as unknown as IDataObject,
	});
	const data = webhookData(workflow, node, webhookDescriptionOf(nodeType), harness, method);
	const context = new WebhookContext(workflow, node, additionalData, 'webhook', data, [], null);
	// As n8n's webhook service calls it: newer node classes (n8n's own Webhook node) take the context as an argument.
	const result: IWebhookResponseData = isNodeClassInstance(nodeType)
		? await nodeType.webhook(context)
		: await nodeType.webhook.call(context);
	harness.saveStaticData(workflow);

	if (!captured.ended && !result.noWebhookResponse)
		captured.body = serverAnswer(webhookDescriptionOf(nodeType), result);
	harness.assertNoSecretInAnswer({
		body: captured.body,
		headers: captured.headers,
		workflowData: result.workflowData ?? null,
	});
	let run: RunResult | undefined;
	if (result.workflowData) {
		run = await harness.run(workflowJson, {
			mode: 'webhook',
			trigger: { node: nodeName, outputs: result.workflowData },
		});
	}
	return {
		response: { status: captured.status, headers: captured.headers, body: captured.body },
		workflowData: result.workflowData,
		run,
	};
}

/**
 * What n8n's webhook server (webhook-helpers.js, 2.40) answers when the node did not write the response itself:
 * without workflow data, the node's `webhookResponse` or "Webhook call received"; with workflow data in
 * onReceived mode, the description's `responseData` — literally "firstEntryJson" when unset — unless it is
 * empty, then the node's `webhookResponse`, then "Workflow was started". Static descriptions only.
 */
function serverAnswer(description: IWebhookDescription, result: IWebhookResponseData): unknown {
	if (!result.workflowData) return result.webhookResponse ?? { message: 'Webhook call received' };
	const responseData =
		description.responseData === undefined ? 'firstEntryJson' : description.responseData;
	if ((description.responseMode ?? 'onReceived') === 'onReceived') {
		if (responseData === 'noData') return undefined;
		if (responseData) return responseData;
	}
	return result.webhookResponse ?? { message: 'Workflow was started' };
}

/**
 * Runs a trigger's `webhookMethods` (checkExists / create / delete) as n8n does when a workflow is published
 * or unpublished, and keeps the node static data they write (subscription ids) for the next call.
 */
export async function runWebhookLifecycle(
	harness: WorkflowHarness,
	workflowJson: WorkflowJson,
	nodeName: string,
	step: 'activate' | 'deactivate',
	activation: WorkflowActivateMode = 'activate',
): Promise<{ existed?: boolean; created?: boolean; deleted?: boolean; webhookUrl: string }> {
	const workflow = harness.makeWorkflow(structuredClone(workflowJson));
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node "${nodeName}"`);
	const nodeType = harness.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const methods = nodeType.webhookMethods?.default;
	if (!methods) throw new Error(`${node.type} has no webhook lifecycle methods`);
	const description = webhookDescriptionOf(nodeType);
	const additionalData = harness.additionalData(harness.nextExecutionId(), workflow.id);
	const data = webhookData(
		workflow,
		node,
		description,
		harness,
		description.httpMethod as IHttpRequestMethods,
	);
	const context = new HookContext(workflow, node, additionalData, 'trigger', activation, data);
	const webhookUrl = String(context.getNodeWebhookUrl('default'));
	let outcome: { existed?: boolean; created?: boolean; deleted?: boolean };
	if (step === 'activate') {
		const existed = await methods.checkExists.call(context);
		const created = existed ? false : await methods.create.call(context);
		outcome = { existed, created };
	} else {
		outcome = { deleted: await methods.delete.call(context) };
	}
	harness.saveStaticData(workflow);
	return { ...outcome, webhookUrl };
}
