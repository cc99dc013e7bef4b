import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { definePolicy } from '../../src/index.js';

const SITE = fileURLToPath(new URL('../fixtures/import/enhanced-site', import.meta.url));
const SOLUTION = fileURLToPath(new URL('../fixtures/import/solution', import.meta.url));
let directory: string;

function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'portal-permissions-import-'));
  writeFileSync(
    join(directory, 'map.json'),
    JSON.stringify({ cr123_project_contact: { table: 'cr123_project', column: 'cr123_contactid' } }),
  );
  writeFileSync(join(directory, 'bad-map.json'), JSON.stringify({ rel: { table: 'x' } }));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('portal-permissions import', () => {
  it('import site prints a valid policy on stdout and the report on stderr', () => {
    const { code, out, err } = cli('import', 'site', SITE);
    expect(code).toBe(0);
    expect(() => definePolicy(JSON.parse(out))).not.toThrow();
    expect(err).toContain('left out tablePermission "Projects"');
    expect(err).toContain('[unresolved_relationship]');
  });

  it('--relationships maps what the files do not declare, and --strict then succeeds', () => {
    const { code, out } = cli(
      'import',
      'site',
      SITE,
      '--relationships',
      join(directory, 'map.json'),
      '--strict',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).tables.cr123_project).toEqual({
      key: 'cr123_projectid',
      contact: 'cr123_contactid',
    });
  });

  it('--strict with an unresolved relationship exits 1 and prints no policy', () => {
    const { code, out, err } = cli('import', 'site', SITE, '--strict');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^error: 1 table permission\(s\) name a relationship that cannot be resolved/);
  });

  it('import solution prints the security roles and column security profiles', () => {
    const { code, out } = cli('import', 'solution', SOLUTION);
    expect(code).toBe(0);
    expect(JSON.parse(out).securityRoles.map((role: { name: string }) => role.name)).toEqual(['Order desk']);
  });

  it('a bad relationship map, a missing folder and an unknown form are refused', () => {
    expect(cli('import', 'site', SITE, '--relationships', join(directory, 'bad-map.json')).code).toBe(1);
    expect(cli('import', 'site', join(directory, 'missing')).code).toBe(1);
    const unknown = cli('import', 'website', SITE);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown import "website"');
  });
});
