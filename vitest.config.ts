import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Tests that need more than the sources: the built package (CLI, entry points), a database (PGlite, SQLite,
 * PostgreSQL), a browser, the example server, or the TypeScript compiler (the docs' code blocks and the
 * type tests). Globs end in the file name, so a test keeps its project when it moves to another folder.
 */
const integration = [
  'test/**/cli.test.ts',
  'test/cli/command.test.ts',
  'test/**/package-exports.test.ts',
  'test/**/dual-package.test.ts',
  // Runs the built package, as a user gets it.
  'test/**/*.built-package.test.ts',
  'test/examples/**/*.test.ts',
  'test/**/typescript-blocks.test.ts',
  // Runs the type tests' checker and tsc on a small project of its own.
  'test/**/check-type-tests.test.ts',
  'test/**/to-sql*.test.ts',
  'test/**/accessible-where*.test.ts',
  'test/**/agrees-with-reference.test.ts',
  'test/testing/internal-users.test.ts',
  // Reads each entry's type-only exports with the TypeScript compiler.
  'test/entry-points.test.ts',
  'test/integrations/**/*.test.ts',
  'test/fuzz/**/*.test.ts',
  // The policy store on PGlite (and, in CI, PostgreSQL), and the principal checks that run their SQL in PGlite.
  'test/**/policy-store.test.ts',
  'test/store/postgres.test.ts',
  'test/**/version-follower.test.ts',
  'test/**/well-formed.test.ts',
];

export default defineConfig({
  resolve: {
    // Tests import the examples, which import the package by name: point that name at the sources so the
    // suite never runs against a stale or missing dist/ (`npm start` does the same through tsconfig paths).
    alias: [
      {
        find: /^portal-permissions$/,
        replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
      {
        find: /^portal-permissions\/accounts$/,
        replacement: fileURLToPath(new URL('./src/accounts/index.ts', import.meta.url)),
      },
      {
        find: /^portal-permissions\/testing$/,
        replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      },
      {
        find: /^portal-permissions\/import$/,
        replacement: fileURLToPath(new URL('./src/import/index.ts', import.meta.url)),
      },
      {
        find: /^portal-permissions\/store$/,
        replacement: fileURLToPath(new URL('./src/store/index.ts', import.meta.url)),
      },
      {
        find: /^portal-permissions\/(kysely|drizzle|prisma|fastify)$/,
        replacement: fileURLToPath(new URL('./src/integrations/$1/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: integration,
          // One module graph per worker instead of one per file: loading zod, CASL and the sources again
          // for every file cost more than all the unit tests together. The tests share no mutable state.
          isolate: false,
          // Every core: by default vitest leaves one free (a single worker on a 2-core machine), which the
          // unit tests, spawning nothing, do not need.
          maxWorkers: availableParallelism(),
          // Projects with different worker counts run as groups, one after the other: the unit tests first.
          sequence: { groupOrder: 0 },
          // A guard against a hang, not a speed limit: property tests take seconds on a loaded machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: integration,
          globalSetup: [
            'test/setup/build-dist.ts',
            'test/setup/browser-tests.ts',
            'test/setup/pglite-snapshot.ts',
          ],
          // Two files at a time on a 2-core machine (every core): each file opens its own PGlite, temporary
          // folders and ports the system picks (port 0), and dist/ is built once before and only read. A shared
          // PostgreSQL server (PORTAL_TEST_DATABASE_URL) is one database for every file: then one at a time.
          maxWorkers: process.env.PORTAL_TEST_DATABASE_URL ? 1 : availableParallelism(),
          // These spawn processes, open databases and browsers: on a loaded 2-core machine 5 s is too tight.
          testTimeout: 30_000,
          // Hooks start PGlite, servers and a browser: a guard against a hang, not a speed limit (under a
          // load average of 24 a PGlite start in beforeAll took more than 30 s).
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
          // The type tests (*.test-d.ts) run the TypeScript compiler, like the check of the docs' code blocks:
          // they live here so that the unit loop stays fast. Enabled in the project itself because the
          // --typecheck flag does not reach projects. Their program is the test-d files and what they import
          // (tsconfig.typecheck.json), not the whole project: `npm run typecheck` checks that, once. The checker
          // reports the diagnostics of the type tests and their fixtures, not of the sources they import, which
          // `npm run typecheck` checks (scripts/check-type-tests.mjs).
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
            tsconfig: './tsconfig.typecheck.json',
            checker: './scripts/check-type-tests.mjs',
          },
        },
      },
    ],
  },
});
