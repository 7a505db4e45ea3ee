// Lint layout follows @n8n/node-cli's own config (dist/configs/eslint.js), with two changes:
// - tests, scripts and emulators get rules fit for tooling (Node globals, console) instead of the
//   n8n node rules, which would forbid `process`, `setTimeout` and `fs` there;
// - `no-restricted-imports` is stricter than n8n's (which allows any devDependency): nodes import n8n-workflow,
//   luxon (both provided by n8n) and crypto; libphonenumber-js only through nodes/shared/vendor, whose compiled file
//   the build replaces with a bundle of the library (gulpfile.js).
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const communityRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores([
		'dist',
		'node_modules',
		'.cache',
		'bench/results*',
		'coverage',
		'**/*.js',
		'!scripts/**/*.js',
	]),
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [
			js.configs.recommended,
			tseslint.configs.recommended,
			communityRecommended,
			importX.flatConfigs.recommended,
		],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver()],
		},
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(?!n8n-workflow$|luxon$|crypto$|node:crypto$|\\.)',
							message:
								'Nodes may import only n8n-workflow, luxon and crypto (n8n provides them); other libraries are bundled through nodes/shared/vendor.',
						},
					],
				},
			],
		},
	},
	{
		files: ['nodes/shared/vendor/*.ts'],
		rules: { 'no-restricted-imports': 'off' },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['package.json'],
		extends: [communityRecommended],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['test/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.js'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: {
			globals: { ...globals.node, ...globals.jest },
		},
		rules: {
			'no-console': 'off',
			'@typescript-eslint/no-require-imports': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
);
