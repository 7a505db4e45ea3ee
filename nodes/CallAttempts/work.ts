import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CrmCall, CrmDeal } from '../shared/crm/types';
import type { CadenceDecision } from '../shared/funnel/calls/cadence';
import type { CallResult } from '../shared/funnel/calls/callResult';
import type { FollowUp } from '../shared/funnel/calls/followUp';
import type { PhoneKind } from '../shared/funnel/calls/phoneKind';
import type { CallRecord } from './callLog';

/** One input item on its way through the node: its call, deal, earlier calls, decision and planned change. */
export interface CallWork {
	index: number;
	call: CallResult;
	/** The call's idempotency key (callKey.ts). */
	key: string | null;
	/** The client number's kind and country, for the cadence. */
	phoneFacts: { kind: PhoneKind; country: string | null };
	deal: CrmDeal | null;
	zone: { zone: string; from: 'client' | 'company'; note?: string };
	/** The deal's earlier calls, let go once they have been counted (`earlierCount` stays). */
	earlierCalls: CrmCall[];
	earlierCount: number;
	decision?: CadenceDecision;
	followUp?: FollowUp;
	/** The call's record in the CRM's history: written by this node, found there, or not written (why); none when writing is off. */
	record?: CallRecord;
}

export type ItemError = NodeOperationError | NodeApiError;

export interface ItemFailure {
	index: number;
	error: ItemError;
}
