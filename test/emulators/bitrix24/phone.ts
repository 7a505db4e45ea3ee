/**
 * How crm.duplicate.findbycomm compares phones [src DuplicateCommunicationCriterion::normalizePhone +
 * NormalizePhone($n, 1)], applied to stored values and to the query alike (reference §5.1):
 *  1. 10+ chars starting with `+8` → `00` + the rest;
 *  2. keep only `0-9 # * , ;`;
 *  3. with 10+ digits: leading 80/81/82 kept; leading 00 and 011 stripped; else a leading 8 becomes 7; else a
 *     leading 0 is stripped;
 *  4. the extension (after `#` or `;`) is dropped.
 * Written from the reference, independently of the node's own phone code, so each checks the other.
 */
export function findByCommPhoneKey(raw: string): string {
	let value = String(raw).trim();
	if (value.length >= 10 && value.startsWith('+8')) value = `00${value.slice(1)}`;
	value = value.replace(/[^0-9#*,;]/g, '');
	let main = value.split(/[#;,]/)[0].replace(/\*/g, '');
	if (main.length >= 10) {
		if (/^8[012]/.test(main)) {
			// kept as is
		} else if (main.startsWith('00')) main = main.slice(2);
		else if (main.startsWith('011')) main = main.slice(3);
		else if (main.startsWith('8')) main = `7${main.slice(1)}`;
		else if (main.startsWith('0')) main = main.slice(1);
	}
	return main;
}

export function findByCommEmailKey(raw: string): string {
	return String(raw).trim().toLowerCase();
}
