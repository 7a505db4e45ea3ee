import {
	isFirstRecordRace,
	retryFirstRecordRace,
} from '../../../../nodes/shared/n8n/processedStore';

const pgRace = new Error(
	'duplicate key value violates unique constraint "PK_ca04b9d8dc72de268fe07a65773"',
);

describe("n8n's dedup store: two executions creating the same context's row", () => {
	test('recognises the unique-key refusal of PostgreSQL, SQLite and MySQL, and nothing else', () => {
		expect(isFirstRecordRace(pgRace)).toBe(true);
		expect(
			isFirstRecordRace(
				new Error(
					'SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context',
				),
			),
		).toBe(true);
		expect(
			isFirstRecordRace(new Error("ER_DUP_ENTRY: Duplicate entry 'x' for key 'PRIMARY'")),
		).toBe(true);
		expect(isFirstRecordRace(new Error('Deduplication needs a saved workflow (workflow id)'))).toBe(
			false,
		);
		expect(isFirstRecordRace('connection terminated')).toBe(false);
	});

	test('asks again after losing the race and returns the answer', async () => {
		const call = jest
			.fn<Promise<string>, []>()
			.mockRejectedValueOnce(pgRace)
			.mockResolvedValueOnce('recorded');
		await expect(retryFirstRecordRace(call)).resolves.toBe('recorded');
		expect(call).toHaveBeenCalledTimes(2);
	});

	test('any other failure is not retried', async () => {
		const call = jest
			.fn<Promise<string>, []>()
			.mockRejectedValue(new Error('Deduplication needs a saved workflow (workflow id)'));
		await expect(retryFirstRecordRace(call)).rejects.toThrow('saved workflow');
		expect(call).toHaveBeenCalledTimes(1);
	});

	test('gives up after four attempts with the database error', async () => {
		const call = jest.fn<Promise<string>, []>().mockRejectedValue(pgRace);
		await expect(retryFirstRecordRace(call)).rejects.toThrow('duplicate key value');
		expect(call).toHaveBeenCalledTimes(4);
	});
});
