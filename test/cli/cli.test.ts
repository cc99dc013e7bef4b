import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPortalInput, orders, people } from '../fixtures/customer-portal.js';

let directory: string;
const path = (name: string) => join(directory, name);

/** Runs the BUILT binary, as `npx portal-permissions …` would. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function write(name: string, value: unknown): string {
  writeFileSync(path(name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path(name);
}

// dist/ is built once for the whole run by the integration project's global setup (test/setup/build-dist.ts).
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'portal-permissions-cli-'));
  write('policy.json', customerPortalInput);
  write('people.json', people);
  write('records.json', { salesorder: Object.values(orders) });
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('portal-permissions validate', () => {
  it('accepts the Customer portal policy with a summary and exit code 0', () => {
    expect(cli('validate', path('policy.json'))).toEqual({
      code: 0,
      out: `${path('policy.json')} is valid: 4 tables, 6 web roles, 5 table permissions\n`,
      err: '',
    });
  });

  it('lists every problem with its JSON path and exits 1', () => {
    const broken = write('broken.json', {
      tables: { salesorder: {} },
      webRoles: [{ name: 'Member' }],
      tablePermissions: [
        { name: 'Mine', table: 'salesorder', scope: 'contact', privileges: ['read'], webRoles: ['Membre'] },
      ],
    });
    const result = cli('validate', broken);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'tablePermissions[0].webRoles[0]: web role "Membre" is not defined under "webRoles"',
    );
    expect(result.err).toContain('did you mean "Member"?');
    expect(result.err).toContain('tablePermissions[0].scope: table permission "Mine" uses scope "contact"');
  });

  it('reports a file that is not JSON as invalid (1) and a missing file as a usage error (2)', () => {
    expect(cli('validate', write('text.json', '{ nope')).code).toBe(1);
    expect(cli('validate', path('missing.json'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot read'),
    });
  });
});

describe('portal-permissions schema', () => {
  it('prints the JSON Schema of a policy file, the same as the one shipped in dist', () => {
    const result = cli('schema');
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.out);
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false, required: ['tables'] });
    expect(schema.properties.tablePermissions.items.properties.scope.enum).toEqual([
      'global',
      'contact',
      'account',
      'self',
      'parent',
    ]);
    expect(JSON.parse(readFileSync('dist/policy.schema.json', 'utf8'))).toEqual(schema);
  });
});

describe('portal-permissions explain', () => {
  const args = (...rest: string[]) => [
    'explain',
    path('policy.json'),
    '--principals',
    path('people.json'),
    '--records',
    path('records.json'),
    ...rest,
  ];

  it("says why Sam cannot read Jane's order and exits 1", () => {
    expect(cli(...args('--principal', 'sam', '--record', 'SO-1'))).toEqual({
      code: 1,
      out: 'sam cannot read salesorder "SO-1": table permission "My orders" (contact scope) requires orderedBy = "sam", the record has "jane"\n',
      err: '',
    });
  });

  it('names the grant that lets Jane read her order and exits 0, as JSON on request', () => {
    const result = cli(...args('--principal', 'jane', '--record', 'SO-1', '--format', 'json'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      allowed: true,
      grants: [{ provenance: { tablePermission: 'My orders' } }],
    });
  });

  it('refuses an unknown principal label as a usage error', () => {
    expect(cli(...args('--principal', 'jame', '--record', 'SO-1'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('did you mean "jane"?'),
    });
  });
});

describe('portal-permissions matrix', () => {
  const args = (...rest: string[]) => [
    'matrix',
    path('policy.json'),
    '--principals',
    path('people.json'),
    '--records',
    path('records.json'),
    ...rest,
  ];

  it('prints the visibility table as Markdown by default', () => {
    expect(cli(...args())).toEqual({
      code: 0,
      out: [
        '| Record | admin | rep | jane | sam | may | visitor |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| SO-1 | ✔ | ✔ | ✔ | ✘ | ✘ | ✘ |',
        '| SO-2 | ✔ | ✔ | ✘ | ✔ | ✘ | ✘ |',
        '| SO-3 | ✔ | ✘ | ✘ | ✘ | ✘ | ✘ |',
        '',
      ].join('\n'),
      err: '',
    });
  });

  it('prints CSV, HTML and JSON', () => {
    expect(cli(...args('--format', 'csv', '--action', 'read,create')).out.split('\r\n')[1]).toBe(
      'SO-1,salesorder,read create,read,read create,,,',
    );
    expect(cli(...args('--format', 'html', '--title', 'Orders')).out).toMatch(
      /^<!doctype html>[\s\S]*<title>Orders<\/title>/,
    );
    expect(JSON.parse(cli(...args('--format', 'json')).out).principals).toEqual(Object.keys(people));
  });

  it('rejects an unknown format or action as a usage error', () => {
    expect(cli(...args('--format', 'xml')).code).toBe(2);
    expect(cli(...args('--action', 'raed'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('did you mean "read"?'),
    });
  });

  it('exits 1 when a principal names a web role the policy lacks, showing it with no access', () => {
    const typo = write('typo.json', { ann: { kind: 'contact', id: 'ann', webRoles: ['Administrater'] } });
    const result = cli(
      'matrix',
      path('policy.json'),
      '--principals',
      typo,
      '--records',
      path('records.json'),
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain('| SO-1 | ✘ |');
    expect(result.err).toContain(
      'invalid principal ann: webRoles[0]: web role "Administrater" is not defined',
    );
  });
});

describe('portal-permissions diff', () => {
  it("lists exactly Sam's order when Jane is given the Customer representative role", () => {
    const janeAsRep = write('jane-rep.json', {
      jane: { ...people.jane, webRoles: ['Authorized user', 'Customer representative'] },
    });
    const common = [
      '--principals',
      path('people.json'),
      '--records',
      path('records.json'),
      '--after-principals',
      janeAsRep,
    ];
    expect(cli('diff', path('policy.json'), path('policy.json'), ...common)).toEqual({
      code: 0,
      out: '## jane\n\n- widened: read SO-2 (salesorder)\n',
      err: '',
    });
    expect(cli('diff', path('policy.json'), path('policy.json'), ...common, '--exit-code').code).toBe(1);
  });

  it('exits 0 with --exit-code when nothing changes', () => {
    const result = cli(
      'diff',
      path('policy.json'),
      path('policy.json'),
      '--principals',
      path('people.json'),
      '--records',
      path('records.json'),
      '--exit-code',
    );
    expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^No decision changes/) });
  });
});

describe('portal-permissions usage', () => {
  it('prints help with exit 0, and help on stderr with exit 2 for no or an unknown command', () => {
    expect(cli('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Exit codes: 0 ok') });
    expect(cli('matrix', '--help')).toMatchObject({
      code: 0,
      out: expect.stringContaining('--format markdown|csv|html|json'),
    });
    expect(cli()).toMatchObject({
      code: 2,
      out: '',
      err: expect.stringContaining('Usage: portal-permissions'),
    });
    expect(cli('matirx')).toMatchObject({ code: 2, err: expect.stringContaining('did you mean "matrix"?') });
  });
});
