/** Raw HTTP helpers for the emulator's own tests: they speak to it as any Bitrix24 client would. */
export interface RawAnswer {
	status: number;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	text: string;
}

async function answer(response: Response): Promise<RawAnswer> {
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// HTML error pages stay text
	}
	return { status: response.status, body, text };
}

export async function callJson(
	webhook: string,
	method: string,
	params: unknown = {},
): Promise<RawAnswer> {
	return answer(
		await fetch(`${webhook}${method}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(params),
		}),
	);
}

export async function callForm(webhook: string, method: string, form: string): Promise<RawAnswer> {
	return answer(
		await fetch(`${webhook}${method}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form,
		}),
	);
}

export async function callGet(webhook: string, methodAndQuery: string): Promise<RawAnswer> {
	return answer(await fetch(`${webhook}${methodAndQuery}`));
}

export async function controlCall(
	url: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<RawAnswer> {
	return answer(
		await fetch(`${url}/__emulator/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
}
