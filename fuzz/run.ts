/** `npm run fuzz`: differential fuzzing of every evaluator against the reference (FUZZ_RUNS, FUZZ_SEED, FUZZ_PATH). */
import { fuzz, PolicyPropertyError, VacuousFuzzError } from './differential.js';

const integer = (name: string, fallback?: number): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, not ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
};

const cases = integer('FUZZ_RUNS', 100_000)!;
const seed = integer('FUZZ_SEED');
const path = process.env.FUZZ_PATH || undefined;
const started = performance.now();
try {
  const report = await fuzz({
    cases,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined ? {} : { path }),
    log: (line) => console.log(line),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz passed: ${report.cases} (policy, principal, row) cases in the reference, can, filterAccessible, PGlite and SQLite, ` +
      `${report.inMemoryCases} more with hostile record shapes in memory, over ${report.policies} policies, in ${seconds} s ` +
      `(seeds ${report.seeds.join(', ')})`,
  );
  console.log(`allowed by the reference: ${report.allows.describe()}`);
} catch (error) {
  if (error instanceof VacuousFuzzError) {
    console.error(error.message);
    process.exit(1);
  }
  if (!(error instanceof PolicyPropertyError)) throw error;
  console.error(error.message);
  console.error(`\nReplay: FUZZ_SEED=${error.replay.seed} FUZZ_PATH='${error.replay.path}' npm run fuzz`);
  process.exitCode = 1;
}
