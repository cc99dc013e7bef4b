import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests Stryker runs against each mutant of src/principal (`npm run mutate`): the in-memory tests of
 * the principal gates and of everything that decides through them, without databases, browsers or the
 * compiler (the full suite is far too slow to run once per mutant on two shared cores).
 */
export default defineConfig({
  ...(base.resolve === undefined ? {} : { resolve: base.resolve }),
  test: {
    // MUTATE_TESTS=test/query/**/*.test.ts points a run at another folder's tests (comma-separated globs).
    include: process.env.MUTATE_TESTS?.split(',') ?? [
      'test/principal/**/*.test.ts',
      'test/ability/**/*.test.ts',
      'test/accounts/**/*.test.ts',
      'test/compile/**/*.test.ts',
      'test/explain/**/*.test.ts',
    ],
    // The lifecycle property runs thousands of operation sequences: minutes per mutant once instrumented.
    exclude: ['test/accounts/lifecycle.property.test.ts'],
    // Each test compiles its principals afresh, so `perTest` coverage credits every test that compiles a shape;
    // MUTATE_EVERY_TEST=1 also runs the whole set against each mutant (see that setup file for why).
    setupFiles: [
      'test/setup/fresh-rule-templates.ts',
      ...(process.env.MUTATE_EVERY_TEST === '1' ? ['test/setup/mutate-every-test.ts'] : []),
    ],
    // Instrumented code is slower; a mutant that makes a test loop forever is caught by Stryker's own timeout.
    testTimeout: 30_000,
  },
});
