import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_COUNTRY_OPTIONS } from './countries';

/** The "Default Country" option every node that reads phones offers, with the same words. */
export const DEFAULT_COUNTRY_OPTION: INodeProperties = {
	displayName: 'Default Country',
	name: 'defaultCountry',
	type: 'options',
	options: DEFAULT_COUNTRY_OPTIONS,
	default: 'RU',
	description: 'Country assumed for phones written without a country code, such as 8 916 123-45-67',
};
