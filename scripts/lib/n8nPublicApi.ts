/**
 * A small client of n8n's public REST API (`/api/v1`, header `X-N8N-API-KEY`), enough to install templates into any
 * n8n: workflows (list by name, create, update, publish), credentials (create, list, test). Errors are turned into
 * sentences an agency can act on (wrong URL, wrong key, missing scope).
 */

export interface WorkflowBody {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
	description?: string;
	staticData?: unknown;
}

export interface StoredWorkflow extends WorkflowBody {
	id: string;
	active: boolean;
	versionId?: string;
	updatedAt?: string;
}

export class N8nApiError extends Error {
	constructor(
		message: string,
		readonly status?: number,
	) {
		super(message);
	}
}

/** Node's fetch (no library: the published command line is bundled and should stay small). */
export class N8nPublicApi {
	private readonly root: string;

	constructor(
		readonly baseUrl: string,
		private readonly apiKey: string,
	) {
		this.root = `${baseUrl.replace(/\/+$/, '')}/api/v1`;
	}

	private async send(
		method: string,
		path: string,
		body: unknown,
		params: Record<string, unknown> | undefined,
	): Promise<{ status: number; data: unknown }> {
		const url = new URL(`${this.root}${path}`);
		for (const [key, value] of Object.entries(params ?? {}))
			url.searchParams.set(key, String(value));
		const res = await fetch(url, {
			method,
			headers: {
				'X-N8N-API-KEY': this.apiKey,
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await res.text();
		let data: unknown = text;
		if ((res.headers.get('content-type') ?? '').includes('json') && text) {
			try {
				data = JSON.parse(text);
			} catch {
				// keep the text: the error below quotes it
			}
		}
		return { status: res.status, data };
	}

	private async call<T>(
		method: 'GET' | 'POST' | 'PUT' | 'DELETE',
		path: string,
		body?: unknown,
		params?: Record<string, unknown>,
	): Promise<T> {
		let res;
		try {
			res = await this.send(method, path, body, params);
		} catch (error) {
			const cause = (error as { cause?: { code?: string; message?: string } }).cause;
			throw new N8nApiError(
				`Cannot reach n8n at ${this.baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}). Check the URL (e.g. https://n8n.example.com) and that n8n is running.`,
			);
		}
		if (res.status === 401) {
			throw new N8nApiError(
				'n8n refused the API key (401). Create one in n8n: Settings → n8n API → Create an API key.',
				401,
			);
		}
		if (res.status === 403) {
			throw new N8nApiError(
				`The API key may not ${method} ${path} (403): give it the workflow and credential scopes.`,
				403,
			);
		}
		if (res.status === 404 && typeof res.data === 'string' && res.data.includes('<html')) {
			throw new N8nApiError(
				`${this.baseUrl} does not look like n8n's public API (404 on /api/v1${path}). Is the public API enabled?`,
				404,
			);
		}
		if (res.status >= 400) {
			const message =
				typeof res.data === 'object' && res.data && 'message' in res.data
					? String((res.data as { message: unknown }).message)
					: String(res.data).slice(0, 300);
			throw new N8nApiError(
				`n8n answered ${res.status} to ${method} ${path}: ${message}`,
				res.status,
			);
		}
		return res.data as T;
	}

	/** Fails with a clear sentence when the URL or the key is wrong. */
	async check(): Promise<void> {
		await this.call('GET', '/workflows', undefined, { limit: 1 });
	}

	async findWorkflowsByName(name: string): Promise<StoredWorkflow[]> {
		const found: StoredWorkflow[] = [];
		let cursor: string | undefined;
		do {
			const page = await this.call<{ data: StoredWorkflow[]; nextCursor?: string | null }>(
				'GET',
				'/workflows',
				undefined,
				{
					name,
					limit: 250,
					...(cursor ? { cursor } : {}),
				},
			);
			found.push(
				...page.data.filter((w) => w.name === name && !(w as { isArchived?: boolean }).isArchived),
			);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return found;
	}

	async getWorkflow(id: string): Promise<StoredWorkflow> {
		return await this.call('GET', `/workflows/${id}`);
	}

	async createWorkflow(body: WorkflowBody): Promise<StoredWorkflow> {
		return await this.call('POST', '/workflows', body);
	}

	async updateWorkflow(id: string, body: WorkflowBody): Promise<StoredWorkflow> {
		return await this.call('PUT', `/workflows/${id}`, body);
	}

	/** Publishes (2.x) or activates (1.x) a workflow so its triggers listen. */
	async publishWorkflow(id: string): Promise<void> {
		try {
			await this.call('POST', `/workflows/${id}/publish`, {});
		} catch (error) {
			if (!(error instanceof N8nApiError) || (error.status !== 404 && error.status !== 405))
				throw error;
			await this.call('POST', `/workflows/${id}/activate`);
		}
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string; type: string }> {
		return await this.call('POST', '/credentials', { name, type, data });
	}

	async listCredentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		const found: Array<{ id: string; name: string; type: string }> = [];
		let cursor: string | undefined;
		do {
			const page = await this.call<{
				data: Array<{ id: string; name: string; type: string }>;
				nextCursor?: string | null;
			}>('GET', '/credentials', undefined, {
				limit: 250,
				...(cursor ? { cursor } : {}),
			});
			found.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return found;
	}

	async testCredential(id: string): Promise<{ status: string; message?: string }> {
		return await this.call('POST', `/credentials/${id}/test`, {});
	}
}
