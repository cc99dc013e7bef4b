import { defineConfig } from 'vitest/config';
import areas from './scripts/mutation-areas.json' with { type: 'json' };
import LoadFailures from './test/setup/load-failures.js';
import base from './vitest.config.js';

/** The areas `npm run mutate` measures, by name: the files mutated and the tests run against each mutant. */
const areaTests: Readonly<Record<string, { readonly tests: readonly string[] }>> = areas;

/**
 * The tests Stryker runs against each mutant (`npm run mutate`): the area's own in-memory tests
 * (scripts/mutation-areas.json), without browsers, the built package or the type checker (the full suite is
 * far too slow to run once per mutant on two shared cores).
 */
export default defineConfig({
  ...(base.resolve === undefined ? {} : { resolve: base.resolve }),
  test: {
    // MUTATE_TESTS=test/query/**/*.test.ts points a run at other tests (comma-separated globs).
    include: process.env.MUTATE_TESTS?.split(',') ?? [
      ...(areaTests[process.env.MUTATE_AREA ?? 'principal']?.tests ?? []),
    ],
    exclude: [
      // The lifecycle property runs thousands of operation sequences: minutes per mutant once instrumented.
      'test/accounts/lifecycle.property.test.ts',
      // These read the built package in a child process, never the instrumented sources.
      'test/**/dual-package.test.ts',
      'test/**/package-exports.test.ts',
      // At the local quarter count its non-vacuity floor is not met under most seeds (it judges no action),
      // and Stryker's initial run must pass.
      'test/ability/users.property.test.ts',
    ],
    // The store's tests open PGlite: each test database starts from one snapshot of a fresh cluster
    // (test/fixtures/pglite.ts) instead of running initdb again for every file of every mutant's run.
    globalSetup: ['test/setup/pglite-snapshot.ts'],
    // Each test compiles its principals afresh, so `perTest` coverage credits every test that compiles a shape;
    // MUTATE_EVERY_TEST=1 also runs the whole set against each mutant (see that setup file for why).
    setupFiles: [
      'test/setup/fixed-seed.ts',
      'test/setup/fresh-rule-templates.ts',
      ...(process.env.MUTATE_EVERY_TEST === '1' ? ['test/setup/mutate-every-test.ts'] : []),
    ],
    // One module graph per run instead of one per file: loading zod, CASL and the sources again for every file
    // costs several times the tests themselves, and Stryker runs the whole set for every static mutant. Each
    // run still starts a fresh worker, so a static mutant's module-level code runs under that mutant.
    isolate: false,
    reporters: ['default', new LoadFailures()],
    // Instrumented code is slower; a mutant that makes a test loop forever is caught by Stryker's own timeout.
    testTimeout: 30_000,
  },
});
