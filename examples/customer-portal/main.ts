import { fileURLToPath } from 'node:url';
import { administrationPersonas } from './admin/schema.js';
import { buildApp } from './app.js';
import { internalPersonas } from './back-office/users.js';
import { SiteDoesNotFitError } from './permissions/site.js';
import { personas } from './seed.js';

const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL || undefined;
// Orders you place survive a restart; delete this folder to start again from the seed.
const dataDir = databaseUrl
  ? undefined
  : (process.env.PGLITE_DATA_DIR ?? fileURLToPath(new URL('./.pgdata', import.meta.url)));

// PORTAL_SITE=<folder>: a Power Pages site download whose web roles and table permissions become the first
// policy version (permissions/site.ts says what a site must declare to fit this example).
const site = process.env.PORTAL_SITE || undefined;

// Request and error logs on stdout (JSON lines); LOG_LEVEL=warn quiets the per-request lines.
const app = await buildApp({
  databaseUrl,
  dataDir,
  site,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  onSiteImported(summary, published) {
    console.log(`\nImported ${site}:\n${summary}`);
    if (!published)
      console.log(
        'The policy store already holds a version, which the portal keeps serving: the site was not published.',
      );
  },
}).catch((error: unknown) => {
  // A site that does not fit, or cannot be read, stops the start with the reason: the portal never guesses.
  if (site === undefined) throw error;
  console.error(
    error instanceof SiteDoesNotFitError ? error.message : `cannot start from ${site}: ${String(error)}`,
  );
  process.exit(1);
});

// `npm start` execs node (see package.json), so npm's forwarded SIGTERM and the terminal's SIGINT land here.
// Set before the server listens and says so: a signal sent as soon as the banner is read must stop it cleanly.
// The first signal closes the server and the database; a second one, or a close that hangs, exits at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    app.log.info({ signal }, 'stopping the portal');
    setTimeout(() => process.exit(1), 10_000).unref();
    void app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error(error);
        process.exit(1);
      },
    );
  });
}

await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });

const url = `http://localhost:${port}`;
console.log(`\nCustomer portal running at ${url}`);
console.log(`Database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}\n`);
console.log('Sign in as (development sign-in, not real authentication):');
for (const persona of personas)
  console.log(`  ${persona.id.padEnd(6)} ${persona.name}: ${persona.expectation}`);
for (const persona of administrationPersonas)
  console.log(`  ${persona.id.padEnd(6)} ${persona.name}: ${persona.expectation}`);
console.log(`  or stay a visitor and read ${url}/terms`);
console.log(`Contact administration (${url}/admin/contacts), two personas:`);
console.log('  admin  the site operator (Portal administrator): the contacts of every company');
console.log('  pat    a customer administrator (Customer administrator): the contacts of Customer X only');
console.log(`Back office (${url}/back-office/sign-in), internal users:`);
for (const persona of internalPersonas.slice(0, 4))
  console.log(`  ${persona.id.padEnd(6)} ${persona.name}: ${persona.expectation}`);
console.log(`\nJSON API: ${url}/api/orders (send the portal_contact cookie). Ctrl+C to stop.\n`);
