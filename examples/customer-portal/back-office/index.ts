import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { registerBackOfficeApi } from './api.js';
import { registerBackOfficePages } from './pages.js';
import { migrateBackOffice } from './users.js';

export { internalPrincipal } from './session.js';

/** The back office (internal users): creates its tables and staff, then registers its pages and JSON API. */
export async function installBackOffice(app: FastifyInstance, db: Database): Promise<void> {
  await migrateBackOffice(db);
  registerBackOfficeApi(app, db);
  registerBackOfficePages(app, db);
}
