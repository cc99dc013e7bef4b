// Global setup of the integration project: the tests that run the built package (the CLI binary, the
// package's own entry points) share one dist/, built here once per run before any of them starts. Built
// from inside the test files, two files would rebuild it in parallel and one would read a half-written dist/.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Builds dist/ with the package's own build script, so the tests run exactly what `npm pack` would ship. */
export default function buildDist(): void {
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed before the integration tests:\n${stdout}${stderr}`);
  }
}
