/**
 * Three projects, all run by `npm test` (`npm run test:unit`, `test:node`, `test:e2e` run one):
 *   unit — the pure core (phones, routing, cadence, stage names, pacing on a virtual clock...): no server, no n8n;
 *          a unit test that starts a server or a process fails (test/support/unitGuard.ts). Seconds.
 *   node — node classes executed through n8n-core's WorkflowExecute against the CRM emulators, templates run
 *          whole, the emulators themselves, the reliability suites. Minutes.
 *   e2e  — the packed package in a real n8n (test/e2e and every *.realN8n.test.ts; n8n is installed once into
 *          .cache/n8n) and the package's contents.
 */
const UNIT = [
	// The report's screenshot test starts Chromium, a process: node project.
	'/test/nodes/shared/funnel/(?!metrics/reportScreenshot\\.test\\.ts$)',
	'/test/nodes/shared/n8n/',
	'/test/nodes/shared/input/',
	'/test/nodes/shared/crm/(stages|dealMoves)\\.test\\.ts$',
	'/test/nodes/shared/crm/amocrm/(accountAddress|pacing|parse|query|retry|webhookPayload)\\.test\\.ts$',
	'/test/nodes/shared/crm/bitrix24/(encode|pacing|webhookUrl)\\.test\\.ts$',
	'/test/nodes/[A-Za-z0-9]+/defaults\\.test\\.ts$',
	'/test/reliability/fuzz/cores\\.test\\.ts$',
	'/test/bench/(data|limits|merge|minimums)\\.test\\.ts$',
	'/test/scripts/',
	'/test/workflows/noSecrets\\.test\\.ts$',
	'/test/fileSize\\.test\\.ts$',
];
const E2E = ['/test/e2e/', '\\.realN8n\\.test\\.ts$', '/test/package\\.test\\.ts$'];

/** A path pattern above as the test files it selects. */
const tests = (patterns) => patterns.map((p) => (p.endsWith('$') ? p : `${p}.*\\.test\\.ts$`));

const common = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
	// sanitize-html (n8n's Form Trigger and Send Email) requires htmlparser2 12, which ships ES modules only; jest's
	// CommonJS loader takes the CommonJS build of htmlparser2 10 installed beside it (the same Parser API).
	moduleNameMapper: {
		'^htmlparser2$': '<rootDir>/node_modules/htmlparser2/dist/commonjs/index.js',
	},
};

/** @type {import('jest').Config} */
module.exports = {
	// A guard against a hang, not a measure of speed: a machine busy with other work makes tests slower, never
	// wrong, and a test that stops making progress still fails. Speed is measured by the benchmarks (npm run bench).
	testTimeout: 5 * 60_000,
	maxWorkers: 2,
	// The real-n8n suites install n8n once into .cache/ and start it: they run in their own slot.
	slowTestThreshold: 30,
	projects: [
		{
			...common,
			displayName: 'unit',
			testRegex: tests(UNIT),
			setupFilesAfterEnv: ['<rootDir>/test/support/unitGuard.ts'],
		},
		{
			...common,
			displayName: 'node',
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', ...UNIT, ...E2E],
		},
		{
			...common,
			displayName: 'e2e',
			testRegex: tests(E2E),
		},
	],
};
