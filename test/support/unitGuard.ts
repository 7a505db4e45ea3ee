/**
 * The unit project's promise: no server, no network connection, no child process — the pure core only, in
 * seconds. A test that needs an emulator or n8n belongs to the node project (jest.config.js lists what is unit).
 * Node's core modules are shared by every test file a Jest worker runs, node-project files included, so the
 * guard is put in place for this file and taken away after it.
 */
import childProcess from 'node:child_process';
import net from 'node:net';

function refuse(what: string): never {
	throw new Error(
		`A unit test may not ${what}: move this test to the node project (jest.config.js, UNIT patterns)`,
	);
}

const guarded: Array<[object, string, (...args: never[]) => unknown]> = [
	[net.Server.prototype, 'listen', () => refuse('start a server')],
	[net.Socket.prototype, 'connect', () => refuse('open a network connection')],
	...(['spawn', 'exec', 'execFile', 'fork', 'spawnSync', 'execSync', 'execFileSync'] as const).map(
		(name): [object, string, () => never] => [childProcess, name, () => refuse('start a process')],
	),
];
const originals = guarded.map(([owner, name]) => (owner as Record<string, unknown>)[name]);

for (const [owner, name, replacement] of guarded)
	(owner as Record<string, unknown>)[name] = replacement;

afterAll(() => {
	guarded.forEach(([owner, name], i) => ((owner as Record<string, unknown>)[name] = originals[i]));
});
