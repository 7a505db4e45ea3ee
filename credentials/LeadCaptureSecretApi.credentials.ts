import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The shared secret Lead Capture expects from senders. Kept as a credential, not a node parameter, so it is
 * stored encrypted and never lands in an exported workflow or template.
 */
export class LeadCaptureSecretApi implements ICredentialType {
	name = 'leadCaptureSecretApi';

	displayName = 'Lead Capture Secret API';

	icon: Icon = { light: 'file:leadCaptureSecret.svg', dark: 'file:leadCaptureSecret.dark.svg' };

	documentationUrl = 'https://github.com/sales-funnel/n8n-nodes-sales-funnel#lead-capture';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. a 32-character random string',
			description:
				'A long random string (at least 16 letters, digits, - _ . ~). Give it to the sender as a header (X-Webhook-Secret) or as ?secret=... in the URL.',
		},
	];
}
