import type { INodeExecutionData } from 'n8n-workflow';

import type { Bitrix24Connection, Bitrix24Funnel } from '../../shared/crm/bitrix24';
import type { Operation as CrmOperation } from '../../shared/n8n/crmNode/operation';

export type { ItemOutcome } from '../../shared/n8n/crmNode/operation';

/** What an operation gets: all input items at once (so it can batch), and the portal connection. */
export interface OperationContext {
	items: INodeExecutionData[];
	connection: Bitrix24Connection;
	/** The FunnelCrm of leads or deals, sharing this execution's connection: funnels, fields, tags, loss reasons. */
	funnel(entity: 'lead' | 'deal'): Bitrix24Funnel;
}

export type Operation = CrmOperation<OperationContext>;

export type Entity = 'lead' | 'deal' | 'contact' | 'company';

/** Leads and deals move through stages and carry tags; contacts and companies do not. */
export function hasFunnel(entity: Entity): entity is 'lead' | 'deal' {
	return entity === 'lead' || entity === 'deal';
}
