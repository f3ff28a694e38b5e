// Jest 29 only honours `testTimeout` at the top level of the config, not per project, so the
// integration project sets its own here (setupFilesAfterEnv).
jest.setTimeout(120_000);
