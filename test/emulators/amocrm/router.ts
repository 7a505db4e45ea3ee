import type { ApiRequest, ApiResponse } from './http';

export type Handler = (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;

interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: Handler;
}

export type RouteMatch =
	{ handler: Handler; params: Record<string, string> } | 'method-not-allowed' | undefined;

/** Express-like `/api/v4/leads/:id` patterns; `:id` segments match digits only, `:name` anything. */
export class Router {
	private readonly routes: Route[] = [];

	add(method: string, path: string, handler: Handler): this {
		const keys: string[] = [];
		const source = path.replace(/:(\w+)/g, (_, key: string) => {
			keys.push(key);
			return key === 'id' || key.endsWith('Id') ? '(\\d+)' : '([^/]+)';
		});
		this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
		return this;
	}

	get(path: string, handler: Handler) {
		return this.add('GET', path, handler);
	}

	post(path: string, handler: Handler) {
		return this.add('POST', path, handler);
	}

	patch(path: string, handler: Handler) {
		return this.add('PATCH', path, handler);
	}

	delete(path: string, handler: Handler) {
		return this.add('DELETE', path, handler);
	}

	match(method: string, path: string): RouteMatch {
		let pathMatched = false;
		for (const route of this.routes) {
			const m = route.pattern.exec(path);
			if (!m) continue;
			pathMatched = true;
			if (route.method !== method) continue;
			const params: Record<string, string> = {};
			route.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1])));
			return { handler: route.handler, params };
		}
		return pathMatched ? 'method-not-allowed' : undefined;
	}
}
