/** Jest runs the TypeScript specs through ts-jest; integration specs spawn the compiled daemon (dist/). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { strict: true, esModuleInterop: true, types: ['node', 'jest'] }, diagnostics: { warnOnly: false } }] },
  globalSetup: '<rootDir>/spec/global-setup.js',
  testTimeout: 60000,
  maxWorkers: 2,
};
