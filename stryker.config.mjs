import areas from './scripts/mutation-areas.json' with { type: 'json' };

/**
 * Mutation testing (`npm run mutate`): one area at a time (scripts/mutation-areas.json names each area's files
 * and the tests run against its mutants), one process, so that it shares two cores politely.
 * `MUTATE_AREA=scopes npm run mutate` measures an area; MUTATE=<globs> (comma-separated) points it at other
 * files. Each area keeps its own JSON report under reports/mutation/; `npm run mutate:report` summarises them.
 */
const name = process.env.MUTATE_AREA ?? 'principal';
const area = areas[name];
if (area === undefined) {
  throw new Error(`unknown MUTATE_AREA "${name}"; one of: ${Object.keys(areas).join(', ')}`);
}

/** A threshold per run: the area's recorded floor, so a slipping score fails `npm run mutate`. */
const floor = Number(process.env.MUTATE_BREAK ?? area.break ?? 85);

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: process.env.MUTATE?.split(',') ?? area.mutate,
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // Opt-in (MUTATE_INCREMENTAL=1): Stryker reuses a static mutant's old result even when new tests would kill
  // it, so a recorded score comes from a full run.
  incremental: process.env.MUTATE_INCREMENTAL === '1',
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  thresholds: { high: 95, low: 85, break: floor },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
