import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { policyJsonSchema } from './src/policy/json-schema.js';

/**
 * `NO_DTS=1` leaves the declarations out: the test run needs only the JavaScript, and the declarations take
 * most of the build's time. A package is never packed from such a build (.ci/run builds again before packing).
 */
const declarations = process.env.NO_DTS !== '1';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    accounts: 'src/accounts/index.ts',
    testing: 'src/testing/index.ts',
    kysely: 'src/integrations/kysely/index.ts',
    drizzle: 'src/integrations/drizzle/index.ts',
    prisma: 'src/integrations/prisma/index.ts',
    fastify: 'src/integrations/fastify/index.ts',
    import: 'src/import/index.ts',
    store: 'src/store/index.ts',
    cli: 'src/cli/bin.ts',
  },
  format: ['esm', 'cjs'],
  // Shared chunks in both formats: the accounts and testing entries must see the very module that registered a
  // policy in definePolicy (a bundled copy would have its own registry and refuse the caller's policies).
  splitting: true,
  dts: declarations && {
    entry: {
      index: 'src/index.ts',
      accounts: 'src/accounts/index.ts',
      testing: 'src/testing/index.ts',
      kysely: 'src/integrations/kysely/index.ts',
      drizzle: 'src/integrations/drizzle/index.ts',
      prisma: 'src/integrations/prisma/index.ts',
      fastify: 'src/integrations/fastify/index.ts',
      import: 'src/import/index.ts',
      store: 'src/store/index.ts',
    },
  },
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // Shipped for editor completion: "$schema": "./node_modules/portal-permissions/dist/policy.schema.json".
  onSuccess: () => writeFile('dist/policy.schema.json', `${JSON.stringify(policyJsonSchema(), null, 2)}\n`),
});
