/**
 * Errors of the CRM layer that are not a CRM's answer: a setting the user has to fix (a credential's address,
 * an unknown CRM choice). Plain errors, like the CRMs' own (AmoApiError, Bitrix24Error); n8n's error classes
 * are made from them in one place, `shared/n8n/crmErrors.ts`.
 */
export class CrmSetupError extends Error {
	constructor(
		message: string,
		/** What to change, in the user's words. */
		readonly description?: string,
	) {
		super(message);
		this.name = 'CrmSetupError';
	}
}
