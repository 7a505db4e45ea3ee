import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

describe('the unit project runs no server, connection or process', () => {
	test('starting a server, connecting or spawning fails with where the test belongs', () => {
		expect(() => http.createServer().listen(0)).toThrow(
			'A unit test may not start a server: move this test to the node project',
		);
		expect(() => net.connect(80, 'localhost')).toThrow('may not open a network connection');
		expect(() => execFileSync('true')).toThrow('may not start a process');
	});
});
