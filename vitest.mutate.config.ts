import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// MUTATE_FRESH_TEMPLATES=1 turns the ability's template cache off (test/fixtures/fresh-templates.ts), so that
// Stryker credits a compiler line to every test that compiles it: needed to measure src/compile honestly.
const freshTemplates =
  process.env.MUTATE_FRESH_TEMPLATES === '1'
    ? [
        {
          find: /^\.\/rule-template\.js$/,
          replacement: fileURLToPath(new URL('./test/fixtures/fresh-templates.ts', import.meta.url)),
        },
      ]
    : [];
const alias = [
  ...((base.resolve?.alias as { find: RegExp; replacement: string }[] | undefined) ?? []),
  ...freshTemplates,
];

/**
 * The tests Stryker runs against each mutant of src/principal (`npm run mutate`): the in-memory tests of
 * the principal gates and of everything that decides through them, without databases, browsers or the
 * compiler (the full suite is far too slow to run once per mutant on two shared cores).
 */
export default defineConfig({
  resolve: { ...base.resolve, alias },
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
    // Instrumented code is slower; a mutant that makes a test loop forever is caught by Stryker's own timeout.
    testTimeout: 30_000,
  },
});
