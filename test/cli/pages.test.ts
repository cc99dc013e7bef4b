import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { siteInput } from '../fixtures/pages.js';

let directory: string;
const path = (name: string) => join(directory, name);

function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'portal-permissions-pages-'));
  writeFileSync(path('policy.json'), JSON.stringify(siteInput));
  writeFileSync(
    path('people.json'),
    JSON.stringify({
      visitor: { kind: 'anonymous' },
      jane: { kind: 'contact', id: 'jane', webRoles: ['Authorized user'] },
    }),
  );
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('portal-permissions pages', () => {
  it('prints who may view and change each page', () => {
    const result = cli('pages', path('policy.json'), '--principals', path('people.json'), '--action', 'view');
    expect(result.code).toBe(0);
    expect(result.out).toContain('| Page | visitor | jane |');
    expect(result.out).toContain('| orders | ✘ | ✔ |');
    expect(result.out).toContain('| products | ✔ | ✔ |');
  });

  it('explains one decision by the rule that restricts the page, exiting 1 when denied', () => {
    const result = cli(
      'pages',
      path('policy.json'),
      '--principals',
      path('people.json'),
      '--principal',
      'visitor',
      '--page',
      'orders',
    );
    expect(result).toEqual({
      code: 1,
      out: 'visitor may not view page "orders": restricted on "orders" by rule "Order pages" to roles "Authorized user", and no such role is held; restricted on "account" by rule "Signed-in only" to roles "Authenticated users", and no such role is held\n',
      err: '',
    });
  });

  it('refuses an unknown page action with a did-you-mean', () => {
    const result = cli('pages', path('policy.json'), '--principals', path('people.json'), '--action', 'veiw');
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown page action "veiw" (did you mean "view"?)');
  });
});
