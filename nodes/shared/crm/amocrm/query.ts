/**
 * amoCRM reads PHP bracket query strings: `filter[statuses][0][pipeline_id]=1&filter[id][]=2&with=contacts`.
 * Built here once, so no HTTP library's array format decides what the API sees.
 */
export type QueryValue = string | number | boolean | null | undefined | QueryValue[] | { [key: string]: QueryValue };

export function bracketQuery(query: Record<string, QueryValue>): string {
	const pairs: string[] = [];
	const walk = (key: string, value: QueryValue) => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) {
			value.forEach((v) => walk(`${key}[]`, v));
		} else if (typeof value === 'object') {
			for (const [k, v] of Object.entries(value)) walk(`${key}[${k}]`, v);
		} else {
			pairs.push(`${encodeKey(key)}=${encodeURIComponent(String(value))}`);
		}
	};
	for (const [key, value] of Object.entries(query)) walk(key, value);
	return pairs.join('&');
}

/** Brackets stay readable in the URL (amoCRM accepts both forms); everything else is encoded. */
function encodeKey(key: string): string {
	return encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');
}
