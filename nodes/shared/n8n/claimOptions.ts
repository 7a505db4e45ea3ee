import {
	NodeOperationError,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeCredentialDescription,
	type INodeProperties,
} from 'n8n-workflow';

import { ClaimStoreError, type ClaimStore } from '../claims/claimStore';
import { processClaimStore } from '../claims/processClaims';
import { connectRedisClaimStore, type RedisCredential } from '../claims/redisClaims';

/**
 * The Claim Store option of Lead Dedup, Call Attempts and Lead Distribution: where executions running at the same
 * moment agree who handles a person, a call or a turn. One builder so the three nodes show and read it alike.
 */
export const DEFAULT_CLAIM_TTL_SECONDS = 600;
export const DEFAULT_CLAIM_WAIT_SECONDS = 60;

type ClaimChoice = 'none' | 'process' | 'redis';

interface ClaimSettings {
	ttlSeconds?: number;
	waitSeconds?: number;
	keyPrefix?: string;
	whenRedisIsDown?: 'error' | 'process';
}

/** The Claim Store parameters. `what` says in the user's words what is claimed; `waits` adds the wait setting. */
export function claimStoreProperties(spec: {
	what: string;
	description: string;
	waits: boolean;
	displayOptions?: IDisplayOptions;
}): INodeProperties[] {
	const shown = (stores: ClaimChoice[]): IDisplayOptions => ({
		...spec.displayOptions,
		show: { ...(spec.displayOptions?.show ?? {}), claimStore: stores },
	});
	const settings: INodeProperties[] = [
		{
			displayName: 'Claim Expires After (Seconds)',
			name: 'ttlSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_CLAIM_TTL_SECONDS,
			description: `How long a claim on ${spec.what} holds if it is not given back, e.g. 600. Make it longer than an execution takes from this node to the CRM write.`,
		},
		{
			displayName: 'Key Prefix',
			name: 'keyPrefix',
			type: 'string',
			default: '',
			placeholder: 'e.g. leads-main-account',
			description:
				"Claims are kept per workflow. Give two workflows the same prefix when they write the same CRM account (a forms workflow and a chats workflow), so they see each other's claims.",
		},
		{
			displayName: 'When Redis Is Down',
			name: 'whenRedisIsDown',
			type: 'options',
			options: [
				{
					name: 'Claim in Memory of This Process',
					value: 'process',
					description:
						'Carry on with the claim of this process: exact in regular mode, not across queue-mode workers',
				},
				{
					name: 'Stop With an Error',
					value: 'error',
					description: 'Nothing is passed on unclaimed; the execution fails and can be retried',
				},
			],
			default: 'error',
			displayOptions: { show: { '/claimStore': ['redis'] } },
		},
	];
	if (spec.waits)
		settings.unshift({
			displayName: 'Wait for the Other Execution (Seconds)',
			name: 'waitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_CLAIM_WAIT_SECONDS,
			description: `How long an execution that finds ${spec.what} claimed by another waits for the other one's result, e.g. 60. If the result does not come in time the item fails with the reason (it is never passed on as new) and can be retried.`,
		});
	return [
		{
			displayName: 'Claim Store',
			name: 'claimStore',
			type: 'options',
			default: 'none',
			noDataExpression: true,
			options: [
				{
					name: 'Memory of This Process',
					value: 'process',
					description:
						'Kept in memory of the n8n process: exact in regular mode (one process runs every execution); queue-mode workers do not see each other',
				},
				{
					name: 'None',
					value: 'none',
					description: 'Executions running at the same moment are not coordinated',
				},
				{
					name: 'Redis',
					value: 'redis',
					description:
						"A Redis server shared by every n8n process (queue mode: the main and all workers). Uses n8n's Redis credential.",
				},
			],
			description: spec.description,
			...(spec.displayOptions ? { displayOptions: spec.displayOptions } : {}),
		},
		{
			displayName: 'Claim Options',
			name: 'claimOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: settings,
			displayOptions: shown(['process', 'redis']),
		},
	];
}

/** n8n's own Redis credential, asked for when Redis is the claim store. */
export function claimStoreCredentials(
	show: Record<string, string[]> = {},
): INodeCredentialDescription[] {
	return [
		{ name: 'redis', required: true, displayOptions: { show: { ...show, claimStore: ['redis'] } } },
	];
}

export interface OpenClaims {
	store: ClaimStore;
	/** Who claims: this execution (a retry is a new execution; a failed node gives its claims back). */
	owner: string;
	prefix: string;
	ttlMs: number;
	waitMs: number;
	/** Set when Redis was down and the user chose to carry on with this process's claims. */
	fallbackReason: string | null;
}

/** Opens the chosen claim store, or returns null when the node is set to None. */
export async function openClaimStore(ctx: IExecuteFunctions): Promise<OpenClaims | null> {
	const choice = ctx.getNodeParameter('claimStore', 0, 'none') as ClaimChoice;
	if (choice === 'none') return null;
	const settings = ctx.getNodeParameter('claimOptions', 0, {}) as ClaimSettings;
	const workflowId = ctx.getWorkflow().id;
	const open = (store: ClaimStore, fallbackReason: string | null = null): OpenClaims => ({
		store,
		owner: ctx.getExecutionId() || `run-${Math.random().toString(36).slice(2)}`,
		prefix: settings.keyPrefix?.trim() || `workflow-${workflowId ?? 'unsaved'}`,
		ttlMs: (settings.ttlSeconds ?? DEFAULT_CLAIM_TTL_SECONDS) * 1000,
		waitMs: (settings.waitSeconds ?? DEFAULT_CLAIM_WAIT_SECONDS) * 1000,
		fallbackReason,
	});
	if (choice === 'process') return open(processClaimStore);
	const credential = (await ctx.getCredentials('redis')) as RedisCredential;
	let down: ClaimStoreError;
	try {
		return open(await connectRedisClaimStore(credential));
	} catch (error) {
		down =
			error instanceof ClaimStoreError
				? error
				: new ClaimStoreError((error as Error).message, 'Check the Redis credential.');
	}
	if (settings.whenRedisIsDown !== 'process') throw claimStoreFailure(ctx, down);
	ctx.addExecutionHints({
		message: `${down.message}. Claimed in this n8n process instead (exact only in regular mode).`,
		location: 'outputPane',
	});
	return open(processClaimStore, down.message);
}

export function claimStoreFailure(ctx: IExecuteFunctions, error: ClaimStoreError) {
	return new NodeOperationError(ctx.getNode(), error.message, { description: error.hint });
}
