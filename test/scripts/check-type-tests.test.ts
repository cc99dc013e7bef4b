// The type tests' checker, run as vitest runs it (tsc's arguments) on a small project of its own: it must report
// what tsc reports in the type tests, in tsc's format and exit code, and leave the sources to `npm run typecheck`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const checker = fileURLToPath(new URL('../../scripts/check-type-tests.mjs', import.meta.url));
const typescript = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, types: [], lib: ['ES2022'], skipLibCheck: true },
  include: ['test/**/*.test-d.ts'],
});

// A source with an error of its own, and a helper the type tests read the types of.
const SOURCE = [
  "export function tableOf(name: 'salesorder' | 'note'): string { return name; }",
  'export const broken: number = "not a number";',
].join('\n');

const projects: string[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) rmSync(project, { recursive: true, force: true });
});

/** A project with the source above and the given type tests, by path under the project's folder. */
function projectWith(tests: Record<string, string>): string {
  const project = mkdtempSync(join(tmpdir(), 'check-type-tests-'));
  projects.push(project);
  const files: Record<string, string> = { 'tsconfig.json': TSCONFIG, 'src/table.ts': SOURCE, ...tests };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  return project;
}

/** Runs a command as vitest runs its checker: tsc's arguments, from the project's folder. */
function run(command: readonly string[], project: string): { status: number | null; stdout: string } {
  const args = ['--noEmit', '--pretty', 'false', '-p', join(project, 'tsconfig.json')];
  const result = spawnSync(process.execPath, [...command, ...args], { cwd: project, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

const testOf = (line: string) => `import { tableOf } from '../src/table.js';\n${line}\n`;

describe('the type tests checker', () => {
  it('reports a type test whose expected error is gone, in the words, place and exit code of tsc', () => {
    const project = projectWith({
      'test/kept.test-d.ts': testOf("// @ts-expect-error: not a table\ntableOf('salesordr');"),
      'test/broken.test-d.ts': testOf("// @ts-expect-error: not a table\ntableOf('salesorder');"),
    });
    const checked = run([checker], project);
    const tsc = run([typescript], project);
    expect(checked.stdout).toBe(
      "test/broken.test-d.ts(2,1): error TS2578: Unused '@ts-expect-error' directive.\n",
    );
    expect(checked.status).toBe(2);
    // tsc reports the same line, and the source's own error besides.
    expect(tsc.stdout).toContain(checked.stdout);
    expect(tsc.stdout).toContain('src/table.ts(2,14): error TS2322');
    expect(tsc.status).toBe(2);
  });

  it('reports a call a type test makes with a name the source refuses', () => {
    const project = projectWith({ 'test/typo.test-d.ts': testOf("tableOf('salesordr');") });
    const checked = run([checker], project);
    expect(checked.stdout).toMatch(
      /^test\/typo\.test-d\.ts\(2,9\): error TS2345: Argument of type '"salesordr"'/,
    );
    expect(checked.status).toBe(2);
  });

  it('passes type tests that hold, leaving the error inside the source to the whole-project check', () => {
    const project = projectWith({
      'test/kept.test-d.ts': testOf(
        "// @ts-expect-error: not a table\ntableOf('salesordr');\ntableOf('note');",
      ),
    });
    expect(run([checker], project)).toEqual({ status: 0, stdout: '' });
  });
});
