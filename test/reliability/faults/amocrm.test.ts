import { describeFaultSuite } from './runSchedules';

/** amoCRM: the transport's timeout is 30 s, so schedules here have no timeouts (the adapter suite covers them). */
describe('every CRM-writing node on amoCRM under seeded fault schedules (real limits on)', () => {
	describeFaultSuite('amocrm', { timeouts: false });
});
