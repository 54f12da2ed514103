/** Tests run against real FerretDB and Redis, started once for the whole run (test/support/globalSetup.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  // records every filter and sort the hub sends; globalTeardown checks them against the models' indexes
  setupFilesAfterEnv: ['<rootDir>/test/support/recordStoreShapes.ts'],
  testTimeout: 60000,
  // a failing test can leave a worker or connection open; the run must still end (CI has a time limit)
  forceExit: true,
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
