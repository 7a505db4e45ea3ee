import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import { fixtureJson, fixtureText } from '../shared/funnel/webinar/helpers';
import workflow from './webinarRouter.workflow.json';

const fixture = workflow as unknown as WorkflowJson;
const ROUTER = 'Route attendees';

function withParameters(parameters: INodeParameters): WorkflowJson {
	const copy = structuredClone(fixture);
	const node = copy.nodes.find((n) => n.name === ROUTER)!;
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

function csvItem(
	text: string,
	encoding: 'utf8' | 'windows-1251' = 'utf8',
	fileName = 'attendees.csv',
): INodeExecutionData {
	const bytes = encoding === 'utf8' ? Buffer.from(text, 'utf8') : encode1251(text);
	return {
		json: { fileName },
		binary: { data: { data: bytes.toString('base64'), mimeType: 'text/csv', fileName } },
	};
}

/** Windows-1251 for Cyrillic and ASCII, as Russian Excel saves CSV. */
function encode1251(text: string): Buffer {
	return Buffer.from(
		[...text].map((ch) => {
			const code = ch.codePointAt(0)!;
			if (code < 0x80) return code;
			if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
			if (ch === 'Ё') return 0xa8;
			if (ch === 'ё') return 0xb8;
			throw new Error(`no Windows-1251 byte for ${ch}`);
		}),
	);
}

describe('Webinar Router node (executed by n8n-core WorkflowExecute)', () => {
	const harness = new WorkflowHarness();

	test('routes a Bizon365 report to Showed activity, Stayed ≥ 60, Stayed < 60, and the viewer without time to Unreadable', async () => {
		const result = await harness.run(fixture, {
			trigger: { items: [fixtureJson('bizon365-reports-get.json')] },
		});
		expect(result.status).toBe('success');
		const [activity, long, short, absent, unreadable] = result.outputs(ROUTER);
		expect(activity.map((c) => [c.name, c.activityButtons, c.targetStage])).toEqual([
			['Ольга', ['Рассрочка (Тинькофф)'], 'Проявил активность на вебинаре'],
			['Marat', ['Баннер'], 'Проявил активность на вебинаре'],
			['Сергей', ['Инстаграм'], 'Проявил активность на вебинаре'],
		]);
		expect(long.map((c) => [c.name, c.minutesWatched, c.segment, c.targetStage])).toEqual([
			['Ирина', 118, 'Stayed ≥ 60 min', 'Был на вебинаре более часа'],
		]);
		expect(short.map((c) => [c.dealName, c.webinarDate, c.watched])).toEqual([
			['ang5350@yandex.ru, Анжелика', '2021-09-13', '30 мин'],
		]);
		expect(absent).toEqual([]);
		expect(unreadable).toEqual([
			{
				reason:
					'the source does not say how long this person watched, and no activity button was clicked',
				source: 'bizon365',
				rowNumber: null,
				row: { name: 'Без времени', email: 'notime@example.com', phone: null, buttonsClicked: [] },
			},
		]);
		expect(result.items('Showed activity')).toHaveLength(3);
		expect(result.items('Unreadable')).toHaveLength(1);
	});

	test('merges rows split into items (n8n splits an API array) and links each person to all of their items', async () => {
		const participants = fixtureJson<{ participants: IDataObject[] }>(
			'zoom-webinar-participants.json',
		).participants;
		const result = await harness.run(fixture, { trigger: { items: participants } });
		const [, long, short] = result.outputs(ROUTER);
		expect(long.map((c) => [c.name, c.minutesWatched, c.sessions])).toEqual([
			['Иван Петров', 65, 2],
			['Ольга', 65, 2],
		]);
		expect(short.map((c) => [c.name, c.minutesWatched])).toEqual([['Guest Maria', 35]]);
		expect(result.rawItems(ROUTER, 1).map((i) => i.pairedItem)).toEqual([
			[{ item: 0 }, { item: 1 }],
			[{ item: 4 }, { item: 5 }],
		]);
	});

	test('Bizon365 getviewers (API v2): a phone-only viewer who came twice is one person with both visits', async () => {
		const result = await harness.run(withParameters({ format: 'bizon365' }), {
			trigger: { items: [fixtureJson('bizon365-getviewers-v2.json')] },
		});
		const [activity, long] = result.outputs(ROUTER);
		expect(long.map((c) => [c.name, c.minutesWatched])).toEqual([['Пётр', 60]]);
		expect(
			activity.map((c) => [c.dealName, c.minutesWatched, c.sessions, c.activityButtons]),
		).toEqual([['+79250001122, Анна', 35, 2, ['Баннер']]]);
	});

	test('reads a Russian Excel CSV file (Windows-1251, semicolons) from a binary field', async () => {
		const result = await harness.run(withParameters({ inputMode: 'file', format: 'table' }), {
			trigger: { outputs: [[csvItem(fixtureText('table-ru.csv'), 'windows-1251')]] },
		});
		expect(result.status).toBe('success');
		const [activity, long, short, absent, unreadable] = result.outputs(ROUTER);
		expect(activity.map((c) => c.name)).toEqual(['Ирина']);
		expect(long.map((c) => c.name)).toEqual(['Ольга', 'Марат', 'Пётр', 'Анна', 'Сергей']);
		expect(short.map((c) => [c.name, c.managerTag])).toEqual([['Анжелика', 'Наталья']]);
		expect(absent.map((c) => c.name)).toEqual(['Елена "Лена"']);
		expect(unreadable.map((u) => [u.rowNumber, u.source])).toEqual([
			[10, 'table'],
			[11, 'table'],
		]);
		expect(
			result.rawItems(ROUTER, 1).every((i) => JSON.stringify(i.pairedItem) === '{"item":0}'),
		).toBe(true);
	});

	test('reads the Zoom portal CSV with its preamble from a file', async () => {
		const result = await harness.run(withParameters({ inputMode: 'file' }), {
			trigger: { outputs: [[csvItem(fixtureText('zoom-meeting-participants.csv'))]] },
		});
		const [, long, short, , unreadable] = result.outputs(ROUTER);
		expect(short.map((c) => [c.name, c.minutesWatched, c.webinarTitle, c.webinarId])).toEqual([
			['Анжелика', 30, 'Больше чем игрушка: вебинар', '812 3456 7890'],
		]);
		expect(long.map((c) => [c.name, c.minutesWatched, c.sessions])).toEqual([
			['Ирина Ковалёва (Irina K)', 65, 2],
		]);
		expect(unreadable.map((u) => u.reason)).toEqual(['the host of the meeting, not an attendee']);
	});

	test('reads JSON exports from files: a Zoom report page, MTS Link statistics and Bizon365 viewers, each recognised', async () => {
		const file = (name: string, json: unknown): INodeExecutionData => {
			const bytes = Buffer.from(JSON.stringify(json, null, 2), 'utf8');
			return {
				json: { fileName: name },
				binary: {
					data: { data: bytes.toString('base64'), mimeType: 'application/json', fileName: name },
				},
			};
		};
		const zoom = await harness.run(withParameters({ inputMode: 'file' }), {
			trigger: {
				outputs: [[file('zoom.json', fixtureJson('zoom-webinar-participants.json'))]],
			},
		});
		const zoomPeople = zoom.outputs(ROUTER).slice(0, 4).flat();
		expect(zoomPeople.length).toBeGreaterThan(0);
		expect(zoomPeople.every((c) => c.source === 'zoom')).toBe(true);
		expect(zoom.items(ROUTER, 4)).toEqual([]);

		const mts = await harness.run(withParameters({ inputMode: 'file' }), {
			trigger: { outputs: [[file('stats.json', fixtureJson('mts-link-stats-users.json'))]] },
		});
		const mtsPeople = mts.outputs(ROUTER).slice(0, 4).flat();
		expect(mtsPeople.length).toBeGreaterThan(0);
		expect(mtsPeople.every((c) => c.source === 'mtsLink')).toBe(true);
		expect(mts.items(ROUTER, 3).length).toBeGreaterThan(0);

		const bizon = await harness.run(withParameters({ inputMode: 'file' }), {
			trigger: {
				outputs: [[file('viewers.json', fixtureJson('bizon365-getviewers-v2.json'))]],
			},
		});
		const bizonPeople = bizon.outputs(ROUTER).slice(0, 4).flat();
		expect(bizonPeople.length).toBeGreaterThan(0);
		expect(bizonPeople.every((c) => c.source === 'bizon365')).toBe(true);
		// Every person names the file's item: nothing is lost.
		expect(
			bizon.rawItems(ROUTER, 0).every((i) => JSON.stringify(i.pairedItem) === '{"item":0}'),
		).toBe(true);
	});

	test('a file that looks like JSON but does not parse is read as CSV, and says what it found', async () => {
		const result = await harness.run(withParameters({ inputMode: 'file' }), {
			trigger: { outputs: [[csvItem('{ not json at all')]] },
		});
		const [unreadable] = result.items(ROUTER, 4);
		expect(String(unreadable.reason)).toMatch(/^no attendee table in the file/);
	});

	test('MTS Link users: a registrant without connections goes to Did not attend', async () => {
		const result = await harness.run(withParameters({ format: 'mtsLink' }), {
			trigger: { items: fixtureJson<IDataObject[]>('mts-link-stats-users.json') },
		});
		const [, long, short, absent] = result.outputs(ROUTER);
		expect(long.map((c) => c.name)).toEqual(['Нина Смирнова']);
		expect(short.map((c) => c.name)).toEqual(['Павел Ильич Орлов']);
		expect(absent).toEqual([
			expect.objectContaining({
				name: 'Елена Кузнецова',
				targetStage: 'Не был на вебинаре',
				webinarDate: '2023-04-21',
			}),
		]);
	});

	test("applies the threshold, duration-first precedence, the user's stage names, date and manager tag", async () => {
		const custom = withParameters({
			thresholdMinutes: 30,
			precedence: 'durationFirst',
			stageStayedLong: 'Досмотрел',
			webinarDate: '14.09.2021',
			options: { managerTag: 'Наталья' },
		});
		const result = await harness.run(custom, {
			trigger: { items: [fixtureJson('bizon365-reports-get.json')] },
		});
		const [activity, long] = result.outputs(ROUTER);
		expect(activity.map((c) => c.name)).toEqual([]);
		expect(long.map((c) => [c.name, c.segment, c.targetStage])).toEqual([
			['Анжелика', 'Stayed ≥ 30 min', 'Досмотрел'],
			['Ирина', 'Stayed ≥ 30 min', 'Досмотрел'],
			['Ольга', 'Stayed ≥ 30 min', 'Досмотрел'],
			['Marat', 'Stayed ≥ 30 min', 'Досмотрел'],
			['Сергей', 'Stayed ≥ 30 min', 'Досмотрел'],
		]);
		expect(long[0]).toMatchObject({ webinarDate: '2021-09-14', managerTag: 'Наталья' });
	});

	test('tells the user to fetch the report when given an end-of-webinar notification', async () => {
		const result = await harness.run(fixture, {
			trigger: {
				items: [
					{
						event: 'eventSession.ended',
						occurredAt: '2023-04-21T16:00+03:00',
						data: { eventSessionId: 33333333 },
					},
				],
			},
		});
		expect(result.items(ROUTER, 4)).toEqual([
			expect.objectContaining({ reason: expect.stringContaining('/v3/stats/users?eventId=') }),
		]);
	});

	test('stops with a clear error when the file is missing, naming the item', async () => {
		const result = await harness.run(withParameters({ inputMode: 'file' }), {
			trigger: { items: [{ note: 'no file' }] },
		});
		expect(result.status).toBe('error');
		const error = result.nodeError(ROUTER) as Error & {
			description?: string;
			context?: IDataObject;
		};
		expect(error.message).toContain('data');
		expect(error.description).toContain('Attach the CSV file');
		expect(error.context?.itemIndex).toBe(0);
	});

	test('with "On Error: Continue" a missing file goes to Unreadable and the other files are still read', async () => {
		const lenient = withParameters({ inputMode: 'file' });
		lenient.nodes.find((n) => n.name === ROUTER)!.onError = 'continueRegularOutput';
		const result = await harness.run(lenient, {
			trigger: { outputs: [[{ json: { note: 'no file' } }, csvItem('Имя,Минут\nИван,90\n')]] },
		});
		expect(result.status).toBe('success');
		expect(result.items(ROUTER, 1).map((c) => c.name)).toEqual(['Иван']);
		expect(
			result.rawItems(ROUTER, 4).map((i) => [i.pairedItem, (i.json.reason as string).length > 0]),
		).toEqual([[{ item: 0 }, true]]);
	});

	test.each([
		[
			{ options: { timezone: 'Mars/Olympus' } },
			'Unknown time zone "Mars/Olympus"',
			'IANA time zone',
		],
		[{ webinarDate: 'вчера' }, 'Webinar Date "вчера" is not a date', '13.09.2021'],
		[{ thresholdMinutes: -5 }, 'Minutes Threshold must be a number of minutes, not "-5"', '60'],
	])(
		'refuses a bad parameter %p with a message and what to do',
		async (parameters, message, hint) => {
			const result = await harness.run(withParameters(parameters), {
				trigger: { items: [{ Имя: 'Иван', Минут: 90 }] },
			});
			const error = result.nodeError(ROUTER) as Error & { description?: string };
			expect(error.message).toBe(message);
			expect(error.description).toContain(hint);
		},
	);

	test('routes 50,000 attendee rows, each accounted for exactly once', async () => {
		const rows: IDataObject[] = [];
		for (let i = 0; i < 50_000; i++) {
			rows.push({
				Имя: `Зритель ${i}`,
				Почта: `viewer${i}@mail.ru`,
				Телефон: `8 (916) ${String(i).padStart(7, '0')}`,
				Минут: i % 121,
				Кнопки: i % 10 === 0 ? 'Подарок' : '',
			});
		}
		const result = await harness.run(fixture, { trigger: { items: rows } });
		const counts = result.outputs(ROUTER).map((o) => o.length);
		// i % 10 === 0 → activity; else minutes = i % 121: ≥ 60 → long, 1–59 → short, 0 → did not attend.
		const expected = [0, 0, 0, 0, 0];
		for (let i = 0; i < 50_000; i++)
			expected[i % 10 === 0 ? 0 : i % 121 >= 60 ? 1 : i % 121 > 0 ? 2 : 3]++;
		expect(expected[3]).toBeGreaterThan(0);
		expect(counts).toEqual(expected);
	});
});
