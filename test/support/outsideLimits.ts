/**
 * A test's own step against a CRM emulator (making a deal, logging a call, moving a deal as a manager would), taken
 * outside the CRM's request limits. The limits are the node's to respect; a test's own requests on the same token
 * would take the node's room (amoCRM: 7 a second, and enough 429s ban the token), which a test could only wait out
 * in real time. The emulator's limiter is switched off for the step and put back as it was after it, so run a step
 * only while no node is running.
 */
import type { CrmWorld } from './crmWorlds';

export async function outsideLimits<T>(world: CrmWorld, step: () => Promise<T>): Promise<T> {
	const enabled = await limitsEnabled(world);
	await world.control('POST', 'limits', { enabled: false });
	try {
		return await step();
	} finally {
		await world.control('POST', 'limits', { enabled });
	}
}

async function limitsEnabled(world: CrmWorld): Promise<boolean> {
	if (world.crm === 'amocrm')
		// amoCRM's control API answers a POST of nothing with the settings as they are.
		return (await world.control<{ limits: { enabled: boolean } }>('POST', 'limits', {})).limits
			.enabled;
	return (await world.control<{ enabled: boolean }>('GET', 'limits')).enabled;
}
