/**
 * `npm run demo`: the whole funnel on this machine.
 * Starts the amoCRM and Bitrix24 emulators with their seeded demo accounts, a real n8n (production mode) with this
 * package installed the Community-Nodes way, creates the credentials, imports every template (webhook ones published)
 * and prints what a person needs: the editor and its login, the API key, every webhook URL, the emulators' tokens
 * and board pages, and a few things to try. The same is saved to `.cache/demo/access.txt`. Ctrl-C stops everything.
 *
 * The first run installs Node 24 and n8n into `.cache/` (minutes): a progress line shows what is being installed.
 * Ports: n8n 5678, amoCRM 3101, Bitrix24 3102 (override with DEMO_N8N_PORT, DEMO_AMOCRM_PORT, DEMO_BITRIX24_PORT).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { accessSheet, setUpDemoTemplates, type DemoTemplates } from './lib/demoSetup';
import { ROOT } from './lib/realN8n';
import { startStack, type Stack, type StackProgress } from './lib/stack';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ACCESS_FILE = path.join(ROOT, '.cache', 'demo', 'access.txt');

const elapsed = (since: number) => {
	const s = Math.round((Date.now() - since) / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/**
 * One status line: a spinner, the time since start and what each line of work is doing (with percentages where the
 * number of packages is known). On a terminal it is redrawn in place; otherwise a line is printed when a step changes.
 */
function progressDisplay(started: number) {
	const tasks = new Map<string, string>();
	const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
	const tty = process.stdout.isTTY;
	let frame = 0;
	let lastPrinted = '';
	const describe = (p: StackProgress) => {
		if (p.total && p.done !== undefined) {
			const percent = Math.floor((100 * p.done) / p.total);
			return `${p.step}: ${p.done}/${p.total} packages (${percent}%)`;
		}
		return p.step ?? '';
	};
	const line = () => [...tasks.values()].join(' · ');
	const draw = () => {
		const text = line();
		if (!text) return;
		if (tty) {
			const width = process.stdout.columns || 120;
			const out = `${frames[frame++ % frames.length]} ${elapsed(started)}  ${text}`;
			process.stdout.write(`\r\x1b[2K${out.slice(0, width - 1)}`);
		} else {
			// Without a terminal: a line when a step changes or its percentage passes a tenth.
			const key = text.replace(/\d+\/\d+ packages \((\d+)%\)/g, (_m, p) => `${Math.floor(p / 10)}`);
			if (key === lastPrinted) return;
			lastPrinted = key;
			console.log(`[${elapsed(started)}] ${text}`);
		}
	};
	const timer = setInterval(draw, tty ? 120 : 1000);
	return {
		update(p: StackProgress) {
			if (p.finished) tasks.delete(p.task);
			else tasks.set(p.task, describe(p));
			if (!tty) draw();
		},
		stop() {
			clearInterval(timer);
			if (tty) process.stdout.write('\r\x1b[2K');
		},
	};
}

async function main() {
	const started = Date.now();
	// The progress line below says what the installer's own log lines would.
	process.env.SALES_FUNNEL_QUIET ??= '1';
	console.log(
		'Starting the sales-funnel demo (the first run installs n8n into .cache/: a few minutes)…',
	);
	const progress = progressDisplay(started);
	let stack: Stack;
	try {
		stack = await startStack({
			ports: {
				n8n: port('DEMO_N8N_PORT', 5678),
				amocrm: port('DEMO_AMOCRM_PORT', 3101),
				bitrix24: port('DEMO_BITRIX24_PORT', 3102),
			},
			// As n8n runs for real users: answers carry no stack traces.
			n8nEnv: { NODE_ENV: 'production' },
			onProgress: (p) => progress.update(p),
		});
		progress.update({ task: 'start', step: 'importing and publishing the templates' });
	} catch (error) {
		progress.stop();
		throw error;
	}
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping the demo…');
		await stack.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	let demo: DemoTemplates;
	try {
		demo = await setUpDemoTemplates(stack);
	} catch (error) {
		progress.stop();
		await stack.stop();
		throw error;
	}
	progress.stop();

	const text = accessSheet(stack, demo, elapsed(started));
	mkdirSync(path.dirname(ACCESS_FILE), { recursive: true });
	writeFileSync(ACCESS_FILE, text, { mode: 0o600 });
	console.log(text);
	console.log(`(All of the above is also in ${path.relative(process.cwd(), ACCESS_FILE)}.)`);
	console.log('Ctrl-C stops everything.');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
