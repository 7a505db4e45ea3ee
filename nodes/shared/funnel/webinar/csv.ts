/**
 * CSV as spreadsheets and webinar platforms write it: RFC 4180 quoting (quotes doubled inside quoted cells,
 * line breaks inside quotes), CRLF or LF, a UTF-8 byte-order mark, and the delimiter Russian Excel uses (`;`)
 * as well as `,` and tab, detected from the text.
 */

const CANDIDATES = [',', ';', '\t'];

/** The delimiter that splits the first lines most consistently. */
export function detectDelimiter(text: string): string {
	const lines = text.split(/\r?\n/, 20).filter((line) => line.trim() !== '');
	let best = ',';
	let bestScore = -1;
	for (const delimiter of CANDIDATES) {
		const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
		const widest = Math.max(0, ...counts);
		// Lines of the widest table count most; a preamble line with fewer cells does not spoil the choice.
		const score = counts.filter((c) => c === widest && c > 0).length * widest;
		if (score > bestScore) {
			best = delimiter;
			bestScore = score;
		}
	}
	return best;
}

export function parseCsv(input: string, delimiter = detectDelimiter(input)): string[][] {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i++;
				} else {
					quoted = false;
				}
			} else {
				cell += ch;
			}
		} else if (ch === '"' && cell === '') {
			quoted = true;
		} else if (ch === delimiter) {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else {
			cell += ch;
		}
	}
	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

function countOutsideQuotes(line: string, delimiter: string): number {
	let count = 0;
	let quoted = false;
	for (const ch of line) {
		if (ch === '"') quoted = !quoted;
		else if (ch === delimiter && !quoted) count++;
	}
	return count;
}
