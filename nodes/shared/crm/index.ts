import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { createAmoCrmFunnel } from './amocrm';
import { createBitrix24Funnel } from './bitrix24';
import type { Bitrix24FunnelOptions } from './bitrix24/adapter';
import { CrmSetupError } from './errors';
import type { CrmKind, FunnelCrm } from './types';

export type CrmChoice = CrmKind | 'none';

export type FunnelContext =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/**
 * A node parameter in any context: executing nodes read it per item, dropdown loaders and hooks read the node's
 * current value.
 */
export function readParameter<T>(
	context: FunnelContext,
	name: string,
	fallback: T,
	itemIndex = 0,
): T {
	if ('getInputData' in context) {
		return (context as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback as never) as T;
	}
	return (context as ILoadOptionsFunctions).getNodeParameter(name, fallback as never) as T;
}

/** The CRM chosen on the node. */
export function chosenCrm(context: FunnelContext, itemIndex = 0): CrmChoice {
	return readParameter<CrmChoice>(context, 'crm', 'none', itemIndex);
}

/**
 * The FunnelCrm for the node's CRM choice, or null for "None". One instance per execution: adapters keep what
 * they read (pipelines, fields) and their request pacing for the whole run.
 */
export function getFunnelCrm(
	context: FunnelContext,
	options: {
		itemIndex?: number;
		defaultCountry?: string;
		bitrix24?: Pick<
			Bitrix24FunnelOptions,
			'createMissingTags' | 'tagsField' | 'nationalPhoneLookups'
		>;
	} = {},
): FunnelCrm | null {
	const crm = chosenCrm(context, options.itemIndex);
	switch (crm) {
		case 'none':
			return null;
		case 'amocrm':
			return createAmoCrmFunnel(context, { defaultCountry: options.defaultCountry });
		case 'bitrix24': {
			const entity = readParameter<'deal' | 'lead'>(
				context,
				'bitrixEntity',
				'deal',
				options.itemIndex,
			);
			return createBitrix24Funnel(context, { ...options.bitrix24, entity });
		}
		default:
			throw new CrmSetupError(
				`Unknown CRM "${String(crm)}"`,
				"Choose amoCRM (Kommo) or Bitrix24 in the node's CRM parameter.",
			);
	}
}

export type { CrmKind, FunnelCrm } from './types';
