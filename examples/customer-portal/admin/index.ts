import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { registerAccountPages } from './account-pages.js';
import { registerAccountRolesApi } from './account-roles.js';
import { registerAdministrationApi } from './api.js';
import { migrateNewcomers, registerNewcomerInvitations } from './newcomers.js';
import { registerAdministrationPages } from './pages.js';
import { registerPasswordChange } from './password.js';
import { migrateAdministration } from './schema.js';

export { migrateAdministration } from './schema.js';

/** The portal side of the administration console: its pages, its JSON API and redeeming invitations. */
export function registerAdministration(app: FastifyInstance, db: Database): void {
  registerAdministrationApi(app, db);
  registerAccountRolesApi(app, db);
  registerAccountPages(app, db);
  registerAdministrationPages(app, db);
  registerPasswordChange(app, db);
  registerNewcomerInvitations(app, db);
}

/** Creates the console's tables, then registers its routes. */
export async function installAdministration(app: FastifyInstance, db: Database): Promise<void> {
  await migrateAdministration(db);
  await migrateNewcomers(db);
  registerAdministration(app, db);
}
