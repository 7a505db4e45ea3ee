import type { INodeProperties } from 'n8n-workflow';

/** The option every node that adds tags on Bitrix24 offers: tags live in a list field whose values must exist. */
export const CREATE_MISSING_TAGS_OPTION: INodeProperties = {
	displayName: 'Create Missing Tag Values (Bitrix24)',
	name: 'createMissingTags',
	type: 'boolean',
	default: false,
	description:
		'Whether a tag the Bitrix24 tags list field lacks is added to it (needs CRM administrator rights); otherwise such a tag fails that item',
};
