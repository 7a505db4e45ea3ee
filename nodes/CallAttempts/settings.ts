/**
 * The node's parameters as plain settings. What is the same for the whole run (cadence, actions) is read once and
 * checked before any request; what belongs to one call (its deal ID, the client's zone, earlier calls) per item.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { CrmChoice } from '../shared/crm';
import { cadenceProblems, type Cadence } from '../shared/funnel/calls/cadence';
import { CADENCE_PRESETS, presetOf } from '../shared/funnel/calls/cadencePresets';
import type { FollowUpSettings } from '../shared/funnel/calls/followUp';
import type { ForeignRule } from '../shared/funnel/calls/phoneKind';
import { readTimeZone } from '../shared/funnel/calls/timeZone';
import { normalizePhone, splitPhones } from '../shared/funnel/phone';

export type CallSource =
	'amocrm' | 'auto' | 'bitrix24' | 'custom' | 'mango' | 'onlinePbx' | 'sipuni' | 'uis' | 'zadarma';

export interface CallAttemptsSettings {
	crm: CrmChoice;
	/** What the node's deals are in the CRM: amoCRM leads are deals; Bitrix24 works on deals or leads. */
	dealEntity: 'deal' | 'lead';
	source: CallSource;
	dealLookup: 'id' | 'phone';
	pipeline: string;
	historySource: 'crm' | 'field';
	cadence: Cadence;
	companyZone: string;
	followUp: FollowUpSettings;
	defaultCountry: string;
	handleRepeats: boolean;
	/** Write the call into the deal's history when the history does not hold it yet. */
	logCalls: boolean;
	/** The company's own numbers (E.164), to tell who called when the event does not say. */
	ownNumbers: ReadonlySet<string>;
}

export function readSettings(this: IExecuteFunctions): CallAttemptsSettings {
	const param = <T>(name: string, fallback: T): T =>
		this.getNodeParameter(name, 0, fallback as never) as T;
	const crm = param<CrmChoice>('crm', 'none');
	const options = param<{
		defaultCountry?: string;
		handleRepeats?: boolean;
		companyNumbers?: string;
	}>('options', {});
	const zone = readTimeZone(param('companyTimeZone', 'Europe/Moscow'));
	if (!zone.ok) {
		throw new NodeOperationError(this.getNode(), `Company Time Zone: ${zone.reason}`, {
			description:
				'Write an IANA time zone such as Europe/Moscow or Asia/Almaty, or an offset such as UTC+5 or МСК+2.',
		});
	}
	const historySource = param<'crm' | 'field'>('historySource', 'crm');
	if (crm === 'none' && historySource === 'crm') {
		throw new NodeOperationError(
			this.getNode(),
			'Without a CRM the earlier calls cannot be read from the CRM',
			{
				description:
					'Set "Attempt History From" to "A Field", or choose amoCRM or Bitrix24 as the CRM.',
			},
		);
	}
	const cadence = cadenceOf.call(this, zone.zone);
	const withCrm = crm !== 'none';
	return {
		crm,
		dealEntity: crm === 'bitrix24' ? param<'deal' | 'lead'>('bitrixEntity', 'deal') : 'deal',
		source: param<CallSource>('source', 'auto'),
		dealLookup: param<'id' | 'phone'>('dealLookup', 'phone'),
		pipeline:
			withCrm && param('dealLookup', 'phone') === 'phone'
				? String(param('pipeline', '') ?? '').trim()
				: '',
		historySource,
		cadence,
		companyZone: zone.zone,
		followUp: {
			createTask: withCrm && param('createTask', true),
			taskText: String(param('taskText', '') ?? ''),
			closeLost: withCrm && param('closeLost', true),
			lossReason: String(param('lossReason', 'Не дозвонились более 3 раз') ?? '').trim(),
			moveForeign: withCrm && param('moveForeign', true),
			foreignStage: String(param('foreignStage', 'Недозвонились до клиента. Европа') ?? '').trim(),
		},
		defaultCountry: options.defaultCountry ?? 'RU',
		handleRepeats: options.handleRepeats ?? false,
		logCalls: withCrm && historySource === 'crm' && param('logCalls', true),
		ownNumbers: ownNumbersOf.call(this, options.companyNumbers, options.defaultCountry ?? 'RU'),
	};
}

/** "+7 495 123-45-67, 8 800 555-35-35" as E.164 numbers; a number that cannot be read stops the node. */
function ownNumbersOf(
	this: IExecuteFunctions,
	list: string | undefined,
	defaultCountry: string,
): Set<string> {
	const numbers = new Set<string>();
	for (const entry of splitPhones(list ?? '')) {
		const phone = normalizePhone(entry, { defaultCountry });
		if (!phone.ok)
			throw new NodeOperationError(
				this.getNode(),
				`Company Phone Numbers: "${entry}" is not a phone number`,
				{
					description: 'List the numbers comma-separated, e.g. +7 495 123-45-67, 8 800 555-35-35.',
				},
			);
		numbers.add(phone.e164);
	}
	return numbers;
}

function cadenceOf(this: IExecuteFunctions, zone: string): Cadence {
	const param = <T>(name: string, fallback: T): T =>
		this.getNodeParameter(name, 0, fallback as never) as T;
	const choice = param<string>('cadence', 'webinarFunnel');
	const foreign = param<ForeignRule>('foreignRule', 'notRussia');
	let cadence: Cadence;
	if (choice === 'custom') {
		const perDay = (n: number) => (Number(n) > 0 ? Math.floor(Number(n)) : null);
		cadence = {
			maxAttempts: Number(param('maxAttempts', 3)),
			hours: {
				start: String(param('hoursStart', '10:00')).trim(),
				end: String(param('hoursEnd', '19:00')).trim(),
			},
			workingDays: param<number[]>('workingDays', [1, 2, 3, 4, 5]).map(Number),
			holidays: String(param('holidays', '') ?? '')
				.split(/[\s,;]+/)
				.filter(Boolean),
			mobile: {
				maxPerDay: perDay(param('mobilePerDay', 3)),
				minGapMinutes: Number(param('mobileGapMinutes', 120)),
			},
			landline: {
				maxPerDay: perDay(param('landlinePerDay', 0)),
				minGapMinutes: Number(param('landlineGapMinutes', 60)),
			},
			foreign,
			stopOnWrongNumber: param('stopOnWrongNumber', true),
		};
		const badHoliday = cadence.holidays.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d));
		if (badHoliday) {
			throw new NodeOperationError(this.getNode(), `Holidays: "${badHoliday}" is not a date`, {
				description: 'Write dates as yyyy-MM-dd, comma-separated: 2026-01-01, 2026-01-02.',
			});
		}
	} else {
		const preset = presetOf(choice);
		if (!preset)
			throw new NodeOperationError(
				this.getNode(),
				`Cadence: "${choice}" is not one of the choices`,
				{
					description: 'Pick a cadence in the node: Webinar Funnel, Lead Handling or Custom.',
				},
			);
		cadence = { ...CADENCE_PRESETS[preset], foreign };
	}
	const problems = cadenceProblems(cadence, zone);
	if (problems.length) {
		throw new NodeOperationError(
			this.getNode(),
			`The cadence cannot be used: ${problems.join('; ')}`,
			{
				description:
					"Fix the custom cadence's attempts, calling hours (10:00 to 19:00), working days and limits.",
			},
		);
	}
	return cadence;
}

/** The zone for one client: theirs when given and readable, else the company's (and why). */
export function zoneForClient(
	leadZone: unknown,
	companyZone: string,
): { zone: string; from: 'client' | 'company'; note?: string } {
	if (leadZone === undefined || leadZone === null || String(leadZone).trim() === '')
		return { zone: companyZone, from: 'company' };
	const read = readTimeZone(leadZone);
	return read.ok
		? { zone: read.zone, from: 'client' }
		: { zone: companyZone, from: 'company', note: `client time zone ignored: ${read.reason}` };
}
