// The example portal as its test files use it: one database and one app per file, started before the file's
// first test and closed after its last. PGlite by default (a fresh database from the run's snapshot);
// PORTAL_TEST_DATABASE_URL runs the same tests on a PostgreSQL server, as CI does. A file on a shared server
// sees every earlier run's rows, so the ids a test creates come from freshIds().
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type PortalOptions } from '../../examples/customer-portal/app.js';
import { type Database, openDatabase } from '../../examples/customer-portal/db/database.js';
import { pgliteDatabase } from '../../examples/customer-portal/db/pglite.js';
import { freshPglite } from '../fixtures/pglite.js';

/** A started portal: the app to `inject` requests into and the database it reads. */
export interface PortalApp {
  readonly app: FastifyInstance;
  readonly db: Database;
}

/** How a file's portal differs from the plain one. */
export interface PortalAppOptions extends Pick<PortalOptions, 'site' | 'onSiteImported'> {
  /** `false`: PGlite even when PORTAL_TEST_DATABASE_URL is set (tests of the seed or of one database alone). */
  readonly onServer?: boolean;
  /**
   * On a server: the policy store gets a pool of its own and follows publishes through NOTIFY (as `npm start`
   * with DATABASE_URL does), instead of querying through the portal's database.
   */
  readonly storePool?: boolean;
  /** Wraps the database the app is given (to record its statements); the fixture still closes the original. */
  readonly wrap?: (db: Database) => Database;
  /** Runs once the app is built, before the first test: extra rows or routes. */
  readonly prepare?: (portal: PortalApp) => Promise<void> | void;
}

/** The PostgreSQL server the tests run on, if any. */
export const testDatabaseUrl = (): string | undefined => process.env.PORTAL_TEST_DATABASE_URL || undefined;

async function openTestDatabase(onServer: boolean): Promise<Database> {
  const databaseUrl = onServer ? testDatabaseUrl() : undefined;
  return databaseUrl ? openDatabase({ databaseUrl }) : pgliteDatabase(freshPglite());
}

/**
 * Starts the example portal for the tests of the calling file (in `beforeAll`) and closes it after them. The
 * returned object's `app` and `db` are those of the started portal; reading them before it starts throws.
 */
export function usePortalApp(options: PortalAppOptions = {}): PortalApp {
  let started: PortalApp | undefined;
  let opened: Database | undefined;
  beforeAll(async () => {
    const { onServer = true, storePool = false, wrap, prepare, ...portal } = options;
    opened = await openTestDatabase(onServer);
    const db = wrap ? wrap(opened) : opened;
    const databaseUrl = onServer && storePool ? testDatabaseUrl() : undefined;
    started = { app: await buildApp({ ...portal, db, databaseUrl }), db };
    await prepare?.(started);
  }, 120_000);
  afterAll(async () => {
    await started?.app.close();
    await opened?.close();
  });
  const current = (): PortalApp => {
    if (!started) throw new Error('the portal starts in beforeAll: use it inside a test or a hook');
    return started;
  };
  return {
    get app() {
      return current().app;
    },
    get db() {
      return current().db;
    },
  };
}

/** Makes ids no earlier run and no earlier call made; `run` is the part shared by the ids of this run. */
export interface FreshIds {
  (name: string): string;
  readonly run: string;
}

/**
 * Ids unique to this run and to each call (`order-3-1a2b3c4d`), so that a second run on a shared server finds
 * nothing of the first in its way.
 */
export function freshIds(prefix = ''): FreshIds {
  const run = randomUUID().slice(0, 8);
  let made = 0;
  const fresh = (name: string): string => {
    made += 1;
    return `${prefix}${name}-${made}-${run}`;
  };
  return Object.assign(fresh, { run });
}
