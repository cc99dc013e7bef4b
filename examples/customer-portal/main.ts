import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { personas } from './seed.js';

const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL || undefined;
// Orders you place survive a restart; delete this folder to start again from the seed.
const dataDir = databaseUrl
  ? undefined
  : (process.env.PGLITE_DATA_DIR ?? fileURLToPath(new URL('./.pgdata', import.meta.url)));

const app = await buildApp({ databaseUrl, dataDir });
await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });

const url = `http://localhost:${port}`;
console.log(`\nCustomer portal running at ${url}`);
console.log(`Database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}\n`);
console.log('Sign in as (development sign-in, not real authentication):');
for (const persona of personas)
  console.log(`  ${persona.id.padEnd(6)} ${persona.name}: ${persona.expectation}`);
console.log(`  or stay a visitor and read ${url}/terms`);
console.log(`\nJSON API: ${url}/api/orders (send the portal_contact cookie). Ctrl+C to stop.\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
