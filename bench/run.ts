/**
 * Runs every benchmark scenario in bench/, one after another, in a child process each; modules that a
 * scenario imports (harness.ts, listing-cases.ts) are not scenarios.
 */
// Benchmarks import the built package (what users run): `npm run bench` builds first.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const scenarios = readdirSync(here).filter(
  (file) =>
    file.endsWith('.ts') &&
    !['run.ts', 'harness.ts', 'listing-cases.ts', 'server-measure.ts'].includes(file) &&
    (!only || file.includes(only)),
);
for (const scenario of scenarios) {
  console.log(`\n# bench/${scenario}\n`);
  // bench/tsconfig.json maps no path, so `portal-permissions` is the built package (the root tsconfig would
  // send tsx to the sources).
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${here}${scenario}`], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: `${here}tsconfig.json` },
  });
  if (result.status !== 0) process.exitCode = 1;
}
