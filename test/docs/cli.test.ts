import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/cli.md'), 'utf8');

/** The lines of the first bare ``` block of docs/cli.md: the commands a reader copies. */
function documentedCommands(): string[] {
  const block = /\n```\n([\s\S]*?)\n```/.exec(doc);
  if (!block?.[1]) throw new Error('docs/cli.md has no command block');
  return block[1].split('\n').filter((line) => line.startsWith('portal-permissions '));
}

/** The text of the first bare ``` block after `heading`. */
function sampleAfter(heading: string): string {
  const at = doc.indexOf(heading);
  const block = /\n```\n([\s\S]*?)\n```/.exec(doc.slice(at));
  if (at < 0 || !block?.[1]) throw new Error(`docs/cli.md has no sample after ${heading}`);
  return block[1];
}

let directory: string;
let bin: string;

// The commands run verbatim in a copy of examples/cli, with `portal-permissions` on PATH pointing at the bin
// package.json declares, as `npx` finds it in a clone of the repository.
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'portal-permissions-cli-doc-'));
  cpSync(join(root, 'examples/cli'), directory, { recursive: true });
  bin = mkdtempSync(join(tmpdir(), 'portal-permissions-bin-'));
  const shim = join(bin, 'portal-permissions');
  const { bin: declared } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const command = join(root, declared['portal-permissions'] ?? '');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${command}" "$@"\n`);
  chmodSync(shim, 0o755);
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});

function run(command: string) {
  const result = spawnSync('sh', ['-c', command], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('docs/cli.md runs verbatim in examples/cli', () => {
  it('documents the five commands, and tells the reader where their files are', () => {
    expect(documentedCommands().map((line) => line.split(' ')[1])).toEqual([
      'validate',
      'schema',
      'explain',
      'matrix',
      'diff',
    ]);
    expect(doc).toContain('cd examples/cli');
  });

  it('every documented command succeeds (explain exits 1 because Sam is denied) with the documented output', () => {
    const [validate, schema, explain, matrix, diff] = documentedCommands() as [
      string,
      string,
      string,
      string,
      string,
    ];
    expect(run(validate)).toEqual({
      code: 0,
      out: 'policy.json is valid: 4 tables, 6 web roles, 5 table permissions\n',
      err: '',
    });
    expect(run(schema)).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(readFileSync(join(directory, 'policy.schema.json'), 'utf8'))).toHaveProperty('$schema');
    expect(run(explain)).toEqual({ code: 1, out: `${sampleAfter('### `explain')}\n`, err: '' });
    expect(run(matrix)).toMatchObject({ code: 0, err: '' });
    expect(readFileSync(join(directory, 'access.html'), 'utf8')).toContain('SO-1');
    const changed = run(diff);
    expect(changed.code).toBe(0);
    expect(changed.out).toContain(sampleAfter('### `diff'));
  });
});
