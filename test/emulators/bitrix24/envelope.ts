/**
 * The REST envelope: `{"result": …, "time": {…}}` on success, `{"error", "error_description"}` on failure,
 * with the HTTP statuses of reference §2.3.
 */

/** An error answer of the API. `code` is `""` for legacy crm.lead|deal|contact methods, `0` for mergeBatch. */
export class ApiError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly code: string | number,
		readonly description: string,
	) {
		super(description);
	}

	body(): Record<string, unknown> {
		return { error: this.code, error_description: this.description };
	}
}

/** Legacy CRM methods answer HTTP 400 with an empty code and the text in `error_description`. */
export function legacyError(description: string): ApiError {
	return new ApiError(400, '', description);
}

export const errors = {
	noAuth: () => new ApiError(401, 'NO_AUTH_FOUND', 'Wrong authorization data'),
	insufficientScope: () =>
		new ApiError(
			403,
			'insufficient_scope',
			'The request requires higher privileges than provided by the webhook token',
		),
	wrongAuthType: () =>
		new ApiError(403, 'WRONG_AUTH_TYPE', 'Current authorization type is denied for this method'),
	methodNotFound: () => new ApiError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'),
	queryLimit: () => new ApiError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'),
	operationTimeLimit: () =>
		new ApiError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.'),
	internal: () => new ApiError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
};

/** The portal's time zone offset (Moscow, no DST): legacy datetimes carry it, e.g. `2026-05-14T10:26:32+03:00`. */
export const PORTAL_OFFSET_MINUTES = 180;

export function isoWithOffset(ms: number, offsetMinutes = PORTAL_OFFSET_MINUTES): string {
	const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
	const sign = offsetMinutes >= 0 ? '+' : '-';
	const abs = Math.abs(offsetMinutes);
	return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface TimeBlock {
	start: number;
	finish: number;
	duration: number;
	processing: number;
	date_start: string;
	date_finish: string;
	operating_reset_at?: number;
	operating?: number;
}

export function timeBlock(
	startMs: number,
	finishMs: number,
	processingSeconds: number,
	operating?: { operating: number; resetAt: number },
): TimeBlock {
	const block: TimeBlock = {
		start: startMs / 1000,
		finish: finishMs / 1000,
		duration: (finishMs - startMs) / 1000,
		processing: processingSeconds,
		date_start: isoWithOffset(startMs),
		date_finish: isoWithOffset(finishMs),
	};
	if (operating) {
		block.operating_reset_at = operating.resetAt;
		block.operating = operating.operating;
	}
	return block;
}
