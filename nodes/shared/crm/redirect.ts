/**
 * CRM requests never follow redirects: the credential (amoCRM's Authorization header, the secret in a Bitrix24
 * webhook's path) would go along to whatever host a 3xx names. A 3xx is an error that says where it pointed.
 */

export function isRedirect(status: number | null | undefined): boolean {
	return typeof status === 'number' && status >= 300 && status <= 399;
}

/** The host a Location header names; a relative one stays on the same host. */
export function redirectHost(location: string | undefined): string {
	if (!location) return 'an address it did not name';
	if (!/^([a-z][a-z0-9+.-]*:)?\/\//i.test(location))
		return `${location.slice(0, 100)} on the same host`;
	try {
		return new URL(location.startsWith('//') ? `https:${location}` : location).host;
	} catch {
		return 'an address that is not a valid URL';
	}
}
