import './environment';

import { DataDeduplicationService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { standInCredentialTypes } from './credentialStandIns';
import { TestCredentialsHelper } from './credentialsHelper';
import { InMemoryDataTables } from './dataTables';
import { InMemoryDeduplicator } from './deduplicator';
import {
	loadPackageCredentialTypes,
	loadPackageNodeTypes,
	TestCredentialTypes,
	TestNodeTypes,
} from './registry';
import {
	credentialSecrets,
	leaksIn,
	nodesHolding,
	persistedText,
	SecretLeakError,
	type Secret,
} from './secretScan';

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
	staticData?: IDataObject | null;
	pinData?: Record<string, Array<{ json: IDataObject }>>;
	[key: string]: unknown;
}

export interface TriggerInput {
	/** The node the execution starts at; default: the workflow's start node (a trigger). */
	node?: string;
	/** Items the start node emits, one array per output (a webhook trigger with two outputs gives two). */
	outputs?: INodeExecutionData[][];
	/** Shorthand for one output of plain JSON items. */
	items?: IDataObject[];
}

export interface RunOptions {
	trigger?: TriggerInput;
	/** n8n execution mode; static data persists only outside 'manual', as on a server. */
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	run: IRun;
	status: IRun['status'];
	/** The workflow-level error, if the execution failed. */
	error: IRun['data']['resultData']['error'];
	/** Node names in the order they finished. */
	executionOrder: string[];
	/** JSON of every item a node emitted, per output index, for its first run. */
	outputs(nodeName: string, runIndex?: number): IDataObject[][];
	/** JSON items one output of a node emitted. */
	items(nodeName: string, outputIndex?: number, runIndex?: number): IDataObject[];
	/** Full items (with pairedItem, error) of one output. */
	rawItems(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The error a node raised, if any. */
	nodeError(nodeName: string): Error | undefined;
}

let deduplicationReady: Promise<void> | undefined;
const sharedDeduplicator = { current: new InMemoryDeduplicator() };

/** Routes n8n's one-time deduplication service to whichever in-memory store the current harness uses. */
function ensureDeduplicationService(): Promise<void> {
	deduplicationReady ??= DataDeduplicationService.init({
		checkProcessedAndRecord: (...args) =>
			sharedDeduplicator.current.checkProcessedAndRecord(...args),
		removeProcessed: (...args) => sharedDeduplicator.current.removeProcessed(...args),
		clearAllProcessedItems: (...args) => sharedDeduplicator.current.clearAllProcessedItems(...args),
		getProcessedDataCount: (...args) => sharedDeduplicator.current.getProcessedDataCount(...args),
	});
	return deduplicationReady;
}

/**
 * Runs workflow JSON (our templates' format) inside n8n-core's `WorkflowExecute`, with this package's
 * node classes registered under their real type names. One harness = one n8n instance: it keeps
 * credentials, each workflow's static data between runs (saved only for non-manual executions, like the
 * server), and n8n's deduplication store.
 */
export class WorkflowHarness {
	readonly nodeTypes: TestNodeTypes;
	readonly credentialTypes: TestCredentialTypes;
	readonly credentials: TestCredentialsHelper;
	readonly deduplicator = new InMemoryDeduplicator();
	/** n8n's Data Tables of this instance (the Data Table node's store). */
	readonly dataTables = new InMemoryDataTables();
	private readonly staticData = new Map<string, IDataObject>();
	private executionCounter = 0;

	constructor(
		options: {
			extraNodeTypes?: Record<string, INodeType | IVersionedNodeType>;
			extraCredentialTypes?: Record<string, ICredentialType>;
		} = {},
	) {
		this.nodeTypes = new TestNodeTypes({ ...loadPackageNodeTypes(), ...options.extraNodeTypes });
		this.credentialTypes = new TestCredentialTypes({
			...standInCredentialTypes(),
			...loadPackageCredentialTypes(),
			...options.extraCredentialTypes,
		});
		this.credentials = new TestCredentialsHelper(this.credentialTypes);
	}

	setCredentials(type: string, data: ICredentialDataDecryptedObject, id?: string): this {
		this.credentials.set(type, data, id);
		return this;
	}

	/** The static data a workflow has after its saved executions (what n8n keeps in the database). */
	getStaticData(workflowId: string): IDataObject | undefined {
		return this.staticData.get(workflowId);
	}

	async run(workflowJson: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
		await ensureDeduplicationService();
		sharedDeduplicator.current = this.deduplicator;

		const mode = options.mode ?? 'trigger';
		const json = structuredClone(workflowJson);
		const workflow = this.makeWorkflow(json);
		const workflowId = workflow.id;
		const startNode = options.trigger?.node
			? workflow.getNode(options.trigger.node)
			: workflow.getStartNode();
		if (!startNode) throw new Error(`Start node not found in "${json.name ?? workflowId}"`);
		const startOutputs =
			options.trigger?.outputs ??
			(options.trigger?.items
				? [options.trigger.items.map((j) => ({ json: j }))]
				: [[{ json: {} }]]);

		const executionId = this.nextExecutionId();
		const hooks = new ExecutionLifecycleHooks(mode, executionId, json as unknown as IWorkflowBase);
		const executionOrder: string[] = [];
		hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
			executionOrder.push(nodeName);
		});
		const finished = new Promise<IRun>((resolve) => {
			hooks.addHandler('workflowExecuteAfter', (fullRunData: IRun, newStaticData?: IDataObject) => {
				try {
					// newStaticData is n8n's observable proxy: copy it as the server does, through JSON.
					if (newStaticData && mode !== 'manual')
						this.staticData.set(workflowId, JSON.parse(JSON.stringify(newStaticData)));
				} finally {
					resolve(fullRunData);
				}
			});
		});

		const additionalData = this.additionalData(executionId, workflowId, hooks);
		const runExecutionData: IRunExecutionData = {
			version: 1,
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				waitingExecution: {},
				waitingExecutionSource: null,
				nodeExecutionStack: [{ node: startNode, data: { main: startOutputs }, source: null }],
			},
		} as unknown as IRunExecutionData;
		const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
		await execute.processRunExecutionData(workflow);
		const run = await finished;
		this.assertNoSecretIn(run, json);
		return toResult(run, executionOrder);
	}

	/** The values of every credential set on this harness (and every token n8n stored back), for the leak scan. */
	secrets(): Secret[] {
		return this.credentials.everStored().flatMap(({ type, data }) => {
			const chain = [type, ...this.credentialTypes.getParentTypes(type)].filter((t) =>
				this.credentialTypes.recognizes(t),
			);
			return credentialSecrets(
				type,
				data,
				chain.map((t) => this.credentialTypes.getByName(t)),
			);
		});
	}

	/** Fails the run's test when a credential's value appears in what n8n would keep or show of the run. */
	assertNoSecretIn(run: IRun, json: WorkflowJson) {
		const secrets = this.secrets();
		if (secrets.length === 0) return;
		const leaks = leaksIn(persistedText(run) + JSON.stringify(json.pinData ?? {}), secrets);
		if (leaks.length === 0) return;
		const nodes = [...new Set(leaks.flatMap((l) => nodesHolding(run, l)))];
		throw new SecretLeakError(
			nodes.length ? `the data of node(s) ${nodes.join(', ')}` : 'the run data or pinned data',
			leaks,
		);
	}

	/** Fails when a credential's value appears in something sent back to a caller (a webhook's answer). */
	assertNoSecretInAnswer(answer: unknown) {
		const leaks = leaksIn(
			typeof answer === 'string' ? answer : JSON.stringify(answer ?? null),
			this.secrets(),
		);
		if (leaks.length > 0) throw new SecretLeakError("the webhook's answer or emitted items", leaks);
	}

	/**
	 * Runs a credential's `test` request the way n8n's credential tester does (a temporary declarative node whose
	 * routing is the test request, authenticated with the credential) and applies its `rules`.
	 */
	async testCredential(
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const credentialType = this.credentialTypes.getByName(type);
		const test = credentialType.test;
		if (!test)
			return { status: 'Error', message: 'No testing function found for this credential.' };
		const probeType = `test.credentialTest.${type}`;
		this.nodeTypes.add(probeType, {
			description: {
				displayName: 'Credential Test',
				name: probeType,
				group: ['transform'],
				version: 1,
				description: 'Runs a credential test request',
				defaults: { name: 'Credential Test' },
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: type, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						default: '',
						routing: { request: test.request },
					},
				],
			},
		} as unknown as INodeType);
		const id = `credential-test-${this.nextExecutionId()}`;
		this.credentials.set(type, data, id);
		const result = await this.run({
			id,
			nodes: [
				{
					id: 'c1',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'c2',
					name: 'Test',
					type: probeType,
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
					credentials: { [type]: { id, name: 'test' } },
				},
			],
			connections: { Start: { main: [[{ node: 'Test', type: 'main', index: 0 }]] } },
		});
		const error = result.nodeError('Test') as
			(Error & { httpCode?: string; cause?: { response?: { status?: number } } }) | undefined;
		if (!error) return { status: 'OK', message: 'Connection tested successfully' };
		const statusCode = Number(error.httpCode) || error.cause?.response?.status;
		for (const rule of test.rules ?? []) {
			if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
				return { status: 'Error', message: String(rule.properties.message) };
			}
		}
		return {
			status: 'Error',
			message: statusCode ? `HTTP ${statusCode}: ${error.message}` : error.message,
		};
	}

	/** An n8n Workflow object over the JSON, with the static data this harness saved for it. */
	makeWorkflow(json: WorkflowJson): Workflow {
		const workflowId = json.id ?? 'test-workflow';
		return new Workflow({
			id: workflowId,
			name: json.name,
			nodes: json.nodes,
			connections: json.connections,
			nodeTypes: this.nodeTypes,
			staticData: structuredClone(this.staticData.get(workflowId) ?? json.staticData ?? {}),
			settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
			active: false,
		});
	}

	/** Keeps a workflow's static data after a non-execution context (webhook activation) changed it. */
	saveStaticData(workflow: Workflow) {
		const data = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (data.__dataChanged) this.staticData.set(workflow.id, JSON.parse(JSON.stringify(data)));
	}

	nextExecutionId(): string {
		return String(++this.executionCounter);
	}

	additionalData(
		executionId: string,
		workflowId: string,
		hooks?: ExecutionLifecycleHooks,
		extra: IDataObject = {},
	) {
		const base = 'http://127.0.0.1:5678';
		return {
			hooks,
			credentialsHelper: this.credentials,
			executionId,
			workflowId,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: base,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			logAiEvent: () => undefined,
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			executeWorkflow: async () => {
				throw new Error('Sub-workflows are not available in the test harness');
			},
			'data-table': { dataTableProxyProvider: this.dataTables.provider },
			...extra,
		} as unknown as IWorkflowExecuteAdditionalData;
	}
}

export function toResult(run: IRun, executionOrder: string[]): RunResult {
	const runData = run.data.resultData.runData;
	const rawOutputs = (nodeName: string, runIndex = 0): INodeExecutionData[][] => {
		const taskData = runData[nodeName]?.[runIndex];
		if (!taskData) return [];
		return (taskData.data?.main ?? []).map((items) => items ?? []);
	};
	return {
		run,
		status: run.status,
		error: run.data.resultData.error,
		executionOrder,
		outputs: (nodeName, runIndex) =>
			rawOutputs(nodeName, runIndex).map((items) => items.map((i) => i.json)),
		items: (nodeName, outputIndex = 0, runIndex) =>
			(rawOutputs(nodeName, runIndex)[outputIndex] ?? []).map((i) => i.json),
		rawItems: (nodeName, outputIndex = 0, runIndex) =>
			rawOutputs(nodeName, runIndex)[outputIndex] ?? [],
		nodeError: (nodeName) => runData[nodeName]?.[0]?.error as Error | undefined,
	};
}
