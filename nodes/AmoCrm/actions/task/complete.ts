import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { prepareEach, sendPrepared } from '../batch';
import { idOf, withDisplay, type ItemOutcome, type OperationRun } from '../common';

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
	const prepared = await prepareEach(run.items, async (i) => {
		const payload: Record<string, unknown> = {
			id: idOf(this, this.getNodeParameter('taskId', i), 'task', i),
			is_completed: true,
		};
		const result = String(this.getNodeParameter('result', i, '')).trim();
		if (result) payload.result = { text: result };
		return payload;
	});
	return sendPrepared(
		this,
		prepared,
		(payloads) => run.crm.patchTasks(payloads),
		(done) => ({ id: Number(done.taskId), completed: true }),
	);
}
