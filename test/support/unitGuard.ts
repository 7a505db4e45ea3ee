/**
 * The unit project's promise: no server, no child process, no network — the pure core only, in seconds. A test
 * that needs an emulator or n8n belongs to the node project (jest.config.js lists what is unit).
 */
import childProcess from 'node:child_process';
import net from 'node:net';

function refuse(what: string): never {
	throw new Error(
		`A unit test may not ${what}: move this test to the node project (jest.config.js, UNIT patterns)`,
	);
}

net.Server.prototype.listen = function () {
	return refuse('start a server');
} as typeof net.Server.prototype.listen;
net.Socket.prototype.connect = function () {
	return refuse('open a network connection');
} as typeof net.Socket.prototype.connect;
for (const name of [
	'spawn',
	'exec',
	'execFile',
	'fork',
	'spawnSync',
	'execSync',
	'execFileSync',
] as const)
	(childProcess as unknown as Record<string, unknown>)[name] = () => refuse('start a process');
