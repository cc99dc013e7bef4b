// Global setup of the integration project: the tests that run the built package (the CLI binary, the
// package's own entry points) share one dist/, built here once per run before any of them starts. Built
// from inside the test files, two files would rebuild it in parallel and one would read a half-written dist/.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds dist/ with the package's own build script, so the tests run the JavaScript `npm pack` would ship.
 * Without the declarations (`NO_DTS=1`): no test reads them, and they cost most of the build; .ci/run builds
 * them, checks them (publint, attw) and packs them.
 */
export default function buildDist(): void {
  try {
    execFileSync('npm', ['run', 'build'], {
      cwd: root,
      stdio: 'pipe',
      encoding: 'utf8',
      env: { ...process.env, NO_DTS: '1' },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed before the integration tests:\n${stdout}${stderr}`);
  }
}
