import { callTimeIso } from '../../../../../nodes/shared/funnel/calls/callTime';
import { toIsoTimestamp } from '../../../../../nodes/shared/funnel/timestamp';

describe("a call's wall-clock time, read in the account's zone", () => {
	test.each([
		['2024-03-15 11:00:00', 'Europe/Moscow'],
		['2024-03-15 11:00', 'Asia/Yekaterinburg'],
		['2024-03-15T23:59:59', 'UTC+5'],
		['2024-03-31 02:30:00', 'Europe/Berlin'],
		['2024-10-27 02:30:00', 'Europe/Berlin'],
		['2024-07-01 09:15:00', 'America/New_York'],
		['2024-02-30 10:00:00', 'Europe/Moscow'],
		['2024-03-15 24:00:00', 'Europe/Moscow'],
		['15.03.2024 11:00', 'Europe/Moscow'],
		['1710493200', 'Europe/Moscow'],
	])('%s in %s: as the timestamp core reads it', (text, zone) => {
		expect(callTimeIso(text, zone)).toEqual(toIsoTimestamp(text, zone));
	});
});
