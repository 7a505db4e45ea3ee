/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
	// sanitize-html (n8n's Form Trigger and Send Email) requires htmlparser2 12, which ships ES modules only; jest's
	// CommonJS loader takes the CommonJS build of htmlparser2 10 installed beside it (the same Parser API).
	moduleNameMapper: {
		'^htmlparser2$': '<rootDir>/node_modules/htmlparser2/dist/commonjs/index.js',
	},
	testTimeout: 30000,
	maxWorkers: 2,
	// The real-n8n suites install n8n once into .cache/ and start it: they run in their own slot.
	slowTestThreshold: 30,
};
