import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a script with node in the package directory, where `portal-permissions` names the package itself. */
function node(args: readonly string[]): string {
  return execFileSync(process.execPath, [...args], { cwd: root, encoding: 'utf8' }).trim();
}

const SCRIPT = `
  const policy = definePolicy({ tables: { salesorder: { account: 'customerAccount' } },
    webRoles: [{ name: 'Rep' }],
    tablePermissions: [{ name: 'Orders', table: 'salesorder', scope: 'account', privileges: ['read'], webRoles: ['Rep'] }] });
  await testing.assertAgreesWithReference(policy, { runs: 20 });
  testing.neverCan(policy, testing.arbitraryContact(policy), 'read', 'salesorder',
    (order, contact) => order.customerAccount !== contact.accountId, { runs: 20 });
  console.log(typeof testing.onlyWidens, typeof testing.referenceCan);
`;

// Runs against dist/, built once for the whole run by the integration project's global setup.
describe('the portal-permissions/testing subpath, built', () => {
  it('loads under CommonJS and accepts a policy defined through the root entry', () => {
    const output = node([
      '-e',
      `const testing = require('portal-permissions/testing'); const { definePolicy } = require('portal-permissions');
       (async () => { ${SCRIPT} })().catch((error) => { console.error(error); process.exit(1); });`,
    ]);
    expect(output).toBe('function function');
  });

  it('loads as an ES module and accepts a policy defined through the root entry', () => {
    const output = node([
      '--input-type=module',
      '-e',
      `import * as testing from 'portal-permissions/testing'; import { definePolicy } from 'portal-permissions'; ${SCRIPT}`,
    ]);
    expect(output).toBe('function function');
  });

  it('keeps fast-check out of the root entry, so only users of the kit need it', () => {
    const rootFiles = ['index.js', 'index.cjs'];
    const reachable = new Set<string>();
    const visit = (file: string): void => {
      if (reachable.has(file)) return;
      reachable.add(file);
      const source = readFileSync(join(root, 'dist', file), 'utf8');
      for (const [, chunk] of source.matchAll(/(?:from |require\()['"]\.\/([^'"]+)['"]/g)) visit(chunk!);
    };
    for (const file of rootFiles) visit(file);
    for (const file of reachable) {
      expect(readFileSync(join(root, 'dist', file), 'utf8'), file).not.toMatch(/['"]fast-check['"]/);
    }
    expect(readFileSync(join(root, 'dist', 'testing.js'), 'utf8')).toMatch(/from ['"]fast-check['"]/);
  });
});
