import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/**
 * Bitrix24 has no call that verifies an outgoing webhook's token, so the credential test checks what can be
 * checked: that it looks like one (letters and digits, as Bitrix24 issues them). The real proof is an event that
 * the trigger accepts.
 */
export async function applicationTokenFormat(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = String(credential.data?.applicationToken ?? '').trim();
	if (!token)
		return {
			status: 'Error',
			message: 'Enter the application token Bitrix24 shows for the outgoing webhook',
		};
	if (!/^[A-Za-z0-9]{16,64}$/.test(token)) {
		return {
			status: 'Error',
			message:
				"An application token is 16–64 letters and digits; copy it again from the outgoing webhook's page",
		};
	}
	return {
		status: 'OK',
		message:
			'The token looks right. Bitrix24 cannot confirm it: save the outgoing webhook and watch the trigger accept a test event',
	};
}
