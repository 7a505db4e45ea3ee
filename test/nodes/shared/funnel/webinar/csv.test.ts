import { detectDelimiter, parseCsv } from '../../../../../nodes/shared/funnel/webinar/csv';

describe('CSV as spreadsheets write it', () => {
	test('quotes, doubled quotes, line breaks inside quotes, CRLF and a byte-order mark', () => {
		const text = '\uFEFFИмя,Комментарий\r\n"Иванов, Иван","Сказал ""да""\r\nи ушёл"\r\nПётр,\r\n';
		expect(parseCsv(text)).toEqual([
			['Имя', 'Комментарий'],
			['Иванов, Иван', 'Сказал "да"\r\nи ушёл'],
			['Пётр', ''],
		]);
	});

	test('detects the semicolon of Russian Excel, tabs and commas, despite a preamble', () => {
		expect(detectDelimiter('Имя;Почта;Минут\nИван;i@i.ru;5\n')).toBe(';');
		expect(detectDelimiter('Name\tEmail\nIvan\ti@i.ru\n')).toBe('\t');
		expect(detectDelimiter('Attendee Report,\nTopic,Webinar ID,Start\n"a, b",1,2\n')).toBe(',');
		expect(detectDelimiter('"Иванов; Иван",5\n"Петров; Пётр",6\n')).toBe(',');
	});

	test('a last line without a line break is kept', () => {
		expect(parseCsv('a,b\n1,2')).toEqual([
			['a', 'b'],
			['1', '2'],
		]);
	});
});
