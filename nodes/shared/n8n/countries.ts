import type { INodePropertyOptions } from 'n8n-workflow';

/** Countries offered as the default for numbers written without a country code; RU first as most common. */
export const DEFAULT_COUNTRY_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Armenia (AM)', value: 'AM' },
	{ name: 'Azerbaijan (AZ)', value: 'AZ' },
	{ name: 'Belarus (BY)', value: 'BY' },
	{ name: 'Georgia (GE)', value: 'GE' },
	{ name: 'Germany (DE)', value: 'DE' },
	{ name: 'Kazakhstan (KZ)', value: 'KZ' },
	{ name: 'Kyrgyzstan (KG)', value: 'KG' },
	{ name: 'Moldova (MD)', value: 'MD' },
	{ name: 'Russia (RU)', value: 'RU' },
	{ name: 'Tajikistan (TJ)', value: 'TJ' },
	{ name: 'Turkey (TR)', value: 'TR' },
	{ name: 'Ukraine (UA)', value: 'UA' },
	{ name: 'United Arab Emirates (AE)', value: 'AE' },
	{ name: 'United States (US)', value: 'US' },
	{ name: 'Uzbekistan (UZ)', value: 'UZ' },
];
