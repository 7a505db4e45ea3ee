import { callCases, formSubmissions, webinarAttendees, type KnownPerson } from '../../scripts/bench/data';
import { classifyAttendees } from '../../scripts/bench/scenarios/webinarImport';

const clients: KnownPerson[] = Array.from({ length: 400 }, (_, i) => ({
	name: `Клиент ${i}`,
	phone: `+7 (903) ${String(1_000_000 + i).slice(-7, -4)}-${String(i).padStart(4, '0').slice(0, 2)}-${String(i).padStart(4, '0').slice(2)}`,
	email: i % 3 === 0 ? null : `client${i}@mail.ru`,
}));

describe('benchmark inputs', () => {
	test('webinar attendees: about a fifth are clients already, found by our dedup core though spelled differently', () => {
		const attendees = webinarAttendees(2_000, clients, 0.2);
		const split = classifyAttendees(attendees, clients);
		expect(split.clients + split.repeated + split.newPeople).toBe(2_000);
		expect(split.clients / 2_000).toBeGreaterThan(0.15);
		expect(split.clients / 2_000).toBeLessThan(0.25);
		expect(split.repeated).toBeGreaterThan(0);
		// A client comes back with another spelling, never the stored one.
		const again = attendees.find((a) => String(a.name).startsWith('Клиент'))!;
		expect(clients.some((c) => c.phone === again.phone || c.email === again.email)).toBe(false);
	});

	test('the same seed gives the same data, so every run measures the same work', () => {
		expect(formSubmissions(50)).toEqual(formSubmissions(50));
		expect(callCases(20).map((c) => c.phone)).toEqual(callCases(20).map((c) => c.phone));
	});

	test('form submissions include the unusable ones Lead Normalize must send to Invalid', () => {
		const forms = formSubmissions(2_000);
		const withoutContact = forms.filter((f) => !f.Email && (!f.Phone || String(f.Phone).length < 5));
		expect(withoutContact.length).toBeGreaterThan(20);
		expect(withoutContact.length).toBeLessThan(120);
	});

	test('call cases are real PBX payloads with the lead\'s number in them and 0–8 earlier calls', () => {
		const cases = callCases(120);
		expect(cases.every((c) => JSON.stringify(c.payload).includes(c.phone.slice(1)))).toBe(true);
		expect(new Set(cases.map((c) => c.history.length)).size).toBeGreaterThan(5);
		expect(cases.filter((c) => !c.phone.startsWith('+7')).length).toBe(6);
	});
});
