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
	const separator = delimiter.charCodeAt(0);
	const rows: string[][] = [];
	let row: string[] = [];
	let i = 0;
	const length = text.length;
	while (i < length) {
		let cell: string;
		if (text.charCodeAt(i) === QUOTE) {
			// Quoted cell: runs to the closing quote; "" inside is one quote.
			let value = '';
			let from = i + 1;
			for (;;) {
				const close = text.indexOf('"', from);
				if (close === -1) {
					value += text.slice(from);
					i = length;
					break;
				}
				value += text.slice(from, close);
				if (text.charCodeAt(close + 1) === QUOTE) {
					value += '"';
					from = close + 2;
				} else {
					i = close + 1;
					break;
				}
			}
			// Anything between the closing quote and the delimiter is kept, as spreadsheets do.
			const start = i;
			while (i < length && !isBoundary(text.charCodeAt(i), separator)) i++;
			cell = value + text.slice(start, i);
		} else {
			const start = i;
			while (i < length && !isBoundary(text.charCodeAt(i), separator)) i++;
			cell = text.slice(start, i);
		}
		row.push(cell);
		if (i >= length) break;
		const code = text.charCodeAt(i);
		i++;
		if (code === separator) {
			if (i === length) row.push('');
			continue;
		}
		if (code === CR && text.charCodeAt(i) === LF) i++;
		rows.push(row);
		row = [];
	}
	if (row.length > 0) rows.push(row);
	return rows;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

function isBoundary(code: number, separator: number): boolean {
	return code === separator || code === LF || code === CR;
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
