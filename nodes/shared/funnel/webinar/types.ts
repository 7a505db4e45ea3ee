/**
 * Webinar attendance, from any platform, in one shape. Parsers turn each source's rows into
 * `AttendanceRow`s; `mergeAttendance` folds rows into one `WebinarAttendee` per person; `webinarSegment`
 * decides the funnel. Times are epoch milliseconds inside the core and ISO strings on output.
 */
import type { ContactReader } from './contacts';

export type WebinarSource = 'bizon365' | 'mtsLink' | 'table' | 'zoom';

/** Which webinar a row belongs to. Shared by reference between the rows of one report. */
export interface WebinarInfo {
	/** Rows merge into one person only within one session: its id, a date column's value, or '' for one report. */
	key: string;
	/** The platform's id of this session (Bizon webinarId, MTS Link event session id, Zoom webinar id). */
	id: string | null;
	/** Local calendar date of the session, yyyy-MM-dd. */
	date: string | null;
	title: string | null;
}

/**
 * How a person's rows add up. `sum`: every row is a separate stretch of viewing (a Zoom re-join, an MTS Link
 * connection). `union`: rows are first-in/last-out spans that may overlap (two Bizon365 viewer records of one
 * person in two tabs), so overlapping time is counted once.
 */
export type TimeMerge = 'sum' | 'union';

/** What is known of a viewer: in one row as the source reports it, or in a person after merging rows. */
export interface ViewerFacts {
	source: WebinarSource;
	name: string;
	/** Trimmed and lower-cased; null when absent or not an address. */
	email: string | null;
	/** E.164; null when absent or not a phone. */
	phone: string | null;
	phoneRaw: string | null;
	/** Seconds watched; null when the source did not say. */
	seconds: number | null;
	joinedAt: number | null;
	leftAt: number | null;
	/** Button, banner and file names the viewer clicked, as the source names them. */
	buttons: string[];
	/** False for a registrant the source lists as not having come. */
	attended: boolean;
	/** Watched to the end (Bizon365 `finished`, a "Досмотрел" column); null when unknown. */
	finished: boolean | null;
	managerTag: string | null;
	webinar: WebinarInfo;
	utm: Record<string, string> | null;
	city: string | null;
	chatMessages: number | null;
}

/** One viewing record as a source reports it, before rows of the same person are merged. */
export interface AttendanceRow extends ViewerFacts {
	/** The input item the row came from (for n8n's pairedItem). */
	itemIndex: number;
	/** The platform's own person id (Zoom registrant/participant id, MTS Link user id, Bizon365 viewer id). */
	sourceId: string | null;
	timeMerge: TimeMerge;
}

/** A row or a whole item the router could not read, with the reason said for a person. */
export interface UnreadableRow {
	itemIndex: number;
	/** Every input item behind it, when rows of several items were merged into one person. */
	itemIndexes?: number[];
	source: WebinarSource | null;
	reason: string;
	/** 1-based row number inside a file or report, when the item held many rows. */
	rowNumber: number | null;
	row: unknown;
}

/** What a parser found in one input item. */
export interface ParsedRows {
	rows: AttendanceRow[];
	unreadable: UnreadableRow[];
	webinar?: WebinarInfo;
}

/** One person after all their rows were merged. */
export interface WebinarAttendee extends ViewerFacts {
	/** Input items the person's rows came from, ascending. */
	itemIndexes: number[];
	/** How many rows were merged (re-joins, connections, duplicate registrations). */
	rowCount: number;
}

/** What every parser needs besides the item: normalisers, the time zone of zone-less times, the item index. */
export interface ReadContext {
	contacts: ContactReader;
	/** IANA zone for times and dates written without one. */
	zone: string;
	itemIndex: number;
}
