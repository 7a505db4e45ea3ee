/**
 * amoCRM reads PHP bracket query strings: `filter[statuses][0][pipeline_id]=1&filter[id][]=2&with=contacts`.
 * Built here once, so no HTTP library's array format decides what the API sees.
 */
export type QueryValue =
	string | number | boolean | null | undefined | QueryValue[] | { [key: string]: QueryValue };

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

/** Query characters a list of ids may take: URLs past ~8 KB are refused by common gateways (nginx's default). */
export const ID_QUERY_CHARS = 6_000;

/**
 * Ids in groups for `filter[<key>][]=…` reads: as many as a page holds (250) and the URL allows, so 2,000 ids cost 8
 * requests, not 20.
 */
export function idGroups(
	ids: string[],
	key: string,
	pageLimit = 250,
	maxChars = ID_QUERY_CHARS,
): string[][] {
	const groups: string[][] = [];
	let group: string[] = [];
	let chars = 0;
	for (const id of ids) {
		const size = encodeKey(`${key}[]`).length + encodeURIComponent(id).length + 2;
		if (group.length > 0 && (group.length >= pageLimit || chars + size > maxChars)) {
			groups.push(group);
			group = [];
			chars = 0;
		}
		group.push(id);
		chars += size;
	}
	if (group.length > 0) groups.push(group);
	return groups;
}
