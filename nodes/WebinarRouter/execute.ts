import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { parseActivityButtons } from '../shared/funnel/webinar/buttons';
import type { WebinarFormat } from '../shared/funnel/webinar/detect';
import type { DurationUnit } from '../shared/funnel/webinar/duration';
import { webinarDateOf } from '../shared/funnel/webinar/reportTime';
import {
	routeWebinarAttendance,
	type WebinarInput,
	type WebinarRouting,
} from '../shared/funnel/webinar/route';
import { WEBINAR_SEGMENTS, type SegmentPrecedence } from '../shared/funnel/webinar/segment';
import type { UnreadableRow } from '../shared/funnel/webinar/types';
import { readAttendanceFile } from './csvFile';

const UNREADABLE = WEBINAR_SEGMENTS.length;

interface RouterOptions {
	bareDurationUnit?: DurationUnit;
	defaultCountry?: string;
	managerTag?: string;
	timezone?: string;
}

/**
 * Webinar Router: the whole input is one webinar's attendance (a report, its rows, or files), so parameters are
 * read once, rows of one person are merged across items, and each person leaves on one output. Every item that
 * yields no person (a notice, a header row, an unreadable row) leaves on Unreadable with its reason.
 */
export async function executeWebinarRouter(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], [], [], [], []];
	if (items.length === 0) return outputs;
	const settings = readSettings.call(this);
	const inputMode = this.getNodeParameter('inputMode', 0) as 'json' | 'file';

	const inputs: WebinarInput[] = [];
	const unreadableFiles: UnreadableRow[] = [];
	for (let i = 0; i < items.length; i++) {
		if (inputMode === 'json') {
			inputs.push({ itemIndex: i, json: items[i].json });
			continue;
		}
		try {
			const field = this.getNodeParameter('binaryPropertyName', i) as string;
			this.helpers.assertBinaryData(i, field);
			const file = readAttendanceFile(await this.helpers.getBinaryDataBuffer(i, field));
			if (file.kind === 'csv') inputs.push({ itemIndex: i, csv: file.text });
			else for (const json of file.items) inputs.push({ itemIndex: i, json });
		} catch (error) {
			if (!this.continueOnFail()) {
				throw new NodeOperationError(this.getNode(), (error as Error).message, {
					itemIndex: i,
					description:
						'Attach the CSV file (or a JSON export) to the item (for example with Read/Write Files from Disk or a Form Trigger) and name its binary field here.',
				});
			}
			unreadableFiles.push({
				itemIndex: i,
				source: null,
				reason: (error as Error).message,
				rowNumber: null,
				row: items[i].json,
			});
		}
	}

	const result = routeWebinarAttendance(inputs, settings);
	for (const attendee of result.attendees) {
		outputs[WEBINAR_SEGMENTS.indexOf(attendee.segment)].push({
			json: attendee.card as unknown as IDataObject,
			pairedItem: pairedItems(attendee.itemIndexes),
		});
	}
	for (const problem of [...unreadableFiles, ...result.unreadable]) {
		outputs[UNREADABLE].push({
			json: {
				reason: problem.reason,
				source: problem.source,
				rowNumber: problem.rowNumber,
				row: problem.row as IDataObject,
			},
			// A person merged from several items names them all: none of those items is lost.
			pairedItem: problem.itemIndexes
				? pairedItems(problem.itemIndexes)
				: { item: problem.itemIndex },
		});
	}
	return outputs;
}

function readSettings(this: IExecuteFunctions): WebinarRouting {
	const options = this.getNodeParameter('options', 0, {}) as RouterOptions;
	const zone = (options.timezone || 'Europe/Moscow').trim();
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		throw new NodeOperationError(this.getNode(), `Unknown time zone "${zone}"`, {
			itemIndex: 0,
			description:
				'Use an IANA time zone name such as Europe/Moscow or Asia/Almaty (Options → Time Zone).',
		});
	}
	const threshold = Number(this.getNodeParameter('thresholdMinutes', 0, 60));
	if (!Number.isFinite(threshold) || threshold < 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Minutes Threshold must be a number of minutes, not "${threshold}"`,
			{
				itemIndex: 0,
				description: 'Set Minutes Threshold to 0 or more, for example 60.',
			},
		);
	}
	const dateText = String(this.getNodeParameter('webinarDate', 0, '') ?? '').trim();
	const webinarDate = dateText ? webinarDateOf(dateText, zone) : null;
	if (dateText && !webinarDate) {
		throw new NodeOperationError(this.getNode(), `Webinar Date "${dateText}" is not a date`, {
			itemIndex: 0,
			description:
				'Write it as 13.09.2021 or 2021-09-13, or leave it empty to take the date from the report.',
		});
	}
	const text = (name: string) => String(this.getNodeParameter(name, 0, '') ?? '').trim();
	return {
		format: this.getNodeParameter('format', 0, 'auto') as WebinarFormat,
		thresholdMinutes: threshold,
		activityButtons: parseActivityButtons(text('activityButtons')),
		precedence: this.getNodeParameter('precedence', 0, 'activityFirst') as SegmentPrecedence,
		targetStages: {
			showedActivity: text('stageShowedActivity'),
			stayedLong: text('stageStayedLong'),
			stayedShort: text('stageStayedShort'),
			didNotAttend: text('stageDidNotAttend'),
		},
		webinarDate,
		webinarTitle: text('webinarTitle') || null,
		managerTag: (options.managerTag ?? '').trim() || null,
		zone,
		defaultCountry: options.defaultCountry ?? 'RU',
		bareDurationUnit: options.bareDurationUnit ?? 'minutes',
	};
}

function pairedItems(itemIndexes: number[]): IPairedItemData | IPairedItemData[] {
	return itemIndexes.length === 1
		? { item: itemIndexes[0] }
		: itemIndexes.map((item) => ({ item }));
}
