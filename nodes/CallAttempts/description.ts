import type { INodeProperties } from 'n8n-workflow';

import { crmCredentials, crmProperties } from '../shared/n8n/crmChoice';
import { claimStoreCredentials, claimStoreProperties } from '../shared/n8n/claimOptions';
import { DEFAULT_COUNTRY_OPTION } from '../shared/n8n/leadOptions';
import { actionProperties } from './parameters/actions';
import { cadenceProperties } from './parameters/cadence';
import { callResultProperties } from './parameters/callResult';
import { dealProperties } from './parameters/deal';

const optionProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Company Phone Numbers',
				name: 'companyNumbers',
				type: 'string',
				default: '',
				placeholder: 'e.g. +7 495 123-45-67, 8 800 555-35-35',
				description:
					"The company's own numbers, comma-separated. When the telephony does not say who called (e.g. Sipuni without src_type/dst_type), a side with one of these numbers or an extension (5 digits or fewer) is the company's and the other the client's.",
			},
			DEFAULT_COUNTRY_OPTION,
			{
				displayName: 'Handle Repeated Deliveries',
				name: 'handleRepeats',
				type: 'boolean',
				default: false,
				description:
					'Whether a repeated delivery of a call already handled (same call ID) is decided and routed again instead of going to "Skipped". A second task is never created either way.',
			},
		],
	},
];

export const callAttemptsProperties: INodeProperties[] = [
	...crmProperties({ allowNone: true, defaultCrm: 'amocrm' }),
	...callResultProperties,
	...dealProperties,
	...cadenceProperties,
	...actionProperties,
	...claimStoreProperties({
		what: 'a call',
		description:
			'Where executions handling the same call at the same moment (a telephony retrying its webhook to two workers) agree who handles it: the second waits and then finds it handled. Use Redis in queue mode.',
		waits: true,
	}),
	...optionProperties,
];

/** The CRM's credentials, and Redis when it keeps the calls' claims. */
export const callAttemptsCredentials = [...crmCredentials, ...claimStoreCredentials()];
