import { randomUUID } from 'node:crypto';

import { ApiError, html, problem, type ApiResponse } from './http';

/** amoCRM's error answers, with the bodies documented in reference/amocrm-api.md §2. */

export interface FieldError {
	code: string;
	path: string;
	detail: string;
}

export interface ItemValidationError {
	request_id: string;
	errors: FieldError[];
}

export function validationFailed(items: ItemValidationError[]): ApiError {
	return new ApiError(
		problem(400, 'Bad Request', 'Request validation failed', { 'validation-errors': items }),
	);
}

export function emptyRequest(): ApiError {
	return new ApiError(problem(400, 'Bad Request', 'Request data can not be empty'));
}

export function limitPerPage(limit = 250): ApiError {
	return new ApiError(problem(422, 'Unprocessable Entity', `Limit ${limit} per page`));
}

export function unauthorized(): ApiError {
	return new ApiError(problem(401, 'Unauthorized', 'Invalid user name or password'));
}

export function accountNotFound(): ApiError {
	const response = problem(401, 'Unauthorized', 'Account not found');
	response.headers = { 'X-Error': 'Account not found' };
	return new ApiError(response);
}

/** The OAuth problem amoCRM answers for a used, revoked or unknown refresh token or code. */
export function oauthRevoked(hint = 'Token has been revoked'): ApiError {
	return new ApiError({
		status: 401,
		contentType: 'application/problem+json',
		body: {
			hint,
			title: 'Некорректный запрос',
			type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
			status: 401,
			detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
		},
	});
}

export function oauthInvalidRequest(hint: string): ApiError {
	const error = oauthRevoked(hint);
	(error.response as ApiResponse).status = 400;
	(error.response.body as Record<string, unknown>).status = 400;
	return error;
}

export function paymentRequired(): ApiError {
	return new ApiError(problem(402, 'Payment Required', 'Payment required'));
}

export function forbidden(detail = 'Access denied'): ApiError {
	return new ApiError(problem(403, 'Forbidden', detail));
}

export function routeNotFound(method: string, url: string): ApiError {
	return new ApiError(problem(404, 'Not Found', `Cannot ${method} ${url}`));
}

export function methodNotAllowed(): ApiError {
	return new ApiError(problem(405, 'Method Not Allowed', 'Method Not Allowed'));
}

export function tooManyRequests(asHtml: boolean): ApiResponse {
	if (asHtml) return html(429, nginxPage(429, 'Too Many Requests'));
	return problem(
		429,
		'Too Many Requests',
		'You have sent too many requests in a given amount of time. Please try again later.',
		{
			retry_after: 300,
		},
	);
}

/** A ban is answered by the gateway, before the application: nginx's HTML page. */
export function bannedPage(): ApiResponse {
	return html(403, nginxPage(403, 'Forbidden'));
}

export function internalError(): ApiResponse {
	return {
		status: 500,
		contentType: 'application/problem+json',
		body: {
			title: 'ErrInternalServer',
			type: 'https://httpstatus.es/500',
			status: 500,
			detail: 'Internal server error',
			trace_id: randomUUID(),
		},
	};
}

export function gatewayError(status: 502 | 503 | 504): ApiResponse {
	const title = {
		502: 'Bad Gateway',
		503: 'Service Temporarily Unavailable',
		504: 'Gateway Time-out',
	}[status];
	return html(status, nginxPage(status, title));
}

function nginxPage(status: number, title: string): string {
	return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
