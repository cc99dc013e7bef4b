// Setup file of `npm run mutate` when MUTATE_EVERY_TEST=1. Stryker's vitest runner (9.6) records which test
// covers which mutant whatever `coverageAnalysis` says ('all' and 'off' are not passed to it), so each
// mutant runs only the tests that first executed its line. abilityFor caches a compiled principal shape
// (src/ability/fast-path/rule-template.ts), so a later test of the same shape is never credited and never run against
// the mutant. Recording every hit as static coverage makes Stryker run the whole test set for each mutant.
import { beforeEach, inject } from 'vitest';

const namespace = (inject as (key: string) => unknown)('globalNamespace');
const stryker =
  typeof namespace === 'string'
    ? (globalThis as unknown as Record<string, { currentTestId?: string | undefined } | undefined>)[namespace]
    : undefined;

if (stryker !== undefined) {
  // Runs after Stryker's own beforeEach, which has just named the current test.
  beforeEach(() => {
    stryker.currentTestId = undefined;
  });
}
