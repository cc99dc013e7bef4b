import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { AbilityCache } from 'portal-permissions';
import { AuthorizationError, portalPermissions } from 'portal-permissions/fastify';
import { installAdministration } from './admin/index.js';
import { registerApi } from './api.js';
import { installBackOffice, internalPrincipal } from './back-office/index.js';
import { EdgeRefusalError, registerCrossSiteProtection } from './cross-site.js';
import { type Database, openDatabase } from './db/database.js';
import { InvalidInputError, registerEdgeValidation } from './edge.js';
import { escapeHtml } from './html.js';
import { registerPageAccess } from './page-access.js';
import { registerPages } from './pages.js';
import { registerPermissionRoutes } from './permissions/routes.js';
import { loadSitePolicy } from './permissions/site.js';
import { openPermissionStore } from './permissions/store.js';
import type { portalPolicy } from './policy.js';
import { migrateAndSeed } from './seed.js';
import { contactIdFromCookie, loadContact, principalOf } from './session.js';
import './viewer.js';

/** How to build the portal. */
export interface PortalOptions {
  /** An open database; the app then leaves closing it to the caller. */
  readonly db?: Database;
  /** A PostgreSQL connection string (`DATABASE_URL`); otherwise PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data directory; absent means in memory. */
  readonly dataDir?: string | undefined;
  /** Fastify's logger: `true`, or its options (`npm start` logs at `info`); off by default for tests. */
  readonly logger?: boolean | { readonly level: string };
  /** Origins besides the requested `Host` whose pages may change data (a proxy's public origin). */
  readonly trustedOrigins?: readonly string[];
  /**
   * A Power Pages site folder (`PORTAL_SITE`): its web roles and table permissions become the policy store's
   * first version when the store is empty. A site that does not fit the example's tables and personas is
   * refused (`SiteDoesNotFitError`) before the database is opened.
   */
  readonly site?: string | undefined;
  /**
   * Receives the site import's summary, and whether the site became version 1 (false: the store already held
   * a version, which it keeps serving). `npm start` prints both; silent when absent.
   */
  readonly onSiteImported?: (summary: string, published: boolean) => void;
}

/** An error the edge or the plugin raised with its own stable code (and the field to fix, for inputs). */
function codeOf(error: FastifyError): string | undefined {
  if (error instanceof AuthorizationError) return error.code;
  if (error instanceof InvalidInputError || error instanceof EdgeRefusalError) return error.code;
  return undefined;
}

/**
 * Builds the customer portal without listening: tests call `app.inject`, `main.ts` calls `app.listen`.
 * Opens the database (unless given one), creates the tables and seeds them on first start.
 */
export async function buildApp(options: PortalOptions = {}): Promise<FastifyInstance> {
  const site = options.site ? await loadSitePolicy(options.site) : undefined;
  const db =
    options.db ?? (await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir }));
  await migrateAndSeed(db);
  const abilities = new AbilityCache({ max: 500 });

  // The policy is served from the policy store (permissions/): the site operator changes it at /permissions.
  const permissions = await openPermissionStore(db, options.databaseUrl, site);
  if (site) options.onSiteImported?.(site.summary, permissions.publishedFirst);

  // Route parameters up to 1,000 characters reach the edge check (edge.ts), which answers a too-long id with
  // the same 400 as any other bad id.
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { maxParamLength: 1000 } });
  app.addHook('onClose', () => permissions.close());
  if (!options.db) app.addHook('onClose', () => db.close());
  // First of all hooks: a cross-site state change is refused before the session is even loaded.
  registerCrossSiteProtection(app, { trustedOrigins: options.trustedOrigins ?? [] });
  registerEdgeValidation(app);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.decorateRequest('viewer');
  app.addHook('onRequest', async (request) => {
    const id = contactIdFromCookie(request.headers.cookie);
    const contact = await loadContact(db, id);
    // Not a contact: perhaps an internal user of the back office (back-office/), else a visitor.
    request.viewer = contact
      ? { contact, principal: principalOf(contact) }
      : { contact, principal: (await internalPrincipal(db, id, request.url)).principal };
  });
  // After the hook above (hooks run in registration order): the plugin reads the principal it loaded.
  await app.register(portalPermissions, {
    // Taken once per request: a request keeps the version it started with.
    policy: () => permissions.store.current().policy as typeof portalPolicy,
    principalFor: (request) => request.viewer.principal,
    cache: abilities,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    const unavailable = status === 503;
    if (unavailable) reply.header('retry-after', '5');
    const message = unavailable
      ? 'the portal cannot reach its database; try again in a moment'
      : status >= 500
        ? 'something went wrong on our side'
        : error.message;
    const code =
      codeOf(error) ??
      (status === 400
        ? 'invalid_body'
        : unavailable
          ? 'database_unavailable'
          : status >= 500
            ? 'internal_error'
            : 'error');
    const field = error instanceof InvalidInputError ? { field: error.field } : {};
    if (request.url.startsWith('/api/')) return reply.status(status).send({ error: code, ...field, message });
    return reply
      .status(status)
      .type('text/html')
      .send(`<!doctype html><title>Error</title><p>${escapeHtml(message)}</p>`);
  });

  registerPermissionRoutes(app, permissions.store);
  registerPageAccess(app);
  registerPages(app, db);
  registerApi(app, db);
  // The console's columns are read by every sign-in lookup: created before the first request.
  await installAdministration(app, db);
  await installBackOffice(app, db);
  return app;
}
