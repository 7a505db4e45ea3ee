import { readRequestBody } from '../../../../../nodes/shared/funnel/capture/requestBody';

describe('reading the body n8n parsed', () => {
	test('JSON object: one record', () => {
		expect(readRequestBody({ name: 'A' }, 'application/json; charset=utf-8')).toEqual({
			ok: true,
			kind: 'json',
			records: [{ name: 'A' }],
		});
	});

	test('JSON array of objects: one record each', () => {
		expect(readRequestBody([{ a: 1 }, { a: 2 }], 'application/json')).toMatchObject({
			ok: true,
			records: [{ a: 1 }, { a: 2 }],
		});
		expect(readRequestBody([1, 2], 'application/json')).toMatchObject({
			ok: false,
			reason: 'the JSON array holds no objects',
		});
	});

	test('urlencoded: PHP bracket keys become nested objects', () => {
		expect(
			readRequestBody(
				{ 'fields[name]': 'Иван', 'fields[phone]': '8916', utm_source: 'vk' },
				'application/x-www-form-urlencoded',
			),
		).toEqual({
			ok: true,
			kind: 'form',
			records: [{ fields: { name: 'Иван', phone: '8916' }, utm_source: 'vk' }],
		});
	});

	test('multipart: the fields n8n puts in body.data', () => {
		expect(
			readRequestBody(
				{ data: { Name: 'A', Phone: '1' }, files: {} },
				'multipart/form-data; boundary=x',
			),
		).toEqual({
			ok: true,
			kind: 'multipart',
			records: [{ Name: 'A', Phone: '1' }],
		});
		expect(readRequestBody({ data: {}, files: { cv: {} } }, 'multipart/form-data')).toMatchObject({
			ok: false,
			reason: 'the multipart form has no text fields',
		});
	});

	test('plain text: JSON or a query string is read, anything else is refused with the reason', () => {
		expect(readRequestBody('{"name":"A"}', 'text/plain')).toMatchObject({
			ok: true,
			records: [{ name: 'A' }],
		});
		expect(readRequestBody('Name=A&Phone=1&Phone=2', 'text/plain')).toMatchObject({
			ok: true,
			records: [{ Name: 'A', Phone: ['1', '2'] }],
		});
		expect(readRequestBody('{"name":', 'text/plain')).toMatchObject({
			ok: false,
			reason: 'the body looks like JSON but is not valid JSON',
		});
		expect(readRequestBody('hello there', 'text/plain')).toMatchObject({
			ok: false,
			reason: 'the body is plain text, not JSON or form fields',
		});
	});

	test('an empty body is refused', () => {
		expect(readRequestBody({}, 'application/json')).toMatchObject({ ok: false, kind: 'empty' });
		expect(readRequestBody(undefined, '')).toMatchObject({
			ok: false,
			reason: 'the request has no body',
		});
	});
});
