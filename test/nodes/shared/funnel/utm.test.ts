import {
	collectUtm,
	parseUtmPairs,
	readCookie,
	utmFromTildaCookies,
} from '../../../../nodes/shared/funnel/utm';

describe('UTM tags', () => {
	test.each([
		[
			'utm_source=yandex&utm_medium=cpc&utm_campaign=autumn',
			{ utm_source: 'yandex', utm_medium: 'cpc', utm_campaign: 'autumn' },
		],
		[
			'https://site.ru/landing?utm_source=vk&utm_term=%D0%BA%D1%83%D1%80%D1%81#form',
			{ utm_source: 'vk', utm_term: 'курс' },
		],
		['?UTM_SOURCE=Google&utm_content=banner+1', { utm_source: 'Google', utm_content: 'banner 1' }],
		[
			'utm_source%3Dtilda%7C%7C%7Cutm_campaign%3Dautumn',
			{ utm_source: 'tilda', utm_campaign: 'autumn' },
		],
		['utm_source=tilda|||amp;utm_medium=email', { utm_source: 'tilda', utm_medium: 'email' }],
		['utm_source=a&utm_source=b', { utm_source: 'a' }],
		['yclid=123&utm_source=yandex', { yclid: '123', utm_source: 'yandex' }],
		['', {}],
		['https://site.ru/', {}],
	])('parses %j', (input, expected) => {
		expect(parseUtmPairs(input)).toEqual(expected);
	});

	test('reads UTM from the TILDAUTM cookie of a Tilda COOKIES string', () => {
		const cookies =
			'_ym_uid=1; TILDAUTM=utm_source%3Dyandex%7C%7C%7Cutm_medium%3Dcpc%7C%7C%7Cutm_campaign%3Dwebinar; tildauid=2';
		expect(readCookie(cookies, 'tildauid')).toBe('2');
		expect(utmFromTildaCookies(cookies)).toEqual({
			utm_source: 'yandex',
			utm_medium: 'cpc',
			utm_campaign: 'webinar',
		});
		expect(utmFromTildaCookies('_ym_uid=1')).toEqual({});
	});

	test('explicit fields win over the page URL, which wins over cookies', () => {
		const { utm, clickIds } = collectUtm(
			{ utm_source: 'form', utm_medium: '' },
			{ utm_source: 'url', utm_medium: 'cpc', gclid: 'g1' },
			{ utm_medium: 'cookie', utm_campaign: 'c' },
		);
		expect(utm).toEqual({ source: 'form', medium: 'cpc', campaign: 'c', content: '', term: '' });
		expect(clickIds).toEqual({ gclid: 'g1' });
	});
});
