import { describeFaultSuite } from './runSchedules';

/** Bitrix24: the funnel nodes wait 60 s for an answer, so schedules here have no timeouts (the adapter suite covers them). */
describe('every CRM-writing node on Bitrix24 under seeded fault schedules (real limits on)', () => {
	describeFaultSuite('bitrix24', { timeouts: false });
});
