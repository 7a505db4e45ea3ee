/** One emulated portal per test file, with a harness holding its credential; reset before each test by default. */
import { start, type RunningEmulator, type StartOptions } from '../../emulators/bitrix24';
import { controlCall } from '../../emulators/bitrix24/testClient';
import type { WorkflowHarness } from '../../harness/runWorkflow';
import { bitrix24Harness } from './nodeHarness';

export interface TestPortal {
	emu: RunningEmulator;
	harness: WorkflowHarness;
}

export function testPortal(options: StartOptions = {}, { resetEach = true } = {}): TestPortal {
	const portal = {} as TestPortal;
	beforeAll(async () => {
		portal.emu = await start(options);
		portal.harness = bitrix24Harness(portal.emu.webhook);
	});
	afterAll(() => portal.emu.close());
	if (resetEach) beforeEach(() => controlCall(portal.emu.url, 'POST', 'reset'));
	return portal;
}

/** HTTP requests the portal has answered so far. */
export async function requestCount(portal: TestPortal): Promise<number> {
	return (await controlCall(portal.emu.url, 'GET', 'requests')).body.count as number;
}
