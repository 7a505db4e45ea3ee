/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
	testTimeout: 30000,
	maxWorkers: 2,
	// The real-n8n suites install n8n once into .cache/ and start it: they run in their own slot.
	slowTestThreshold: 30,
};
