/**
 * What an uploaded attendance file holds: a JSON export (a Bizon365, Zoom or MTS Link API answer saved to a file —
 * an object, or a list of rows) or a table (CSV). JSON is recognised by its first character and a clean parse;
 * anything else is read as CSV.
 */
export type AttendanceFile =
	{ kind: 'json'; items: Array<Record<string, unknown>> } | { kind: 'csv'; text: string };

export function readAttendanceFile(bytes: Uint8Array): AttendanceFile {
	const text = decodeCsvFile(bytes);
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(trimmed);
		} catch {
			return { kind: 'csv', text };
		}
		const list = Array.isArray(parsed) ? parsed : [parsed];
		return {
			kind: 'json',
			items: list.map((value) =>
				value && typeof value === 'object' && !Array.isArray(value)
					? (value as Record<string, unknown>)
					: { value },
			),
		};
	}
	return { kind: 'csv', text };
}

/**
 * Text of an uploaded CSV file. Exports from Russian Excel are often Windows-1251, Excel's "Unicode text" is
 * UTF-16 with a byte-order mark, everything else UTF-8: strict UTF-8 is tried first, and bytes that are not
 * valid UTF-8 are read as Windows-1251.
 */
export function decodeCsvFile(bytes: Uint8Array): string {
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
		return new TextDecoder('utf-16le').decode(bytes.subarray(2));
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
		return new TextDecoder('utf-16be').decode(bytes.subarray(2));
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return new TextDecoder('windows-1251').decode(bytes);
	}
}
