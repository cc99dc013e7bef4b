import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BUILD_INPUTS = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'];

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function builtAt(file: string): number {
  try {
    return statSync(join(root, 'dist', file)).mtimeMs;
  } catch {
    return 0;
  }
}

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

describe('the portal-permissions/testing subpath, built', () => {
  beforeAll(() => {
    const inputs = Math.max(...BUILD_INPUTS.map((input) => newestChange(join(root, input))));
    const built = Math.min(
      builtAt('testing.js'),
      builtAt('testing.cjs'),
      builtAt('testing.d.ts'),
      builtAt('index.js'),
    );
    if (built < inputs) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }, 240_000);

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
