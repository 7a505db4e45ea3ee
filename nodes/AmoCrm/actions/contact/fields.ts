import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { normalizeEmail } from '../../../shared/funnel/email';
import { normalizePhone } from '../../../shared/funnel/phone';

/** A phone as amoCRM should store it: E.164 when it is a valid number, else as typed (amoCRM keeps free text). */
export function storedPhone(value: unknown): string | null {
	const text = String(value ?? '').trim();
	if (!text) return null;
	const parsed = normalizePhone(text);
	return parsed.ok ? parsed.e164 : text;
}

export function storedEmail(value: unknown): string | null {
	const text = String(value ?? '').trim();
	if (!text) return null;
	const parsed = normalizeEmail(text);
	return parsed.ok ? parsed.address : text;
}

/** For searches the key must be valid: a wrong phone would match nothing, or the wrong people. */
export function searchKeys(
	ctx: IExecuteFunctions,
	phoneInput: unknown,
	emailInput: unknown,
	itemIndex: number,
): { phone: string | null; email: string | null } {
	const phoneText = String(phoneInput ?? '').trim();
	const emailText = String(emailInput ?? '').trim();
	const phone = phoneText ? normalizePhone(phoneText) : null;
	const email = emailText ? normalizeEmail(emailText) : null;
	if (phone && !phone.ok && !(email && email.ok)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Cannot search by phone "${phoneText}": ${phone.reason}`,
			{
				itemIndex,
				description: 'Give a full number such as +7 916 123-45-67 or 8 916 123 45 67, or an email.',
			},
		);
	}
	if (email && !email.ok && !(phone && phone.ok)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Cannot search by email "${emailText}": ${email.reason}`,
			{ itemIndex, description: 'Give a valid email, or a phone.' },
		);
	}
	if (!phone && !email) {
		throw new NodeOperationError(ctx.getNode(), 'No phone or email to search by', {
			itemIndex,
			description: "Map the client's phone or email from an earlier node.",
		});
	}
	return {
		phone: phone && phone.ok ? phone.e164 : null,
		email: email && email.ok ? email.address : null,
	};
}
