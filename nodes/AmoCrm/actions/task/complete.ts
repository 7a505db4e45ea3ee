import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { idOf, type ItemOutcome, type OperationRun } from '../common';

export const description: INodeProperties[] = withDisplay(
	[
		{
			displayName: 'Task ID',
			name: 'taskId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 61000123',
			description: 'The task to mark as done',
		},
		{
			displayName: 'Result',
			name: 'result',
			type: 'string',
			default: '',
			placeholder: 'e.g. Дозвонились, думает до пятницы',
			description: "What came of it; shown in the lead's feed",
		},
	],
	'task',
	['complete'],
);

/** Task complete: up to 250 tasks per PATCH. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i) => {
		const payload: Record<string, unknown> = {
			id: idOf(this, this.getNodeParameter('taskId', i), 'task', i),
			is_completed: true,
		};
		const result = String(this.getNodeParameter('result', i, '')).trim();
		if (result) payload.result = { text: result };
		return payload;
	});
	return sendItems(
		prepared,
		(payloads) => run.crm.patchTasks(payloads),
		(done) => ({ id: Number(done.taskId), completed: true }),
	);
}
