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

/** The built files an entry loads: itself and the shared chunks it imports, transitively. */
function reachableFrom(entries: readonly string[]): Set<string> {
  const reachable = new Set<string>();
  const visit = (file: string): void => {
    if (reachable.has(file)) return;
    reachable.add(file);
    const source = readFileSync(join(root, 'dist', file), 'utf8');
    for (const [, chunk] of source.matchAll(/(?:from |import |require\()['"]\.\/([^'"]+)['"]/g))
      visit(chunk!);
  };
  for (const entry of entries) visit(entry);
  return reachable;
}

/** The bare module names a built file imports or requires. */
const packagesOf = (file: string): string[] =>
  [
    ...readFileSync(join(root, 'dist', file), 'utf8').matchAll(/(?:from |require\()['"]([^./'"][^'"]*)['"]/g),
  ].map(([, name]) => name!);

const LIBRARIES = { kysely: 'kysely', drizzle: 'drizzle-orm' } as const;

// Runs against dist/, built once for the whole run by the integration project's global setup.
describe('the integration subpaths, built', () => {
  it('keep Kysely, Drizzle, Fastify and Prisma out of every chunk the root entry loads', () => {
    const loaded = [...reachableFrom(['index.js', 'index.cjs'])].flatMap(packagesOf);
    expect(loaded.length).toBeGreaterThan(0);
    for (const name of loaded) expect(name).not.toMatch(/^(kysely|drizzle-orm|fastify|@prisma\/|prisma)/);
  });

  it('load their own library, each from its own entry', () => {
    for (const [entry, library] of Object.entries(LIBRARIES)) {
      expect(packagesOf(`${entry}.js`), entry).toContain(library);
      expect(packagesOf(`${entry}.cjs`), entry).toContain(library);
    }
  });

  it('load under CommonJS and as ES modules, with a policy defined through the root entry', () => {
    const script = (load: string) => `${load}
      const policy = definePolicy({ tables: { salesorder: { contact: 'orderedBy' } }, webRoles: [{ name: 'R' }],
        tablePermissions: [{ name: 'Mine', table: 'salesorder', scope: 'contact', privileges: ['read'], webRoles: ['R'] }] });
      const ability = abilityFor(policy, { kind: 'contact', id: 'jane', webRoles: ['R'] });
      const compiled = kysely.whereAccessible(ability, 'read', 'salesorder', { dialect: 'postgres' })
        .compile({ getExecutor: () => ({ transformQuery: (node) => node, compileQuery: (node) => new PostgresQueryCompiler().compileQuery(node) }) });
      console.log(JSON.stringify([compiled.sql, compiled.parameters, prisma.accessibleBy(ability, 'read', 'salesorder'),
        typeof drizzle.whereAccessible, typeof fastify.portalPermissions]));`;
    const expected = JSON.stringify([
      '"salesorder"."orderedBy" = $1',
      ['jane'],
      { orderedBy: 'jane' },
      'function',
      'function',
    ]);
    const cjs = `const { definePolicy, abilityFor } = require('portal-permissions');
      const { PostgresQueryCompiler } = require('kysely');
      const kysely = require('portal-permissions/kysely'); const drizzle = require('portal-permissions/drizzle');
      const prisma = require('portal-permissions/prisma'); const fastify = require('portal-permissions/fastify');`;
    const esm = `import { definePolicy, abilityFor } from 'portal-permissions'; import { PostgresQueryCompiler } from 'kysely';
      import * as kysely from 'portal-permissions/kysely'; import * as drizzle from 'portal-permissions/drizzle';
      import * as prisma from 'portal-permissions/prisma'; import * as fastify from 'portal-permissions/fastify';`;
    expect(node(['-e', script(cjs)])).toBe(expected);
    expect(node(['--input-type=module', '-e', script(esm)])).toBe(expected);
  });
});
