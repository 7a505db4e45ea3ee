import type { INodeProperties } from 'n8n-workflow';

/** The account address and pacing fields both amoCRM credentials share. */
export const accountFields: INodeProperties[] = [
	{
		displayName: 'Account Zone',
		name: 'zone',
		type: 'options',
		options: [
			{ name: 'amoCRM (amocrm.ru)', value: 'amocrm.ru' },
			{ name: 'amoCRM International (amocrm.com)', value: 'amocrm.com' },
			{ name: 'Kommo (kommo.com)', value: 'kommo.com' },
			{ name: 'Sandbox — Local Emulator, for Testing Only', value: 'sandbox' },
		],
		default: 'amocrm.ru',
		description:
			'Where the account lives: the end of its address, e.g. amocrm.ru for https://mycompany.amocrm.ru',
	},
	{
		displayName: 'Subdomain',
		name: 'subdomain',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'mycompany',
		description:
			'The first part of the account address: for https://mycompany.amocrm.ru enter mycompany',
		displayOptions: { hide: { zone: ['sandbox'] } },
	},
	{
		displayName: 'Sandbox URL',
		name: 'sandboxUrl',
		type: 'string',
		default: 'http://127.0.0.1:3101',
		placeholder: 'http://127.0.0.1:3101',
		description:
			'The address of an amoCRM emulator started with "npm run emulator -- amocrm" (this package\'s test sandbox). Never a real account.',
		displayOptions: { show: { zone: ['sandbox'] } },
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		default: 7,
		typeOptions: { minValue: 1, maxValue: 7 },
		description:
			'amoCRM allows 7 requests a second per integration and blocks accounts that keep exceeding it. Each n8n process paces itself: in queue mode with N workers using this credential at once, set 7 ÷ N (e.g. 3 for two workers).',
	},
];
