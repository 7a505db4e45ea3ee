/** Get leads, deals or contacts by ID: 50 to a request. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { recordId, requireId } from '../common';
import type { Entity, Operation, OperationContext } from '../types';

export function getRecords(entity: Entity): Operation {
	return {
		description: [recordId(entity, ['get'])],
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const prepared = await readItems(this, ctx.items.length, (i) => ({
				method: `crm.${entity}.get`,
				params: { id: requireId.call(this, i, entity) },
			}));
			return await sendItems(
				prepared,
				(commands) => ctx.connection.runner.run(commands),
				(value) => value as IDataObject,
			);
		},
	};
}
