import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { policyJsonSchema } from '../../src/policy/json-schema.js';
import { contacts, order, pricedPortalInput } from '../fixtures/column-security.js';

let directory: string;
const path = (name: string) => join(directory, name);

function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'portal-permissions-columns-'));
  writeFileSync(path('policy.json'), JSON.stringify(pricedPortalInput));
  writeFileSync(path('people.json'), JSON.stringify({ jane: contacts.jane, rita: contacts.rita }));
  writeFileSync(path('records.json'), JSON.stringify({ salesorder: [{ ...order('jane') }] }));
  const { price: _price, total: _total, ...hidden } = pricedPortalInput.columnPermissions[0].columns;
  writeFileSync(
    path('after.json'),
    JSON.stringify({
      ...pricedPortalInput,
      columnPermissions: [
        { ...pricedPortalInput.columnPermissions[0], columns: { ...hidden, total: [] } },
        pricedPortalInput.columnPermissions[1],
      ],
    }),
  );
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the command line and column security', () => {
  it('validate refuses an unknown column with its JSON path', () => {
    writeFileSync(
      path('broken.json'),
      JSON.stringify({
        ...pricedPortalInput,
        columnPermissions: [{ ...pricedPortalInput.columnPermissions[0], columns: { prise: ['read'] } }],
      }),
    );
    const result = cli('validate', path('broken.json'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('columnPermissions[0].columns.prise: column "prise" is not among');
  });

  it('explain --field names the missing column permission and exits 1', () => {
    const args = [
      '--principals',
      path('people.json'),
      '--records',
      path('records.json'),
      '--record',
      'SO-jane',
    ];
    const jane = cli('explain', path('policy.json'), ...args, '--principal', 'jane', '--field', 'price');
    expect(jane.code).toBe(1);
    expect(jane.out).toContain('a column permission granting it is missing');
    const rita = cli('explain', path('policy.json'), ...args, '--principal', 'rita', '--field', 'price');
    expect(rita.code).toBe(0);
    expect(rita.out).toContain('column permission "Orders with prices"');
  });

  it('matrix --columns lists the readable columns per principal', () => {
    const result = cli(
      'matrix',
      path('policy.json'),
      '--principals',
      path('people.json'),
      '--records',
      path('records.json'),
      '--columns',
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('## Columns');
    expect(result.out).toMatch(/- rita read SO-jane: .*price/);
    expect(result.out).not.toMatch(/- jane read SO-jane: .*price/);
  });

  it('diff reports a column change, and --rows-only leaves it out', () => {
    const args = ['--principals', path('people.json'), '--records', path('records.json'), '--action', 'read'];
    const diff = cli('diff', path('policy.json'), path('after.json'), ...args);
    expect(diff.out).toContain('- widened: read column price of SO-jane (salesorder)');
    expect(cli('diff', path('policy.json'), path('after.json'), ...args, '--rows-only').out).toContain(
      'No decision changes',
    );
  });

  it('the JSON Schema describes the new keys', () => {
    const schema = policyJsonSchema() as { properties: Record<string, unknown> };
    expect(schema.properties).toHaveProperty('columnPermissions');
    expect(schema.properties).toHaveProperty('columnSecurityProfiles');
    expect(JSON.stringify(schema)).toContain('securedColumns');
    expect(JSON.stringify(schema)).toContain('allColumns');
  });
});
