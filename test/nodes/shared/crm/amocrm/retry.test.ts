import type { AmoFailure } from '../../../../../nodes/shared/crm/amocrm/failures';
import { backoffMs, decideRetry } from '../../../../../nodes/shared/crm/amocrm/retry';

const failure = (
	status: number | null,
	body: unknown = undefined,
	networkCode: string | null = null,
): AmoFailure => ({
	status,
	body,
	headers: {},
	networkCode,
	message: 'x',
});
const mid = () => 0.5;
const RATE_BODY = { title: 'Too Many Requests', status: 429, retry_after: 300 };

describe('amoCRM retry decisions', () => {
	test('backs off exponentially from half a second to a 20 s cap, with jitter around it', () => {
		expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, mid))).toEqual([500, 1000, 2000, 4000, 20000]);
		expect(backoffMs(1, () => 0)).toBe(375);
		expect(backoffMs(1, () => 0.999)).toBe(625);
	});

	test('a 429 is retried for any request, honouring retry_after only up to the backoff ceiling', () => {
		for (const kind of ['read', 'idempotent', 'create'] as const) {
			expect(decideRetry(failure(429, RATE_BODY), kind, 1, mid)).toEqual({
				action: 'retry',
				waitMs: 500,
				holdAccount: true,
			});
		}
		expect(decideRetry(failure(429, { retry_after: 1 }), 'read', 4, mid)).toEqual({
			action: 'retry',
			waitMs: 1000,
			holdAccount: true,
		});
		expect(decideRetry(failure(429, '<html>429</html>'), 'read', 7, mid)).toEqual({
			action: 'fail',
		});
	});

	test('a 403 — a ban or missing rights — is never retried', () => {
		expect(
			decideRetry(failure(403, '<html><title>403 Forbidden</title></html>'), 'read', 1, mid),
		).toEqual({ action: 'fail' });
		expect(decideRetry(failure(403, { title: 'Forbidden' }), 'read', 1, mid)).toEqual({
			action: 'fail',
		});
	});

	test('5xx and lost connections repeat reads and idempotent writes; creates become ambiguous', () => {
		expect(decideRetry(failure(502), 'read', 1, mid)).toMatchObject({ action: 'retry' });
		expect(decideRetry(failure(null, undefined, 'ECONNRESET'), 'idempotent', 2, mid)).toMatchObject(
			{ action: 'retry', waitMs: 1000 },
		);
		expect(decideRetry(failure(500), 'create', 1, mid)).toEqual({ action: 'ambiguous' });
		expect(decideRetry(failure(null, undefined, 'ETIMEDOUT'), 'create', 1, mid)).toEqual({
			action: 'ambiguous',
		});
		expect(decideRetry(failure(500), 'read', 5, mid)).toEqual({ action: 'fail' });
	});

	test('a create that surely never left is simply repeated', () => {
		expect(decideRetry(failure(null, undefined, 'ECONNREFUSED'), 'create', 1, mid)).toMatchObject({
			action: 'retry',
		});
	});

	test('a 504 on a write asks for smaller batches; on a read it is retried', () => {
		expect(decideRetry(failure(504), 'idempotent', 1, mid)).toEqual({ action: 'gateway-timeout' });
		expect(decideRetry(failure(504), 'create', 1, mid)).toEqual({ action: 'gateway-timeout' });
		expect(decideRetry(failure(504), 'read', 1, mid)).toMatchObject({ action: 'retry' });
	});

	test('other client errors (401, 402, 404, 422) fail at once', () => {
		for (const status of [401, 402, 404, 422])
			expect(decideRetry(failure(status), 'read', 1, mid)).toEqual({ action: 'fail' });
	});
});
