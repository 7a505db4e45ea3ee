import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const MAX_LINES = 400;

function filesUnder(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.posix.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(relative) : [relative];
	});
}

function lineCount(file: string): number {
	const text = readFileSync(path.join(ROOT, file), 'utf8');
	return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('code layout', () => {
	const files = [...filesUnder('nodes'), ...filesUnder('credentials')].map((file) => ({
		file,
		lines: lineCount(file),
	}));

	test('finds the source files', () => {
		expect(files.filter((f) => f.file.endsWith('.node.ts')).length).toBeGreaterThanOrEqual(12);
	});

	test(`no file in nodes/ or credentials/ is longer than ${MAX_LINES} lines: a longer one holds more than one idea`, () => {
		const tooLong = files
			.filter((f) => f.lines > MAX_LINES)
			.map((f) => `${f.file}: ${f.lines} lines`);
		expect(tooLong).toEqual([]);
	});
});
