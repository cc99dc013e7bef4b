import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { customerPortalInput, orders, people } from '../fixtures/customer-portal.js';

let directory: string;

function write(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

/** Runs the command line in process, capturing what it writes. */
function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

/** `depth` nested arrays as JSON text, built without recursion. */
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'portal-permissions-cli-inputs-'));
  write('policy.json', JSON.stringify(customerPortalInput));
  write('people.json', JSON.stringify(people));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the command line refuses hostile input files with exit 1 (bad input is an input error)', () => {
  it('a 50,000-deep policy is an invalid policy, not a crash', () => {
    const file = write('deep.json', `{"tables": {}, "webRoles": ${nested(50_000)}}`);
    const result = cli('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('invalid policy (1 issue)');
    expect(result.err).toContain('nests deeper than 32 levels');
    expect(result.err).toContain('(too_deep)');
  });

  it('a record already tagged with another table is an input error naming it, not a crash', () => {
    const records = write(
      'tagged.json',
      JSON.stringify({ salesorder: [{ ...orders.janes, __caslSubjectType__: 'contact' }] }),
    );
    const result = cli(
      'matrix',
      join(directory, 'policy.json'),
      '--principals',
      join(directory, 'people.json'),
      '--records',
      records,
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('salesorder[0]: the record carries "__caslSubjectType__"');
  });
});

describe('the command line bounds what it prints (bounded issue report)', () => {
  it('lists the first 100 issues of a policy with 5,000 unknown web roles and counts the rest', () => {
    const tablePermissions = Array.from({ length: 5_000 }, (_, i) => ({
      name: `p${i}`,
      table: 't',
      scope: 'global',
      privileges: ['read'],
      webRoles: [`unknown role ${i}`],
    }));
    const file = write('many.json', JSON.stringify({ tables: { t: {} }, webRoles: [], tablePermissions }));
    const result = cli('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('invalid policy (5000 issues)');
    expect(result.err).toContain('… and 4900 more; fix these first');
    expect(result.err.split('\n').length).toBeLessThan(110);
  });
});
