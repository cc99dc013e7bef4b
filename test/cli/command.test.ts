// The `portal-permissions` command as package.json declares it, in the two places a user meets it: a fresh
// clone of the repository (sources, no build) and the published package (a build, no sources).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};
const made: string[] = [];

/** A directory holding `parts` of the repository, its node_modules linked and examples/cli copied in. */
function copyOf(parts: readonly string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'portal-permissions-command-'));
  made.push(directory);
  for (const part of ['package.json', ...parts])
    cpSync(join(root, part), join(directory, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(directory, 'node_modules'));
  cpSync(join(root, 'examples/cli'), join(directory, 'examples/cli'), { recursive: true });
  return directory;
}

/** `portal-permissions validate <file>` from examples/cli, through the declared bin. */
function validate(directory: string, file = 'policy.json') {
  const command = join(directory, bin['portal-permissions'] ?? '');
  const result = spawnSync(process.execPath, [command, 'validate', file], {
    cwd: join(directory, 'examples/cli'),
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const VALID = { code: 0, out: 'policy.json is valid: 4 tables, 6 web roles, 5 table permissions\n', err: '' };

afterAll(() => {
  for (const directory of made) rmSync(directory, { recursive: true, force: true });
});

describe('the portal-permissions command', () => {
  it('works in a fresh clone before any build: it runs the sources', () => {
    const clone = copyOf(['bin', 'src', 'tsconfig.json']);
    expect(validate(clone)).toEqual(VALID);
  });

  it('works in the published package, which ships the build and no sources', () => {
    const published = copyOf(['bin', 'dist']);
    expect(validate(published)).toEqual(VALID);
  });

  it('refuses a policy with errors in a fresh clone as the build does: exit 1, issues on stderr', () => {
    const clone = copyOf(['bin', 'src', 'tsconfig.json']);
    const result = validate(clone, 'records.json');
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^error: records\.json: invalid policy/);
  });
});
