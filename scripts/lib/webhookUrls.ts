/**
 * The production URLs of a workflow's webhooks, as n8n serves them once the workflow is published: worked out from the
 * node types' `webhooks` descriptions (n8n's `/types/nodes.json`) the way n8n itself does — `/webhook/<path>` for a
 * full path, `/webhook/<webhookId>/<path>` otherwise, `/form/<path>` for a form trigger.
 */
export interface WebhookDescription {
	name?: string;
	httpMethod: string;
	path: string;
	isFullPath?: boolean;
	restartWebhook?: boolean;
	/** `form`: served under `/form/` (n8n's Form Trigger). */
	nodeType?: string;
}

export interface NodeTypeWithWebhooks {
	name: string;
	/** The versions this description is for (n8n lists a type once per description, e.g. Form Trigger 1 and 2–2.6). */
	version?: number | number[];
	webhooks?: WebhookDescription[];
}

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion?: number;
	webhookId?: unknown;
	disabled?: boolean;
	parameters?: Record<string, unknown>;
}

export interface WebhookUrl {
	node: string;
	method: string;
	url: string;
}

/**
 * `={{$parameter["path"]}}` (optionally `|| "GET"`) → the node's parameter or that default; a literal stays; any other
 * expression is unknown.
 */
function resolve(value: string, node: WorkflowNode): string | undefined {
	if (!value.startsWith('=')) return value;
	const match = /^=\{\{\s*\$parameter\[["'](\w+)["']\](?:\s*\|\|\s*["']([^"']*)["'])?\s*\}\}$/.exec(
		value,
	);
	if (!match) return undefined;
	const given = node.parameters?.[match[1]];
	return typeof given === 'string' && given !== '' ? given : match[2];
}

export function webhookUrls(
	baseUrl: string,
	nodes: WorkflowNode[],
	types: NodeTypeWithWebhooks[],
): WebhookUrl[] {
	// `/types/nodes.json` names types without the `n8n-nodes-base.` prefix of a workflow's nodes.
	const sameType = (t: NodeTypeWithWebhooks, node: WorkflowNode) =>
		t.name === node.type || `n8n-nodes-base.${t.name}` === node.type;
	const describing = (node: WorkflowNode) => {
		const candidates = types.filter((t) => sameType(t, node));
		return (
			candidates.find((t) => [t.version ?? []].flat().includes(node.typeVersion ?? Number.NaN)) ??
			candidates[0]
		);
	};
	const urls: WebhookUrl[] = [];
	for (const node of nodes) {
		if (node.disabled) continue;
		for (const hook of describing(node)?.webhooks ?? []) {
			if (hook.restartWebhook) continue;
			const id = typeof node.webhookId === 'string' ? node.webhookId : undefined;
			const method = resolve(hook.httpMethod, node) ?? 'GET';
			let url: string;
			if (hook.nodeType === 'form') {
				// A form is opened with GET and posts back to the same URL; its path falls back to the webhook id.
				if (method !== 'GET') continue;
				const options = node.parameters?.options as { path?: unknown } | undefined;
				const path = [node.parameters?.path, options?.path, id].find(
					(p): p is string => typeof p === 'string' && p !== '',
				);
				if (!path) continue;
				url = `${baseUrl}/form/${path.replace(/^\/+/, '')}`;
			} else {
				const path = resolve(hook.path, node)?.replace(/^\/+/, '');
				if (path === undefined) continue;
				if (hook.isFullPath) url = `${baseUrl}/webhook/${path}`;
				else if (id) url = `${baseUrl}/webhook/${id}/${path}`;
				else continue;
			}
			if (!urls.some((u) => u.url === url && u.method === method))
				urls.push({ node: node.name, method, url });
		}
	}
	return urls;
}

/**
 * A URL with a Basic Auth login written into it (`http://user:password@host/…`), for senders that take only a URL:
 * their HTTP client sends the login as an `Authorization: Basic …` header.
 */
export function withLogin(url: string, login: { user: string; password: string }): string {
	const parsed = new URL(url);
	parsed.username = encodeURIComponent(login.user);
	parsed.password = encodeURIComponent(login.password);
	return parsed.toString();
}

/** The login of a URL written as `http://user:password@host/…` taken out as the header an HTTP client sends. */
export function loginHeader(url: string): { url: string; authorization?: string } {
	const parsed = new URL(url);
	if (!parsed.username) return { url };
	const login = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
	parsed.username = '';
	parsed.password = '';
	return {
		url: parsed.toString(),
		authorization: `Basic ${Buffer.from(login).toString('base64')}`,
	};
}
