import { start, type RunningEmulator, type StartOptions } from './index';

/** A bare HTTP client for emulator tests: what any third-party amoCRM client would send. */
export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

export interface CallOptions {
	body?: unknown;
	token?: string | null;
	headers?: Record<string, string>;
	form?: boolean;
}

export class EmulatorClient {
	constructor(
		readonly emulator: RunningEmulator,
		private readonly base = emulator.url,
	) {}

	get token() {
		return this.emulator.info.token;
	}

	async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
		const headers: Record<string, string> = { ...(options.headers ?? {}) };
		const token = options.token === undefined ? this.token : options.token;
		if (token) headers.Authorization = `Bearer ${token}`;
		let body: string | undefined;
		if (options.body !== undefined) {
			if (options.form) {
				headers['Content-Type'] = 'application/x-www-form-urlencoded';
				body = new URLSearchParams(options.body as Record<string, string>).toString();
			} else {
				headers['Content-Type'] = 'application/json';
				body = JSON.stringify(options.body);
			}
		}
		const response = await fetch(`${this.base}${path}`, {
			method,
			headers,
			body,
			redirect: 'manual',
		});
		const text = await response.text();
		let parsed: unknown = undefined;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			parsed = undefined;
		}
		return { status: response.status, headers: response.headers, text, body: parsed };
	}

	get(path: string, options?: CallOptions) {
		return this.call('GET', path, options);
	}

	post(path: string, body: unknown, options?: CallOptions) {
		return this.call('POST', path, { ...options, body });
	}

	patch(path: string, body: unknown, options?: CallOptions) {
		return this.call('PATCH', path, { ...options, body });
	}

	async control(method: string, path: string, body?: unknown) {
		return (await this.call(method, `/__emulator${path}`, { body, token: null })).body;
	}

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async state(): Promise<any> {
		return this.control('GET', '/state');
	}
}

export async function startEmulator(options: StartOptions = {}) {
	const emulator = await start({ port: 0, ...options });
	return { emulator, client: new EmulatorClient(emulator) };
}
