import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests import the examples, which import the package by name: point that name at the sources so the
    // suite never runs against a stale or missing dist/ (`npm start` runs the examples on the built package).
    alias: [
      {
        find: /^portal-permissions$/,
        replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
      {
        find: /^portal-permissions\/accounts$/,
        replacement: fileURLToPath(new URL('./src/accounts/index.ts', import.meta.url)),
      },
      {
        find: /^portal-permissions\/testing$/,
        replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      },
    ],
  },
});
