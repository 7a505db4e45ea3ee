/**
 * Routing a webinar's attendance, start to end, over plain data: read every input (JSON items or CSV files) with
 * the parser of its source, merge rows per person, decide each person's segment, build the cards. Everything
 * that cannot be read comes back with its reason and the item it came from, so nothing is lost.
 */
import { readBizonReport, readBizonViewers } from './bizon365';
import { ActivityButtonMatcher } from './buttons';
import { webinarCard, segmentLabel, type WebinarCard } from './card';
import { ContactReader } from './contacts';
import { readCsvReport } from './csvReport';
import { detectItem, type WebinarFormat } from './detect';
import type { DurationUnit } from './duration';
import { mergeAttendance } from './merge';
import { readMtsLinkUsers } from './mtsLink';
import {
	WEBINAR_SEGMENTS,
	webinarSegment,
	type SegmentPrecedence,
	type WebinarSegment,
} from './segment';
import { TableItemReader } from './tableItems';
import type { AttendanceRow, ParsedRows, ReadContext, UnreadableRow } from './types';
import { readZoomParticipants } from './zoom';

export interface WebinarRouting {
	format: WebinarFormat;
	thresholdMinutes: number;
	activityButtons: string[];
	precedence: SegmentPrecedence;
	targetStages: Record<WebinarSegment, string>;
	/** yyyy-MM-dd; null: from the report. */
	webinarDate: string | null;
	webinarTitle: string | null;
	/** Manager tag for people whose rows name none. */
	managerTag: string | null;
	/** IANA zone of times written without one, and of the webinar's date. */
	zone: string;
	defaultCountry: string;
	/** Unit of bare numbers in a time column whose header does not say ("75"). */
	bareDurationUnit: DurationUnit;
}

export type WebinarInput =
	{ itemIndex: number; json: Record<string, unknown> } | { itemIndex: number; csv: string };

export interface RoutedAttendee {
	segment: WebinarSegment;
	card: WebinarCard;
	itemIndexes: number[];
}

export interface WebinarRoutingResult {
	attendees: RoutedAttendee[];
	unreadable: UnreadableRow[];
}

export function routeWebinarAttendance(
	inputs: Iterable<WebinarInput>,
	settings: WebinarRouting,
): WebinarRoutingResult {
	const buttons = new ActivityButtonMatcher(settings.activityButtons);
	const contacts = new ContactReader(settings.defaultCountry);
	const tableItems = new TableItemReader(buttons, settings.bareDurationUnit);
	const rows: AttendanceRow[] = [];
	const unreadable: UnreadableRow[] = [];

	for (const input of inputs) {
		const context: ReadContext = { contacts, zone: settings.zone, itemIndex: input.itemIndex };
		let parsed: ParsedRows;
		if ('csv' in input) {
			parsed = readCsvReport(input.csv, context, buttons, settings.bareDurationUnit);
		} else {
			const detected = detectItem(input.json, settings.format);
			if (!detected.ok) {
				unreadable.push({
					itemIndex: input.itemIndex,
					source: null,
					reason: detected.reason,
					rowNumber: null,
					row: input.json,
				});
				continue;
			}
			switch (detected.shape) {
				case 'bizon365Report':
					parsed = readBizonReport(detected.json, context);
					break;
				case 'bizon365Viewers':
					parsed = readBizonViewers(detected.json, context);
					break;
				case 'mtsLinkUsers':
					parsed = readMtsLinkUsers(detected.json, context);
					break;
				case 'zoomParticipants':
					parsed = readZoomParticipants(detected.json, context);
					break;
				case 'tableRow':
					parsed = tableItems.read(detected.json, context);
					break;
			}
		}
		for (const row of parsed.rows) rows.push(row);
		for (const problem of parsed.unreadable) unreadable.push(problem);
	}

	const defaults = {
		webinarDate: settings.webinarDate,
		webinarTitle: settings.webinarTitle,
		managerTag: settings.managerTag,
		zone: settings.zone,
	};
	const rule = {
		thresholdMinutes: settings.thresholdMinutes,
		buttons,
		precedence: settings.precedence,
	};
	const labels = {} as Record<WebinarSegment, string>;
	for (const segment of WEBINAR_SEGMENTS)
		labels[segment] = segmentLabel(segment, settings.thresholdMinutes);
	const attendees: RoutedAttendee[] = [];
	for (const attendee of mergeAttendance(rows)) {
		const decision = webinarSegment(attendee, rule);
		if (!decision.ok) {
			unreadable.push({
				itemIndex: attendee.itemIndexes[0],
				itemIndexes: attendee.itemIndexes,
				source: attendee.source,
				reason: decision.reason,
				rowNumber: null,
				row: {
					name: attendee.name,
					email: attendee.email,
					phone: attendee.phone,
					buttonsClicked: attendee.buttons,
				},
			});
			continue;
		}
		attendees.push({
			segment: decision.segment,
			card: webinarCard(
				attendee,
				decision.segment,
				decision.activityButtons,
				labels[decision.segment],
				settings.targetStages[decision.segment],
				defaults,
			),
			itemIndexes: attendee.itemIndexes,
		});
	}
	return { attendees, unreadable };
}
