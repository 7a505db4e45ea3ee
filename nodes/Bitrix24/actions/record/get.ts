/** Get leads, deals or contacts by ID: 50 to a request. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { prepare, recordId, requireId, runPerItem } from '../common';
import type { Entity, Operation, OperationContext } from '../types';

export function getRecords(entity: Entity): Operation {
	return {
		description: [recordId(entity, ['get'])],
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const prepared = prepare(ctx.items.length, (i) => ({
				command: { method: `crm.${entity}.get`, params: { id: requireId.call(this, i, entity) } },
			}));
			return await runPerItem(
				(c) => ctx.connection.runner.run(c),
				prepared,
				(value) => value as IDataObject,
			);
		},
	};
}
