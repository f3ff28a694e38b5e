/** @type {import('ts-jest').TsJestTransformerOptions} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];

// The SDK warns on Node 20 about a future Node 22 requirement; noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// n8n's engine logs every node error it records, as a server would; the tests assert them instead.
process.env.N8N_LOG_LEVEL ??= 'silent';

/** @type {import('jest').Config} */
module.exports = {
	// dist/ holds a copy of package.json after a build; keep it out of jest's module map.
	modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.cache/', '<rootDir>/.demo/'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			// STS (account lookup for the quota limiters) answers from a mock: unit tests never reach AWS.
			setupFilesAfterEnv: ['<rootDir>/test/support/unitStsEdge.ts'],
		},
		{
			displayName: 'integration',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/support/globalSetup.ts',
			globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
			// testTimeout is not a per-project option in jest 29; this sets 120 s for the project.
			setupFilesAfterEnv: ['<rootDir>/test/support/integrationTimeout.ts'],
		},
	],
};
