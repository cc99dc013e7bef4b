import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { policyJsonSchema } from './src/policy/json-schema.js';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // Shipped for editor completion: "$schema": "./node_modules/portal-permissions/dist/policy.schema.json".
  onSuccess: () => writeFile('dist/policy.schema.json', `${JSON.stringify(policyJsonSchema(), null, 2)}\n`),
});
