/**
 * Mutation testing (`npm run mutate`): one narrow folder at a time, the principal gates first. Every
 * mutant is run against the tests that cover it (vitest.mutate.config.ts), one process, so that it
 * shares two cores politely. MUTATE=src/query/**\/*.ts npm run mutate points it elsewhere.
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: (process.env.MUTATE ?? 'src/principal/**/*.ts').split(','),
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
