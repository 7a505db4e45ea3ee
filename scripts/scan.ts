/**
 * `npm run scan`: n8n's own gate for community packages, `@n8n/scan-community-package`, run here before publishing.
 *
 * The scanner itself only takes a package name from the registry (it checks provenance, downloads the tarball and the
 * attested source). This runs the same analysis, its exported `analyzePackage` with its own ESLint configuration, on
 * both of its legs: the packed tarball (`**\/*.js` and `package.json`) and the source (`SOURCE_FILE_PATTERNS`).
 * Any error fails; so does any warning not listed in ACCEPTED_WARNINGS with its reason. The scanner is installed once, from the lockfile in
 * `scripts/scan/`, into `.cache/scanner` (SALES_FUNNEL_SCANNER_CACHE moves it).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { packPackage, ROOT } from './lib/realN8n';

const run = promisify(execFile);
const PINNED = path.join(ROOT, 'scripts', 'scan');
const CACHE = process.env.SALES_FUNNEL_SCANNER_CACHE ?? path.join(ROOT, '.cache', 'scanner');

interface LintMessage {
	ruleId: string | null;
	severity: number;
	message: string;
	line: number;
	column: number;
}

interface Scanner {
	analyzePackage(
		dir: string,
		patterns: string[],
	): Promise<{ passed: boolean; message?: string; details?: string }>;
	buildScanConfig(): Promise<unknown>;
	SOURCE_FILE_PATTERNS: string[];
}

/**
 * Warnings judged and kept, each with why. A warning's text must contain `text` and come from `rule` in `file`.
 * - Bitrix24's inbound-webhook URL is `https://<portal>/rest/<user>/<secret>/`: it is the secret, so the field stays
 *   masked (n8n never sends a password field back to the browser). The rule guesses from the field's name; renaming
 *   the field would empty it in every saved credential.
 */
const ACCEPTED_WARNINGS = [
	{
		rule: '@n8n/community-nodes/credential-unnecessary-password',
		file: 'credentials/Bitrix24WebhookApi.credentials.ts',
		text: "Field 'webhookUrl'",
	},
];

/** Installs the pinned scanner once per lockfile. */
async function ensureScanner(): Promise<string> {
	const lock = readFileSync(path.join(PINNED, 'package-lock.json'));
	const stamp = path.join(CACHE, '.installed');
	const want = createHash('sha256').update(lock).digest('hex');
	const entry = path.join(CACHE, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');
	if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want && existsSync(entry)) return entry;
	console.log('Installing @n8n/scan-community-package (once)…');
	mkdirSync(CACHE, { recursive: true });
	copyFileSync(path.join(PINNED, 'package.json'), path.join(CACHE, 'package.json'));
	copyFileSync(path.join(PINNED, 'package-lock.json'), path.join(CACHE, 'package-lock.json'));
	await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: CACHE,
		maxBuffer: 64 * 1024 * 1024,
	});
	writeFileSync(stamp, want);
	return entry;
}

/** The warnings `analyzePackage` does not report (it fails on errors only), from the same ESLint setup. */
async function warnings(scanner: Scanner, scannerEntry: string, dir: string, patterns: string[]) {
	const require = (await import('node:module')).createRequire(scannerEntry);
	const { ESLint } = require('eslint') as typeof import('eslint');
	const glob = require('fast-glob') as { sync(p: string[], o: object): string[] };
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: (await scanner.buildScanConfig()) as never,
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	return results.flatMap((r) => {
		const file = path.relative(dir, r.filePath);
		const accepted = (m: LintMessage) =>
			ACCEPTED_WARNINGS.some(
				(a) => a.rule === m.ruleId && a.file === file && m.message.includes(a.text),
			);
		return (r.messages as LintMessage[])
			.filter((m) => m.severity === 1 && !accepted(m))
			.map((m) => `${file}:${m.line}:${m.column} ${m.message} (${m.ruleId})`);
	});
}

async function main() {
	const entry = await ensureScanner();
	const scanner = (await import(pathToFileURL(entry).href)) as Scanner;
	const tarball = await packPackage();
	const unpacked = mkdtempSync(path.join(tmpdir(), 'sales-funnel-scan-'));
	let failed = false;
	try {
		await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const legs = [
			{
				name: `packed tarball (${path.basename(tarball)})`,
				dir: unpacked,
				patterns: ['**/*.js', 'package.json'],
			},
			{ name: 'source', dir: ROOT, patterns: scanner.SOURCE_FILE_PATTERNS },
		];
		for (const leg of legs) {
			const result = await scanner.analyzePackage(leg.dir, leg.patterns);
			const warned = await warnings(scanner, entry, leg.dir, leg.patterns);
			const ok = result.passed && warned.length === 0;
			console.log(`${ok ? 'passed' : 'FAILED'}  ${leg.name}`);
			if (!result.passed) console.log(`${result.message ?? ''}\n${result.details ?? ''}`);
			for (const w of warned) console.log(`  warning ${w}`);
			failed ||= !ok;
		}
	} finally {
		rmSync(unpacked, { recursive: true, force: true });
	}
	if (failed) process.exit(1);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
