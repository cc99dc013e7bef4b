import pg from 'pg';
import { type ContactPrincipal, subject } from 'portal-permissions';
import {
  createPolicyStore,
  type PolicyReviewSample,
  type PolicyStore,
  type PolicyStoreDatabase,
  PolicyVersionConflictError,
} from 'portal-permissions/store';
import type { Database } from '../db/database.js';
import { portalPolicyInput } from '../policy.js';
import { personas, seedOrders } from '../seed.js';
import type { SitePolicy } from './site.js';

/** The seed's people and orders: every change is previewed and reviewed on them before it is published. */
export const seedSample: PolicyReviewSample = {
  principals: {
    ...Object.fromEntries(
      personas.map((persona): [string, ContactPrincipal] => [
        persona.id,
        {
          kind: 'contact',
          id: persona.id,
          accountId: persona.accountId,
          legalEntity: persona.legalEntity,
          webRoles: [...persona.webRoles],
        },
      ]),
    ),
    visitor: { kind: 'anonymous' },
  },
  records: Object.fromEntries(
    seedOrders.map((order) => [
      order.id,
      subject('salesorder', {
        id: order.id,
        customerAccount: order.customerAccount,
        company: order.company,
        orderedBy: order.orderedBy,
        followerIds: [],
      }),
    ]),
  ),
};

/** The portal's policy store, and how to stop it. */
export interface PermissionStore {
  readonly store: PolicyStore;
  /** Whether this start published the first version (the store was empty). */
  readonly publishedFirst: boolean;
  close(): Promise<void>;
}

/**
 * Opens the policy store. On PostgreSQL it gets a pool of its own, so that one session can hold LISTEN
 * (docs/guide/scaling.md); on PGlite (one process) it queries through the portal's database and polls.
 * The first start publishes version 1: the site's policy when the portal starts from a site folder, else the
 * shipped one. A store that already holds a version keeps serving it: a site never replaces published work.
 */
export async function openPermissionStore(
  db: Database,
  databaseUrl: string | undefined,
  site?: SitePolicy,
): Promise<PermissionStore> {
  const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 2 }) : undefined;
  pool?.on('error', () => undefined);
  const driver: PolicyStoreDatabase = pool ?? { query: (text, values) => db.query(text, values ?? []) };
  // PORTAL_POLICY_TABLE lets tests keep their versions apart on a shared server.
  const table = process.env.PORTAL_POLICY_TABLE || 'portal_policy_versions';
  const store = await createPolicyStore(driver, { table, review: seedSample, pollIntervalMs: 1_000 });
  let publishedFirst = false;
  if (store.status().version === null) {
    try {
      await store.publish(site?.policy ?? portalPolicyInput, {
        author: 'portal',
        comment: site ? `imported from the site folder ${site.folder}` : 'the policy the portal ships with',
        baseVersion: null,
        allowWiden: true,
        reason: 'first version: every grant is new',
      });
      publishedFirst = true;
    } catch (error) {
      // Another process published the first version at the same moment: serve that one.
      if (!(error instanceof PolicyVersionConflictError)) throw error;
      await store.refresh();
    }
  }
  return {
    store,
    publishedFirst,
    async close() {
      await store.close();
      await pool?.end();
    },
  };
}
